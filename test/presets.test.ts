// Every shipped preset validates, lists its switches, and runs (shortened) to a drained end: no flow left pending
// except those the preset exists to show (a device nobody services).
import { describe, expect, it } from 'vitest';
import { readPresetDir } from '../src/labhost/node/presetFiles';
import { PresetCatalog } from '../src/labhost/presetCatalog';
import { Lab } from '../src/sim/lab/lab';

const presets = readPresetDir(new URL('../resources/presets/', import.meta.url).pathname);
/** Presets whose point is a flow that never completes. */
const EXPECTED_STUCK: Record<string, string[]> = {
  'intx-nobody-cared': ['broken0'],
  // Injected faults nothing recovers from (docs/faults.md): the device's flows after the fault stay pending.
  'fault-stuck-line': ['pin19 stuck'],
  'fault-ignores-disintx': ['nic0'],
  'fault-lost-eoi': ['nic0'],
  'fault-guest-stops-eoi': ['nic0'],
  'fault-lost-unmask': ['nic0'],
};

describe('shipped presets', () => {
  it('all have a description, their seed threads and valid text', () => {
    const list = new PresetCatalog(presets).list();
    expect(list.length).toBeGreaterThanOrEqual(11);
    for (const p of list) {
      expect(p.description, p.name).not.toMatch(/^INVALID/);
      expect(p.description.length, p.name).toBeGreaterThan(60);
      expect(p.seeds.length, p.name).toBeGreaterThan(0);
    }
  });

  for (const p of presets) {
    it(`${p.name} runs to a drained end`, () => {
      const r = Lab.load(p.text, { untilNs: p.name === 'intx-nobody-cared' ? undefined : 5_000_000 });
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      const s = r.lab.runToEnd();
      expect(s.flows.raised, 'raises interrupts').toBeGreaterThan(0);
      const stuck = s.stuck.map((x) => x.source);
      expect(stuck.filter((x) => !(EXPECTED_STUCK[p.name] ?? []).includes(x))).toEqual([]);
      expect(s.flows.pending).toBe(stuck.length);
    }, 60_000);
  }
});
