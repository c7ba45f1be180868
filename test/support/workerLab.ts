// A lab host in a node:worker_threads Worker, behind a LabClient: the same code path as Electron's lab worker,
// for checking that a run gives the same answers (logHash) in a worker as in-process.
import { Worker } from 'node:worker_threads';
import { LabClient } from '../../src/shared/labClient';
import type { LabApi, LabMethod, ParamsOf, PortLike, ResultOf } from '../../src/shared/protocol';

export interface WorkerLab {
  api: LabApi;
  close(): Promise<void>;
}

export function startWorkerLab(): WorkerLab {
  const worker = new Worker(new URL('./labWorkerBoot.mjs', import.meta.url));
  const port: PortLike = {
    post: (msg) => worker.postMessage(msg),
    listen: (fn) => {
      worker.on('message', fn);
    },
  };
  const client = new LabClient(port);
  let closing = false;
  // A worker that dies fails every call, pending or later, instead of leaving them hanging.
  const died = new Promise<never>((_, reject) => {
    worker.on('error', (err) => reject(new Error(`lab worker crashed: ${err.stack ?? err.message}`)));
    worker.on('exit', (code) => reject(new Error(closing ? 'lab worker closed' : `lab worker exited with code ${code}`)));
  });
  died.catch(() => {});
  const api: LabApi = {
    call: <M extends LabMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> =>
      Promise.race([client.call(method, params), died]),
    onStatus: (listener) => client.onStatus(listener),
  };
  return {
    api,
    close: async () => {
      closing = true;
      await worker.terminate();
    },
  };
}
