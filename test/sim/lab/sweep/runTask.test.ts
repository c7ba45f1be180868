// A sweep's run keeps a small hop ring, and reads the summary a run with the scenario's own ring gives: every shipped
// preset, run both ways, has the same summary figure for figure (hopsOverwritten counted against the scenario's ring).
import { describe, expect, it } from 'vitest';
import { readPresetDir } from '../../../../src/labhost/node/presetFiles';
import { Lab } from '../../../../src/sim/lab/lab';
import { runSweepTask, SWEEP_LOG_CAPACITY, sweepLoad, sweepSummary } from '../../../../src/sim/lab/sweep/runTask';

const presets = readPresetDir(new URL('../../../../resources/presets/', import.meta.url).pathname);
const UNTIL_NS = 2_000_000;

describe('a sweep run', () => {
  for (const p of presets) {
    it(`${p.name}: the summary of the whole run, with a ${SWEEP_LOG_CAPACITY}-hop ring`, () => {
      const full = Lab.load(p.text, { seed: 3, untilNs: UNTIL_NS });
      const small = sweepLoad(p.text, { seed: 3, untilNs: UNTIL_NS });
      if (!full.ok || !small.ok) throw new Error(`${p.name} does not load`);
      expect(small.lab.sim.log.capacity).toBe(SWEEP_LOG_CAPACITY);
      const want = full.lab.runToEnd();
      small.lab.runToEnd();
      expect(sweepSummary(small.lab)).toEqual(want);
    });
  }

  it('reports hopsOverwritten as the scenario\'s ring would, with the --set ring when there is one', () => {
    const text = presets.find((p) => p.name === 'fault-stuck-line')!.text;
    const task = { point: 0, seedIndex: 0, seed: 1, untilNs: UNTIL_NS };
    const [hops, overwritten] = runSweepTask(text, ['hops', 'hopsOverwritten'], { ...task, set: {} }).values as number[];
    expect(hops).toBeGreaterThan(SWEEP_LOG_CAPACITY);
    expect(overwritten).toBe(Math.max(0, hops! - 1_000_000));
    expect(runSweepTask(text, ['hopsOverwritten'], { ...task, set: { 'log.capacity': '5000' } }).values).toEqual([hops! - 5000]);
  });
});
