// Snapshot → JSON → restore into a fresh lab → continue gives the same log hash and summary as the run that never
// stopped, for every shipped preset (shortened to 5 ms of sources as test/presets.test.ts runs them).
import { describe, expect, it } from 'vitest';
import { readPresetDir } from '../../../../src/labhost/node/presetFiles';
import { Lab } from '../../../../src/sim/lab/lab';
import { parseSnapshot, takeSnapshot } from '../../../../src/sim/lab/snapshot/snapshot';
import { restoreSnapshot } from '../../../../src/sim/lab/snapshot/replay';

const presets = readPresetDir(new URL('../../../../resources/presets/', import.meta.url).pathname);
const untilOf = (name: string) => (name === 'intx-nobody-cared' ? undefined : 5_000_000);

function load(text: string, untilNs: number | undefined): Lab {
  const r = Lab.load(text, { untilNs });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.lab;
}

describe('snapshot, restore, continue', () => {
  it('covers every preset', () => expect(presets.length).toBeGreaterThanOrEqual(20));

  for (const p of presets) {
    it(`${p.name}: resumed from half way, the same log hash and summary`, () => {
      const reference = load(p.text, untilOf(p.name));
      const whole = reference.runToEnd();
      const half = Math.floor(whole.events / 2);
      expect(half).toBeGreaterThan(0);

      const first = load(p.text, untilOf(p.name));
      first.advance(half);
      expect(first.sim.events).toBe(half);
      const doc = parseSnapshot(JSON.stringify(takeSnapshot(first)));
      expect(doc.position.events).toBe(half);
      expect(doc.logHash).toBe(first.sim.log.hash());

      const restored = restoreSnapshot(doc);
      expect(restored.sim.events).toBe(half);
      expect(restored.sim.log.hash()).toBe(doc.logHash);
      const resumed = restored.runToEnd();
      expect(resumed.logHash).toBe(whole.logHash);
      expect(resumed).toEqual(whole);
    }, 120_000);
  }
});
