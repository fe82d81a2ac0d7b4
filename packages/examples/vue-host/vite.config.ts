import vue from '@vitejs/plugin-vue';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [
    // Every kehu-* tag is a custom element, not a Vue component: Vue creates it with
    // document.createElement and sets `crm`, `locale` and `theme` as properties, since the element
    // has them.
    vue({ template: { compilerOptions: { isCustomElement: (tag) => tag.startsWith('kehu-') } } }),
  ],
  // Workspace packages resolve to their TypeScript sources (no build step before the example), and
  // libraries to their production builds (Lit's development build warns on the console).
  resolve: { conditions: ['@kehu/source', 'module', 'browser', 'production'] },
  define: { 'process.env.NODE_ENV': '"production"' },
  server: { port: 5175, strictPort: false },
  build: {
    target: 'es2022',
    outDir: 'dist',
    // The sample-data chunk (the generator's bilingual word lists) is about 680 kB on its own.
    chunkSizeWarningLimit: 800,
  },
});
