// Node worker threads as sweep helper ports: `count` threads started from a helper entry (sweepHelperThread.ts,
// bundled or booted through tsx), to be fed by a SweepHelpers pool. Shared by the app's lab worker and `virq sweep`.
import { Worker } from 'node:worker_threads';
import type { HelperPort } from '../sweepHelpers';

export interface SweepThreads {
  ports: HelperPort[];
  /** Stops every thread (the tasks they hold are dropped, and their exit is no failure). */
  terminate(): Promise<void>;
}

/** `unref`: threads that do not keep the process alive (the app's lab worker); a CLI waiting on them keeps them. */
export function sweepThreads(entry: string | URL, count: number, opts: { unref?: boolean } = {}): SweepThreads {
  // No inherited node options: under `tsx` they would load its hooks into each thread for nothing (~0.4 s more
  // start-up each), since the entry is a self-contained bundle or a boot module that brings tsx itself.
  const workers = Array.from({ length: count }, () => new Worker(entry, { execArgv: [] }));
  let closing = false;
  const ports: HelperPort[] = workers.map((w) => {
    if (opts.unref) w.unref();
    return {
      post: (msg) => w.postMessage(msg),
      listen: (onAnswer, onFailure) => {
        w.on('message', onAnswer);
        w.on('error', (e) => onFailure(`a sweep worker failed: ${e.message}`));
        w.on('exit', (code) => { if (code !== 0 && !closing) onFailure(`a sweep worker exited with code ${code}`); });
      },
    };
  });
  return {
    ports,
    async terminate() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
