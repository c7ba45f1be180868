// Web transport: the lab host runs in a module Web Worker started from labWorker.ts.
import type { PortLike } from '../../../shared/protocol';

/** Starts the lab worker. `onFailure` hears a worker that fails to load or throws (the RPC would otherwise hang). */
export function startLabWorker(onFailure: (message: string) => void): PortLike {
  const worker = new Worker(new URL('./labWorker.ts', import.meta.url), { type: 'module', name: 'virq-lab' });
  worker.onerror = (e) => onFailure(e.message || 'the lab worker failed to start');
  worker.onmessageerror = () => onFailure('a message from the lab worker could not be decoded');
  return {
    post: (msg) => worker.postMessage(msg),
    listen: (onMessage) => {
      worker.onmessage = (e: MessageEvent) => onMessage(e.data);
    },
  };
}
