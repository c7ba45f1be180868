// Starts a sweep helper thread from TypeScript through tsx when esbuild is absent: on Node 20, `execArgv: ['--import',
// 'tsx']` does not reach a worker's entry module, so the worker starts from this plain module instead.
import { tsImport } from 'tsx/esm/api';

await tsImport(new URL('../../labhost/node/sweepHelperThread.ts', import.meta.url).href, import.meta.url);
