import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  // Single-file components, for the renderer's component tests (test/renderer, under happy-dom).
  plugins: [vue()],
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Browser and worker tests start processes: keep files from competing for the 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
    reporters: ['default'],
  },
});
