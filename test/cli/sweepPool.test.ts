// The CLI's sweep pool (SweepHelpers over worker threads running the app's helper entry): every task's figures as
// one job gives them with one thread or two, and a helper that fails stops the sweep with the
// sentence the CLI always printed for it.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { inProcessRunner, workerPoolRunner, type SweepRunner } from '../../src/cli/sweep/pool';
import type { SweepTask, SweepTaskResult } from '../../src/sim/lab/sweep/runTask';

const text = readFileSync(new URL('../../resources/presets/intx-shared-line.yaml', import.meta.url), 'utf8');
const METRICS = ['latencyNs.p50', 'perVm.vm0.cpuNs.hostNsPerFlow'];
const TASKS: SweepTask[] = ['line', 'device', 'adaptive'].flatMap((m, p) => [0, 1, 2].map((s) => ({
  point: p, seedIndex: s, seed: 7 + s, set: { 'devices[0].intxMasking': m }, untilNs: 1_000_000,
})));
const failing = new URL('../support/failingSweepWorker.mjs', import.meta.url);

async function collect(runner: SweepRunner, tasks: readonly SweepTask[] = TASKS): Promise<SweepTaskResult[]> {
  const out: SweepTaskResult[] = [];
  try {
    await runner.runAll(tasks, (r) => out.push(r));
  } finally {
    await runner.close();
  }
  return out.sort((a, b) => a.point - b.point || a.seedIndex - b.seedIndex);
}

describe('the sweep pool', () => {
  it('gives every task the figures one job gives, with one thread or two', async () => {
    const one = await collect(inProcessRunner(text, METRICS));
    expect(one).toHaveLength(9);
    expect(await collect(await workerPoolRunner(text, METRICS, 1))).toEqual(one);
    expect(await collect(await workerPoolRunner(text, METRICS, 2))).toEqual(one);
  }, 60_000);

  it('runs a second grid on the same threads without hearing the first', async () => {
    const pool = await workerPoolRunner(text, METRICS, 2);
    const first: SweepTaskResult[] = [];
    await pool.runAll(TASKS.slice(0, 4), (r) => first.push(r));
    expect(await collect(pool, TASKS.slice(4))).toHaveLength(5);
    expect(first).toHaveLength(4);
  }, 60_000);

  it('a helper that exits or throws stops the sweep with the sentence the CLI prints', async () => {
    await expect(collect(await workerPoolRunner(text, METRICS, 1, { entry: failing }))).rejects.toThrow(/^a sweep worker exited with code 3$/);
    const throwing = TASKS.map((t) => ({ ...t, set: { how: 'throw' } }));
    await expect(collect(await workerPoolRunner(text, METRICS, 1, { entry: failing }), throwing)).rejects.toThrow(/^a sweep worker failed: boom in the helper$/);
  }, 60_000);

  it('a scenario that does not load comes back as a result with its error; a run that throws stops the sweep', async () => {
    // The CLI names the point of a refused scenario.
    const refused = await collect(await workerPoolRunner(text, METRICS, 2), [{ ...TASKS[0]!, text: 'duration: [' }]);
    expect(refused).toEqual([expect.objectContaining({ point: 0, error: expect.any(String) })]);
    // A run that throws in its helper (a bug in the lab) is told as a failed worker, as before the helpers were shared.
    const throwing = [{ ...TASKS[0]!, metrics: 5 as unknown as string[] }];
    await expect(collect(await workerPoolRunner(text, METRICS, 2), throwing)).rejects.toThrow(/^a sweep worker failed: .*metrics/);
  }, 60_000);

  it('an onResult that throws ends the run with that error', async () => {
    const pool = await workerPoolRunner(text, METRICS, 2);
    try {
      await expect(pool.runAll(TASKS, () => { throw new Error('point 0: refused'); })).rejects.toThrow('point 0: refused');
    } finally {
      await pool.close();
    }
  }, 60_000);
});
