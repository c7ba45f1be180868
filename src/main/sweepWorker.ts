// A sweep helper thread, started by the lab worker (labWorkerServe.ts) at the app's first sweep: whole grid runs
// for the Sweep view, beside the lab worker's own share. Its own file so electron-vite builds it as a chunk; the
// thread itself is the one `virq sweep` starts too.
import '../labhost/node/sweepHelperThread';
