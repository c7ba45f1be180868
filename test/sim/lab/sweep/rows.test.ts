// A sweep's figures and rows: metric paths into a run summary, mean and 95 % interval, CSV/JSON rows, merging.
import { describe, expect, it } from 'vitest';
import { estimate, metricOf } from '../../../../src/sim/lab/sweep/metrics';
import { csvHeader, formatRow, mergeSweepTexts, SweepMergeError } from '../../../../src/sim/lab/sweep/rows';
import type { RunSummary } from '../../../../src/shared/protocol';

describe('sweep metrics and rows', () => {
  const summary = {
    latencyNs: { count: 3, p50: 1500, p90: 2000, p99: 2500, max: 3000 },
    hopTimeNs: { 'kvm.vmexit': { count: 2, totalNs: 700 } },
    perVm: { vm0: { cpuNs: { hostNsPerFlow: 12.5 } } },
  } as unknown as RunSummary;

  it('finds a figure by path, keys with dots whole; an absent one is null', () => {
    expect(metricOf(summary, 'latencyNs.p99')).toBe(2500);
    expect(metricOf(summary, 'hopTimeNs.kvm.vmexit.totalNs')).toBe(700);
    expect(metricOf(summary, 'perVm.vm0.cpuNs.hostNsPerFlow')).toBe(12.5);
    expect(metricOf(summary, 'perVm.vm9.cpuNs.hostNsPerFlow')).toBeNull();
    expect(metricOf(summary, 'latencyNs')).toBeNull();
    expect(metricOf(summary, 'toString')).toBeNull();
  });

  it('gives the mean and the Student-t 95 % half-width', () => {
    expect(estimate([])).toEqual({ n: 0, mean: null, ci95: null });
    expect(estimate([4])).toEqual({ n: 1, mean: 4, ci95: null });
    const e = estimate([1, 2, 3, null]);
    expect(e.n).toBe(3);
    expect(e.mean).toBe(2);
    expect(e.ci95).toBeCloseTo(4.303 * 1 / Math.sqrt(3), 6);
  });

  it('prints CSV and JSON rows, quoting paths that need it', () => {
    expect(csvHeader(['costs["kvm.vmexit"]'], ['latencyNs.p50'])).toBe('point,"costs[""kvm.vmexit""]",seeds,latencyNs.p50.mean,latencyNs.p50.ci95');
    const row = { point: { index: 7, set: { a: 'x' } }, seeds: 2, estimates: [{ n: 2, mean: 1 / 3, ci95: null }] };
    expect(formatRow('csv', row, ['m'])).toBe('7,x,2,0.333333,');
    expect(JSON.parse(formatRow('jsonl', row, ['m']))).toEqual({ point: 7, set: { a: 'x' }, seeds: 2, mean: { m: 0.333333 }, ci95: { m: null } });
  });

  it('merges shards into grid order, refusing different headers or conflicting rows, and names missing points', () => {
    const h = 'point,a,seeds';
    expect(mergeSweepTexts([`${h}\n1,y,1\n3,w,1\n`, `${h}\n0,x,1\n`])).toEqual({ text: `${h}\n0,x,1\n1,y,1\n3,w,1\n`, missing: [2] });
    expect(() => mergeSweepTexts([`${h}\n0,x,1\n`, 'point,b,seeds\n1,y,1\n'])).toThrow(SweepMergeError);
    expect(() => mergeSweepTexts([`${h}\n0,x,1\n`, `${h}\n0,x,2\n`])).toThrow(/point 0 differs/);
    expect(mergeSweepTexts(['{"point":1}\n', '{"point":0}\n']).text).toBe('{"point":0}\n{"point":1}\n');
  });
});
