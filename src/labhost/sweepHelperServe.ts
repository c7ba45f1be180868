// The helper's side (a worker thread or a module Web Worker): each request is one grid run, answered with its
// metrics, or with the error that stopped it.
import { runSweepTask } from '../sim/lab/sweep/runTask';
import type { HelperAnswer, HelperRequest } from './sweepHelpers';

export function serveSweepHelper(listen: (fn: (msg: HelperRequest) => void) => void, post: (msg: HelperAnswer) => void): void {
  listen((req) => {
    try {
      post({ id: req.id, result: runSweepTask('', [], req.task) });
    } catch (e) {
      post({ id: req.id, error: e instanceof Error ? e.message : String(e) });
    }
  });
}
