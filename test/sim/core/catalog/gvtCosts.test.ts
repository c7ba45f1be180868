import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../src/sim/core/costModel';
import { GVT_COSTS } from '../../../../src/sim/core/catalog/gvtCosts';

describe('GVT cost entries', () => {
  it('every entry has a unit, a source and a meaning, and estimates say so', () => {
    for (const [name, e] of Object.entries(GVT_COSTS)) {
      expect(['ns', 'cycles'], name).toContain(e.unit);
      expect(e.source.length, name).toBeGreaterThan(10);
      expect(e.meaning.length, name).toBeGreaterThan(5);
      if (e.estimate) expect(e.source, name).toMatch(/estimate|UNVERIFIED|measured/);
    }
    expect(new CostModel(GVT_COSTS, 3).ns('gvt.host.selfIpi')).toBe(500);
  });
});
