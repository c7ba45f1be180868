// Loads the TypeScript worker entry through tsx. On Node 20, `execArgv: ['--import', 'tsx']` does not reach a
// worker's entry module (ERR_UNKNOWN_FILE_EXTENSION), so the worker starts from this plain module instead.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('./labWorkerEntry.ts', import.meta.url).href, import.meta.url);
