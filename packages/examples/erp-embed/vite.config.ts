import { defineConfig } from 'vite';

export default defineConfig({
  // Resolve workspace packages to their TypeScript sources: no build step before the demo.
  resolve: { conditions: ['@kehu/source', 'module', 'browser', 'development|production'] },
  server: { port: 5173, strictPort: false },
  build: { target: 'es2022' },
});
