// The sweep helper as a Node worker thread: the one entry both the app's lab worker (through src/main/sweepWorker.ts,
// built as its own chunk) and `virq sweep --jobs N` (bundled by esbuild at the sweep's start) start their helpers from.
import { parentPort } from 'node:worker_threads';
import { serveSweepHelper } from '../sweepHelperServe';

const port = parentPort;
if (!port) throw new Error('the sweep helper must run in a worker thread');
serveSweepHelper((fn) => { port.on('message', fn); }, (msg) => port.postMessage(msg));
