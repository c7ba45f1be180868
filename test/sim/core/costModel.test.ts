import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../src/sim/core/costModel';
import { COSTS } from '../../../src/sim/core/catalog/costs';

describe('cost model', () => {
  it('converts cycles at the scenario clock and applies overrides', () => {
    const m = new CostModel(COSTS, 2.0, { 'kvm.vmentry': { value: 700, unit: 'ns' } });
    expect(m.ns('kvm.vmexit')).toBe(500); // 1000 cycles at 2 GHz
    expect(m.ns('kvm.vmentry')).toBe(700);
    expect(m.overridden.has('kvm.vmentry')).toBe(true);
  });

  it('rejects an override of an entry that does not exist', () => {
    expect(() => new CostModel(COSTS, 3, { 'kvm.nope': { value: 1, unit: 'ns' } })).toThrow(/unknown cost/);
  });

  it('cites a source and a meaning for every default', () => {
    for (const [name, e] of Object.entries(COSTS)) {
      expect(e.source.length, name).toBeGreaterThan(20);
      expect(e.meaning.length, name).toBeGreaterThan(5);
      expect(['ns', 'cycles']).toContain(e.unit);
      // an entry that is not an estimate must point at the facts sheet
      if (!e.estimate) expect(e.source, name).toMatch(/facts|F\d+/);
    }
  });

  it('takes the VM exit + entry world switch from facts F1 (≈ 2,000 cycles in all)', () => {
    expect(COSTS['kvm.vmexit'].value + COSTS['kvm.vmentry'].value).toBe(2000);
  });
});
