// Where a sweep's runs happen: in this process (one job), or in the lab's sweep helper pool (SweepHelpers over
// worker threads, the app's own). Results come back in whatever order they finish; the caller puts them in grid
// order. Unlike the app, which takes a failed helper's runs back, the CLI stops at the first failure and says so.
import { runSweepTask, type SweepTask, type SweepTaskResult } from '../../sim/lab/sweep/runTask';
import { HelperFailure, SweepHelpers } from '../../labhost/sweepHelpers';
import { sweepThreads } from '../../labhost/node/sweepThreads';
import { helperEntry } from './helperEntry';

export interface SweepRunner {
  /** Runs every task; `onResult` is called as each finishes. Resolves when all have. */
  runAll(tasks: readonly SweepTask[], onResult: (r: SweepTaskResult) => void): Promise<void>;
  close(): Promise<void>;
}

/** One job: the runs one after another here, yielding between them so progress and Ctrl-C are seen. */
export function inProcessRunner(text: string, metrics: readonly string[]): SweepRunner {
  return {
    async runAll(tasks, onResult) {
      for (const t of tasks) {
        onResult(runSweepTask(text, metrics, t));
        await new Promise((r) => setImmediate(r));
      }
    },
    close: async () => {},
  };
}

export interface PoolOptions {
  /** The helper thread's entry (a test's failing one); the bundled sweepHelperThread.ts otherwise. */
  entry?: URL;
}

/**
 * `jobs` worker threads fed least-loaded, two tasks each; this thread only feeds them and writes rows. Measured (npm
 * run bench:sweep): a share of runs here paid less than a thread, since this thread runs tsx's build of the
 * simulation (its keep-names wrappers: ~1.5× the CPU per run of the threads' esbuild bundle) and feeds no one
 * while it runs.
 */
export async function workerPoolRunner(text: string, metrics: readonly string[], jobs: number, opts: PoolOptions = {}): Promise<SweepRunner> {
  const entry = opts.entry ? { url: opts.entry, cleanup: () => {} } : await helperEntry();
  let onFailure: (message: string) => void = () => {};
  const threads = sweepThreads(entry.url, jobs);
  const helpers = new SweepHelpers(threads.ports, (m) => onFailure(m));
  return {
    runAll(tasks, onResult) {
      let next = 0;
      let done = 0;
      let over = false;
      return new Promise<void>((resolve, reject) => {
        const finish = (f: () => void) => { if (!over) { over = true; onFailure = () => {}; f(); } };
        const fail = (e: unknown) => finish(() => reject(e));
        onFailure = (m) => fail(new Error(m));
        const took = (r: SweepTaskResult) => {
          if (over) return;
          try {
            onResult(r);
          } catch (e) {
            return fail(e);
          }
          if (++done === tasks.length) finish(resolve);
          else feed();
        };
        // A task that threw in its helper (a bug in the lab) ends the sweep as a failed worker did.
        const refused = (e: Error) => fail(e instanceof HelperFailure ? new Error(e.message) : new Error(`a sweep worker failed: ${e.message}`));
        const feed = () => {
          while (!over && next < tasks.length && helpers.hasRoom()) {
            const t = tasks[next++]!;
            helpers.run({ ...t, text: t.text ?? text, metrics: t.metrics ?? [...metrics] }).then(took, refused);
          }
        };
        if (tasks.length === 0) return finish(resolve);
        feed();
      });
    },
    async close() {
      await threads.terminate();
      entry.cleanup();
    },
  };
}
