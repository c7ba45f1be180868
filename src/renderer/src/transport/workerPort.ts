// Web transport: the lab host runs in a module Web Worker started from labWorker.ts, supervised: a worker that
// throws or stops answering is replaced (workerSupervisor.ts), and the page hears a `restart` message.
import type { PortLike } from '../../../shared/protocol';
import { superviseLabWorker, type BrowserWorkerLike } from './workerSupervisor';

/** Starts the lab worker. `onFailure` hears the supervisor give up on a worker that keeps failing (e.g. fails to load). */
export function startLabWorker(onFailure: (message: string) => void): PortLike {
  return superviseLabWorker(
    () => new Worker(new URL('./labWorker.ts', import.meta.url), { type: 'module', name: 'virq-lab' }) as unknown as BrowserWorkerLike,
    { onGiveUp: onFailure },
  );
}
