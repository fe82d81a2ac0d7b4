// Generates generated/custom-elements.json from the elements' JSDoc (@event, @slot, @csspart,
// @cssproperty) and, from it, JSX declarations for React 19 and other JSX hosts.
import { customElementJsxPlugin } from 'custom-element-jsx-integration';

/** Keeps the manifest to the public API: no private/protected/@internal members, no nameless events. */
function publicApiOnly() {
  const hidden = (member) =>
    member.privacy === 'private' ||
    member.privacy === 'protected' ||
    member.name?.startsWith('_') ||
    /@internal/.test(member.description ?? '');
  return {
    name: 'kehu-public-api-only',
    packageLinkPhase({ customElementsManifest }) {
      for (const module of customElementsManifest.modules) {
        for (const declaration of module.declarations ?? []) {
          if (declaration.members) declaration.members = declaration.members.filter((m) => !hidden(m));
          if (declaration.attributes) {
            const fields = new Set((declaration.members ?? []).map((m) => m.name));
            declaration.attributes = declaration.attributes.filter(
              (a) => !a.fieldName || fields.has(a.fieldName),
            );
          }
          if (declaration.events) declaration.events = declaration.events.filter((event) => event.name);
        }
      }
    },
  };
}

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.stories.ts'],
  outdir: 'generated',
  litelement: true,
  plugins: [
    publicApiOnly(),
    customElementJsxPlugin({
      outdir: 'generated',
      fileName: 'custom-elements-jsx.d.ts',
      componentTypePath: () => '../dist/index.js',
      hideLogs: true,
    }),
  ],
};
