// TypeDoc plugin for Kehu's API reference. Modules are named after the import a user writes
// (`@kehu/core/memory`), not the folder. Lit's `static styles` is plumbing, not API: a
// component's styling API is its CSS parts and custom properties (docs/components.md). Its
// inherited comment also links to Lit's `css`, which the reference cannot resolve, so the
// member is dropped before links are checked.
import { Converter, ReflectionKind } from 'typedoc';

/** Folder-derived module name → the import specifier users write. */
const IMPORTS = {
  'core/src': '@kehu/core',
  'core/src/memory': '@kehu/core/memory',
  'core/src/matching': '@kehu/core/matching',
  'core/src/forms': '@kehu/core/forms',
  'core/src/testing': '@kehu/core/testing',
  'adapters/dexie/src': '@kehu/adapter-dexie',
  'sample-data/src': '@kehu/sample-data',
  'components/src': '@kehu/components',
};

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const module of context.project.getReflectionsByKind(ReflectionKind.Module)) {
      const name = IMPORTS[module.name];
      if (name) module.name = name;
    }
    for (const reflection of context.project.getReflectionsByKind(ReflectionKind.Property)) {
      if (reflection.name === 'styles' && reflection.flags.isStatic) {
        context.project.removeReflection(reflection);
      }
    }
  });
}
