// electron-vite build of the three Electron targets: main (+ the lab worker), preload, renderer.
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import vue from '@vitejs/plugin-vue';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      // ESM (package.json "type": "module"). The lab worker is pulled in through `./labWorker?modulePath`
      // (src/main/labWorkerPath.ts), which bundles it on its own. `input`, not `lib`: that sub-build
      // inherits `lib` and would then ask for umd too.
      rolldownOptions: { input: { index: resolve(root, 'src/main/index.ts') } },
    },
  },
  preload: {
    build: {
      // Sandboxed preloads cannot be ESM: one self-contained CommonJS file (out/preload/index.cjs).
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    build: {
      rolldownOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
    plugins: [vue()],
    // Same as vite.web.config.ts: module workers, and the dev server may read src/shared and resources/.
    worker: { format: 'es' },
    server: { fs: { allow: [root] } },
  },
});
