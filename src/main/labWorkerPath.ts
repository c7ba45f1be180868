// Absolute path of the built lab worker bundle. electron-vite bundles `?modulePath` imports as their own
// file next to the main bundle (out/main/chunks/labWorker-<hash>.js) and returns its path at run time.
import workerPath from './labWorker?modulePath';

export const labWorkerPath: string = workerPath;

// The sweep helper's entry, bundled the same way; the lab worker starts its helpers from it.
import sweepPath from './sweepWorker?modulePath';

export const sweepWorkerPath: string = sweepPath;
