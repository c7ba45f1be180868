// A sweep in the lab host: sliced beside other requests, cancellable, and the same figures as `virq sweep` prints for
// the same grid and seeds.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { LabHost } from '../../src/labhost/labHost';
import { csvHeader, formatRow } from '../../src/sim/lab/sweep/rows';
import type { SweepProgress } from '../../src/shared/protocol';
import { SweepHelpers, type HelperAnswer, type HelperPort, type HelperRequest } from '../../src/labhost/sweepHelpers';
import { serveSweepHelper } from '../../src/labhost/sweepHelperServe';
import { nodeSweepHelpers } from '../../src/main/labWorkerServe';

const clock = { now: () => performance.now(), defer: (fn: () => void) => setImmediate(fn) };
const text = readFileSync(new URL('../../resources/presets/intx-shared-line.yaml', import.meta.url), 'utf8');
const VARY = ['devices[0].intxMasking=line,device', 'devices[1].rate=1k..100k:2log'];
const METRICS = ['latencyNs.p50', 'perVm.vm0.cpuNs.hostNsPerFlow'];

async function until(host: LabHost, states: SweepProgress['state'][]): Promise<SweepProgress> {
  for (;;) {
    const p = await host.call('sweepProgress', undefined);
    if (states.includes(p.state)) return p;
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The `virq sweep` output for VARY × 2 seeds until 2 ms (one job). */
function cliCsv(): string {
  const cli = spawnSync(process.execPath, [new URL('../../bin/virq.js', import.meta.url).pathname, 'sweep', 'intx-shared-line',
    ...VARY.flatMap((v) => ['--vary', v]), '--seeds', '2', '--until', '2ms', ...METRICS.flatMap((m) => ['--metric', m]), '--jobs', '1'], { encoding: 'utf8' });
  return cli.stdout;
}

/** A helper in this thread, answering asynchronously as a worker would; `failAfter` tasks in, it fails instead. */
function inThreadHelper(failAfter = Infinity): HelperPort {
  let onRequest: (m: HelperRequest) => void = () => {};
  let answer: (m: HelperAnswer) => void = () => {};
  let failure: (message: string) => void = () => {};
  let seen = 0;
  serveSweepHelper((fn) => { onRequest = fn; }, (m) => setTimeout(() => answer(m), 0));
  return {
    post: (m) => setTimeout(() => (++seen > failAfter ? failure('crashed') : onRequest(m)), 0),
    listen: (a, f) => { answer = a; failure = f; },
  };
}

describe('sweep in the lab host', () => {
  it('runs the grid in slices (status answers meanwhile) and gives the CLI\'s figures', async () => {
    const host = new LabHost({ presets: [], clock });
    const started = await host.call('sweep', { text, vary: VARY, seeds: 2, metrics: METRICS, untilNs: 2_000_000 });
    expect(started).toMatchObject({ state: 'running', points: 4, runs: 8, paths: ['devices[0].intxMasking', 'devices[1].rate'] });
    expect((await host.call('status', undefined)).state).toBe('empty'); // answered while the sweep runs
    const done = await until(host, ['done', 'failed']);
    expect(done.state).toBe('done');
    expect(done.rows.map((r) => r.point)).toEqual([0, 1, 2, 3]);
    const csv = [csvHeader(done.paths, done.metrics), ...done.rows.map((r) => formatRow('csv', { point: { index: r.point, set: r.set }, seeds: r.seeds, estimates: r.estimates }, done.metrics))].join('\n');
    const cli = spawnSync(process.execPath, [new URL('../../bin/virq.js', import.meta.url).pathname, 'sweep', 'intx-shared-line',
      ...VARY.flatMap((v) => ['--vary', v]), '--seeds', '2', '--until', '2ms', ...METRICS.flatMap((m) => ['--metric', m]), '--jobs', '1'], { encoding: 'utf8' });
    expect(`${csv}\n`).toBe(cli.stdout);
    expect(done.csv).toBe(cli.stdout);
  }, 60_000);

  it('with helpers (two in-thread ones, then two worker threads running the app\'s helper), the same bytes as the CLI', async () => {
    const expected = cliCsv();
    for (const make of [() => new SweepHelpers([inThreadHelper(), inThreadHelper()]), () => nodeSweepHelpers(new URL('../support/sweepWorkerBoot.mjs', import.meta.url), 3)]) {
      const host = new LabHost({ presets: [], clock, sweepHelpers: make });
      await host.call('sweep', { text, vary: VARY, seeds: 2, metrics: METRICS, untilNs: 2_000_000 });
      const done = await until(host, ['done', 'failed']);
      expect(done.state).toBe('done');
      expect(done.helpers).toBe(2);
      expect(done.runsByHelpers).toBeGreaterThan(0);
      expect(done.csv).toBe(expected);
    }
  }, 120_000);

  it('a helper that fails gives its runs back: the sweep finishes here with the same bytes', async () => {
    const host = new LabHost({ presets: [], clock, sweepHelpers: () => new SweepHelpers([inThreadHelper(1), inThreadHelper(0)]) });
    await host.call('sweep', { text, vary: VARY, seeds: 2, metrics: METRICS, untilNs: 2_000_000 });
    const done = await until(host, ['done', 'failed']);
    expect(done.state).toBe('done');
    expect(done.runsDone).toBe(8);
    expect(done.csv).toBe(cliCsv());
  }, 60_000);

  it('cancels, and refuses a bad grid with a message instead of starting', async () => {
    const host = new LabHost({ presets: [], clock });
    await host.call('sweep', { text, vary: ['devices[1].rate=1k..200k:50'], seeds: 3 });
    const c = await host.call('cancelSweep', undefined);
    expect(c.state).toBe('cancelled');
    const bad = await host.call('sweep', { text, vary: ['devices[0].intxMasking=line,sideways'] });
    expect(bad).toMatchObject({ state: 'failed', error: expect.stringMatching(/sideways/) });
    const big = await host.call('sweep', { text, vary: ['devices[1].rate=1k..200k:1000', 'devices[0].intxMasking=line,device,adaptive'] });
    expect(big).toMatchObject({ state: 'failed', error: expect.stringMatching(/more than the app runs/) });
  });
});
