// The hop-kind catalog is closed and complete: every hop the shipped presets record is declared, with a layer,
// a class and costs that exist; the log's classes come from it.
import { describe, expect, it } from 'vitest';
import { readPresetDir } from '../../../../src/labhost/node/presetFiles';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import { HOP_LAYERS } from '../../../../src/sim/core/catalog/hopKind';
import { HOP_KINDS, isHopKind } from '../../../../src/sim/core/catalog/hopKinds';
import { classifyHop, HopClass } from '../../../../src/sim/core/hopLog';
import { Lab } from '../../../../src/sim/lab/lab';

describe('hop-kind catalog', () => {
  it('every kind names a known layer, a class and cost entries that exist', () => {
    for (const [kind, d] of Object.entries(HOP_KINDS)) {
      expect(Object.keys(HOP_LAYERS), kind).toContain(d.layer);
      expect(['host', 'guest', 'wire'], kind).toContain(d.class);
      for (const c of d.costs) expect(Object.keys(COSTS), `${kind} → ${c}`).toContain(c);
      expect(d.meaning.length, kind).toBeGreaterThan(10);
    }
  });

  it('the log classifies hops by the catalog', () => {
    expect(classifyHop('guest.handler')).toBe(HopClass.Guest);
    expect(classifyHop('pci.msi.write')).toBe(HopClass.Wire);
    expect(classifyHop('kvm.vmexit')).toBe(HopClass.Host);
  });

  it('every hop kind the shipped presets record is in the catalog', () => {
    const unknown = new Set<string>();
    for (const p of readPresetDir(new URL('../../../../resources/presets/', import.meta.url).pathname)) {
      const r = Lab.load(p.text, { untilNs: 3_000_000 });
      if (!r.ok) throw new Error(p.name);
      r.lab.runToEnd();
      for (const k of Object.keys(r.lab.sim.log.kindTotals())) if (!isHopKind(k)) unknown.add(`${p.name}: ${k}`);
    }
    expect([...unknown]).toEqual([]);
  }, 60_000);
});
