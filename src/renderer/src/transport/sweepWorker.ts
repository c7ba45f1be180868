// A sweep helper of the web build: a module Web Worker started by the lab's Web Worker (labWorker.ts), running whole
// grid runs for the Sweep view beside it. The second renderer file allowed to import simulation code.
import { serveSweepHelper } from '../../../labhost/sweepHelperServe';
import type { HelperAnswer, HelperRequest } from '../../../labhost/sweepHelpers';

/** The slice of DedicatedWorkerGlobalScope we use (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(msg: unknown): void;
  onmessage: ((e: MessageEvent) => void) | null;
}
const scope = self as unknown as WorkerScope;

serveSweepHelper(
  (fn) => { scope.onmessage = (e) => fn(e.data as HelperRequest); },
  (msg: HelperAnswer) => scope.postMessage(msg),
);
