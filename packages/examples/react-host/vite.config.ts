import { defineConfig } from 'vite';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources (no build step before the example), and
  // libraries to their production builds (Lit's development build warns on the console).
  resolve: { conditions: ['@kehu/source', 'module', 'browser', 'production'] },
  // Vite 8 compiles TSX with Oxc, so no React plugin is needed (and there is no fast refresh).
  // `development` is pinned: Oxc would otherwise follow NODE_ENV (`test` under vitest) and emit
  // `jsxDEV` calls that React's production runtime does not have.
  oxc: { jsx: { runtime: 'automatic', development: false } },
  define: { 'process.env.NODE_ENV': '"production"' },
  server: { port: 5174, strictPort: false },
  build: {
    target: 'es2022',
    outDir: 'dist',
    // The sample-data chunk (the generator's bilingual word lists) is about 680 kB on its own.
    chunkSizeWarningLimit: 800,
  },
});
