// Where a sweep's runs happen: in this process (one job), or in a pool of worker threads, each taking the next task
// when it finishes one. Results come back in whatever order they finish; the caller puts them in grid order.
import { Worker } from 'node:worker_threads';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSweepTask, type SweepTask, type SweepTaskResult } from '../../sim/lab/sweep/runTask';

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

/**
 * The worker's entry, bundled once per sweep with esbuild (which tsx brings along): each worker then loads one plain
 * self-contained module instead of compiling the simulation's sources through tsx again (seconds per worker). Without esbuild, the
 * tsx boot module.
 */
async function workerEntry(): Promise<{ url: URL; cleanup: () => void }> {
  try {
    const { build } = await import('esbuild');
    const dir = mkdtempSync(join(tmpdir(), 'virq-sweep-'));
    const outfile = join(dir, 'worker.cjs');
    await build({ entryPoints: [new URL('./worker.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
    return { url: new URL(`file://${outfile}`), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch {
    return { url: new URL('./workerBoot.mjs', import.meta.url), cleanup: () => {} };
  }
}

/**
 * `jobs` runners sharing one queue: `jobs − 1` worker threads and this thread, which takes tasks too, between them
 * (it starts at once, while the workers load their bundle, and spares one worker's start-up).
 */
export async function workerPoolRunner(text: string, metrics: readonly string[], jobs: number): Promise<SweepRunner> {
  const entry = await workerEntry();
  const workers = Array.from({ length: Math.max(1, jobs - 1) }, () => new Worker(entry.url, { workerData: { text, metrics: [...metrics] } }));
  const here = jobs > 1;
  return {
    runAll(tasks, onResult) {
      let next = 0;
      let done = 0;
      let over = false;
      return new Promise<void>((resolve, reject) => {
        if (tasks.length === 0) return resolve();
        const feed = (w: Worker) => {
          if (next < tasks.length) w.postMessage(tasks[next++]);
        };
        // This call's listeners come off when it ends: a later runAll on the same pool must not hear them.
        const off: (() => void)[] = [];
        const finish = (f: () => void) => { over = true; for (const o of off) o(); f(); };
        // This thread's share: one task at a time, yielding between them so the workers' results, progress and
        // Ctrl-C are heard.
        const runHere = async () => {
          while (!over && next < tasks.length) {
            const r = runSweepTask(text, metrics, tasks[next++]!);
            try {
              onResult(r);
            } catch (e) {
              finish(() => reject(e));
              return;
            }
            if (++done === tasks.length) return finish(resolve);
            await new Promise((res) => setImmediate(res));
          }
        };
        for (const w of workers) {
          const onMessage = (r: SweepTaskResult) => {
            try {
              onResult(r);
            } catch (e) {
              finish(() => reject(e));
              return;
            }
            if (++done === tasks.length) finish(resolve);
            else feed(w);
          };
          const onError = (e: Error) => finish(() => reject(new Error(`a sweep worker failed: ${e.message}`)));
          const onExit = (code: number) => { if (done < tasks.length && code !== 0) finish(() => reject(new Error(`a sweep worker exited with code ${code}`))); };
          w.on('message', onMessage);
          w.on('error', onError);
          w.on('exit', onExit);
          off.push(() => { w.off('message', onMessage); w.off('error', onError); w.off('exit', onExit); });
          feed(w);
          // While this thread runs a task it hears no results: a worker keeps a second task queued so it never waits.
          if (here) feed(w);
        }
        if (here) void runHere();
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
      entry.cleanup();
    },
  };
}
