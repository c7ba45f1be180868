// Every cost says where it comes from: a source for every entry, and for every estimate a plausible span that holds
// its default. The sensitivity helper lists the estimates and turns an end of a span into a scenario override.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ARM_COSTS } from '../../../../src/sim/core/catalog/armCosts';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import { estimatedCosts, rangeOverride } from '../../../../src/sim/core/catalog/estimatedCosts';
import { GVT_COSTS } from '../../../../src/sim/core/catalog/gvtCosts';
import { HOST_COSTS } from '../../../../src/sim/core/catalog/hostCosts';
import { loadScenario } from '../../../../src/sim/scenario/validate';
import { buildMachine } from '../../../../src/sim/scenario/build';

const presetText = (name: string) => readFileSync(new URL(`../../../../resources/presets/${name}.yaml`, import.meta.url), 'utf8');

const CATALOGS = { host: HOST_COSTS, arm: ARM_COSTS, gvt: GVT_COSTS };

describe('cost sources and ranges', () => {
  for (const [catalog, entries] of Object.entries(CATALOGS)) {
    it(`${catalog}: every entry has a source; every estimate has a range 0 < lo ≤ value ≤ hi and says why`, () => {
      for (const [name, e] of Object.entries(entries) as [string, (typeof COSTS)[keyof typeof COSTS]][]) {
        expect(e.source.trim().length, name).toBeGreaterThan(0);
        if (!e.estimate) continue;
        expect(e.range, `${name} is an estimate without a range`).toBeDefined();
        const [lo, hi] = e.range!;
        expect(lo, name).toBeGreaterThan(0);
        expect(lo, name).toBeLessThanOrEqual(hi);
        expect(e.value, `${name}: default outside its range`).toBeGreaterThanOrEqual(lo);
        expect(e.value, `${name}: default outside its range`).toBeLessThanOrEqual(hi);
        expect(e.rangeWhy?.trim().length ?? 0, `${name}: range without a reason`).toBeGreaterThan(10);
      }
    });
  }

  it('a range cites the facts sheet where it leans on it, and says "estimate" where nothing is known', () => {
    for (const e of estimatedCosts()) expect(e.rangeWhy, e.name).toMatch(/facts|F\d+|§[A-H]|estimate|as [a-z0-9.]+/);
    // The anchors the facts sheet gives become the spans.
    expect(COSTS['pci.config.read'].range).toEqual([500, 2000]); // F16: ~0.5–2 µs per access
    expect(COSTS['kvm.exit.handle'].range![1]).toBe(10 * (COSTS['kvm.vmexit'].value + COSTS['kvm.vmentry'].value)); // F1: up to 10×
  });

  it('lists exactly the estimates of the merged catalog, with their defaults', () => {
    const listed = estimatedCosts();
    const estimates = Object.entries(COSTS).filter(([, e]) => e.estimate).map(([n]) => n);
    expect(listed.map((e) => e.name)).toEqual(estimates);
    for (const e of listed) expect(e.value).toBe(COSTS[e.name].value);
    expect(() => estimatedCosts({ x: { value: 1, unit: 'ns', estimate: true, source: 'estimate', meaning: 'x' } })).toThrow(/without a range/);
  });

  it('an end of a span is a scenario override the model takes', () => {
    const e = estimatedCosts().find((x) => x.name === 'kvm.kick.ipi')!;
    for (const end of ['lo', 'hi'] as const) {
      const r = loadScenario(presetText('msi-emulated'), { set: { [`costs["${e.name}"]`]: rangeOverride(e, end)[e.name]! } });
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      const m = buildMachine(r.scenario);
      const v = end === 'lo' ? e.range[0] : e.range[1];
      expect(m.costs.ns(e.name)).toBe(Math.round(v / r.scenario.host.cpuGhz));
      expect(m.costs.overridden.has(e.name)).toBe(true);
    }
  });
});
