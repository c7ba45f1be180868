// Starts the app's sweep helper thread (src/main/sweepWorker.ts) from TypeScript through tsx (see labWorkerBoot.mjs).
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('../../src/main/sweepWorker.ts', import.meta.url).href, import.meta.url);
