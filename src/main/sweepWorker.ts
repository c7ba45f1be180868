// A sweep helper thread, started by the lab worker (labWorkerServe.ts) at the app's first sweep: whole grid runs
// for the Sweep view, beside the lab worker's own share.
import { parentPort } from 'node:worker_threads';
import { serveSweepHelper } from '../labhost/sweepHelperServe';

const port = parentPort!;
serveSweepHelper((fn) => { port.on('message', fn); }, (msg) => port.postMessage(msg));
