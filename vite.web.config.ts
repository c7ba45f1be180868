// The web build of the renderer: the same Vue app, with the lab host in a module Web Worker instead of Electron.
// `npm run build:web` writes dist-web/ (relative base, so it can be opened from any path); the e2e tests serve it.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: fileURLToPath(new URL('./src/renderer', import.meta.url)),
  base: './',
  plugins: [vue()],
  worker: { format: 'es' },
  build: {
    outDir: fileURLToPath(new URL('./dist-web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
  },
  // The worker entry bundles presets from resources/ and the sim from src/, both outside the renderer root.
  server: { fs: { allow: [repoRoot] } },
});
