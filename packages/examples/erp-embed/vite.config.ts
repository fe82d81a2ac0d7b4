import { defineConfig } from 'vite';

export default defineConfig({
  // Workspace packages resolve to their TypeScript sources (no build step before the demo), and
  // libraries to their production builds, as an embedding host would ship them.
  resolve: { conditions: ['@kehu/source', 'module', 'browser', 'production'] },
  server: { port: 5173, strictPort: false },
  build: { target: 'es2022' },
});
