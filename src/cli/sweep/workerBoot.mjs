// Starts a sweep worker from TypeScript through tsx: on Node 20, `execArgv: ['--import', 'tsx']` does not reach a
// worker's entry module, so the worker starts from this plain module instead.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./worker.ts', import.meta.url).href, import.meta.url);
