// The lab worker's entry (worker_threads): runs the simulation off Electron's main thread.
import { workerData } from 'node:worker_threads';
import { serveLabOnParentPort, type LabWorkerData } from './labWorkerServe';

serveLabOnParentPort(workerData as LabWorkerData);
