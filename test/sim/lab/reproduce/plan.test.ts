// The reproduce plan: verdicts against a published range, figures seed by seed with their interval, which estimated
// costs a run's hop kinds draw on, and the sensitivity runs (each estimated cost at both ends of its range).
import { describe, expect, it } from 'vitest';
import { judge, perRatio, ratio, weakest, type Claim } from '../../../../src/sim/lab/reproduce/claim';
import { baseRuns, claimResult, estimatedCostsOf, sensitivityRuns, type RunOutcome } from '../../../../src/sim/lab/reproduce/plan';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import type { CostCatalog } from '../../../../src/sim/core/catalog/costEntry';
import { CLAIMS } from '../../../../src/sim/lab/reproduce/claims';
import { readPresetDir } from '../../../../src/labhost/node/presetFiles';
import { loadScenario } from '../../../../src/sim/scenario/validate';

const claim: Claim = {
  id: 't', title: 'test', source: 's', preset: 'p',
  sides: { a: { x: '1' }, b: { x: '2' } },
  metrics: ['m', 'n'],
  figures: [{ name: 'a÷b', paper: '1.3–1.6×', lo: 1.3, hi: 1.6, neutral: 1, unit: 'x', between: ['a', 'b'], compute: ratio('m', 'a', 'b') }],
};

describe('judge', () => {
  it('reproduced inside the range, direction only on the right side of neutral, else not', () => {
    const f = { lo: 1.3, hi: 1.6, neutral: 1 };
    expect(judge(f, 1.45)).toBe('reproduced');
    expect(judge(f, 1.1)).toBe('direction only');
    expect(judge(f, 2.0)).toBe('direction only');
    expect(judge(f, 0.9)).toBe('not reproduced');
    expect(judge(f, null)).toBe('not reproduced');
    expect(judge({ lo: 0.5, hi: 0.6, neutral: 1 }, 0.8)).toBe('direction only');
    expect(judge({ lo: 0.5, hi: 0.6, neutral: 1 }, 1.2)).toBe('not reproduced');
    expect(judge({ lo: 1, hi: Infinity, neutral: 1 }, 1.01)).toBe('reproduced');
    expect(weakest(['reproduced', 'direction only', 'reproduced'])).toBe('direction only');
  });

  it('per-ratio divides each side by its own denominator', () => {
    const v = (side: string, m: string) => ({ a: { e: 10, f: 10 }, b: { e: 40, f: 20 } } as Record<string, Record<string, number>>)[side]![m]!;
    expect(perRatio('e', 'f', 'a', 'b')(v)).toBeCloseTo(0.5);
  });
});

describe('plan', () => {
  it('runs every side at every seed', () => {
    const runs = baseRuns([claim], 3);
    expect(runs.map((r) => `${r.side}${r.seedIndex}`)).toEqual(['a0', 'a1', 'a2', 'b0', 'b1', 'b2']);
  });

  it('finds the estimated costs of the hop kinds that took time', () => {
    const costs = estimatedCostsOf(['kvm.vmexit', 'eventfd.signal', 'not-a-kind']);
    expect(costs).toContain('eventfd.signal');
    expect(costs).not.toContain('kvm.vmexit'); // F1 gives it a source: not an estimate
  });

  it('moves each estimated cost with a range to both ends, on every side', () => {
    const e = (COSTS as CostCatalog)['eventfd.signal']!;
    const runs = sensitivityRuns(claim, ['eventfd.signal']);
    expect(runs).toHaveLength(4);
    expect(runs[0]!.set['costs["eventfd.signal"]']).toBe(`${e.range![0]} ${e.unit}`);
    expect(runs[2]!.set['costs["eventfd.signal"]']).toBe(`${e.range![1]} ${e.unit}`);
    expect(sensitivityRuns(claim, ['kvm.vmexit'])).toEqual([]); // sourced, not an estimate: nothing to move
    expect(runs.map((r) => `${r.cost!.end}${r.side}`)).toEqual(['loa', 'lob', 'hia', 'hib']);
  });

  it('computes the figure seed by seed, with its interval and verdict, and names the costs that flip it', () => {
    const m: Record<string, number[]> = { a: [14, 15, 16], b: [10, 10, 10] };
    const base = (side: string, s: number): RunOutcome => ({ values: [m[side]![s]!, 0] });
    const moved = (cost: string, end: 'lo' | 'hi', side: string): RunOutcome =>
      ({ values: [side === 'a' ? (cost === 'c1' && end === 'hi' ? 11 : 15) : 10, 0] });
    const est = ['eventfd.signal', 'kvm.irqfd.inject'];
    const r = claimResult(claim, 3, base, (cost, end, side) => moved(cost === est[0] ? 'c1' : cost, end, side), est);
    expect(r.figures[0]!.mean).toBeCloseTo(1.5);
    expect(r.figures[0]!.ci95).toBeGreaterThan(0);
    expect(r.verdict).toBe('reproduced');
    expect(r.dependsOn).toEqual([est[0]]);
    expect(r.sensitivity[0]!.atHi).toBe('direction only');
    expect(r.sensitivity[1]!.atHi).toBe('reproduced');
  });

  it('a side that cannot run makes the claim not reproduced, with the reason', () => {
    const r = claimResult(claim, 1, (side) => (side === 'b' ? { values: [], error: 'x: bad' } : { values: [1, 1] }), () => undefined, []);
    expect(r.verdict).toBe('not reproduced');
    expect(r.error).toBe('x: bad');
  });
});

describe('the shipped claims', () => {
  const presets = readPresetDir(new URL('../../../../resources/presets/', import.meta.url).pathname);
  for (const c of CLAIMS) {
    it(`${c.id}: its preset exists, uses the default costs, and every side validates`, () => {
      const p = presets.find((x) => x.name === c.preset);
      expect(p, c.preset).toBeDefined();
      const r = loadScenario(p!.text);
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      expect(Object.keys(r.scenario.costs), 'a claim preset overrides no cost: one set of defaults for every claim').toEqual([]);
      for (const [side, set] of Object.entries(c.sides)) {
        const s = loadScenario(p!.text, { set });
        expect(s.ok, `${c.id} side ${side}: ${s.ok ? '' : JSON.stringify(s.issues)}`).toBe(true);
        expect(Object.keys(set).some((k) => k.startsWith('costs')), 'no side overrides a cost').toBe(false);
      }
      for (const f of c.figures) expect(f.lo).toBeLessThanOrEqual(f.hi);
    });
  }
});
