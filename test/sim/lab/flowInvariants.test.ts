// Properties of every run: each flow has a hop, ends delivered/coalesced/dropped (with a hop saying why) or is listed
// as stuck with a reason, and its times are in order — on every preset and switch value (the golden runs), and on
// mutated presets that the lab accepts (the fuzz mutator, seeded).
import { describe, expect, it } from 'vitest';
import { readPresetDir } from '../../../src/labhost/node/presetFiles';
import { Lab } from '../../../src/sim/lab/lab';
import { flowInvariants } from '../../../src/sim/lab/flowInvariants';
import { goldenRuns } from '../../golden/goldenRuns';
import { mutant } from '../../fuzz/mutate';

describe('flow invariants', () => {
  it('hold on every preset and every switch value it lists', () => {
    const broken: string[] = [];
    for (const run of goldenRuns()) {
      const r = Lab.load(run.text, { set: run.set, untilNs: run.untilNs });
      if (!r.ok) throw new Error(run.label);
      r.lab.runToEnd();
      for (const b of flowInvariants(r.lab, 3)) broken.push(`${run.label}: ${b}`);
    }
    expect(broken).toEqual([]);
  }, 300_000);

  it('hold on mutated presets the lab accepts (seeded)', () => {
    const presets = readPresetDir(new URL('../../../resources/presets/', import.meta.url).pathname);
    const broken: string[] = [];
    let ran = 0;
    for (let n = 0; n < 200 && ran < 40; n++) {
      const m = mutant(1515, n, presets);
      let r;
      try {
        r = Lab.load(m.text, { untilNs: 2_000_000, maxEvents: 300_000 });
      } catch {
        continue; // a bad --set style path: the fuzz test covers refusals
      }
      if (!r.ok) continue;
      r.lab.runToEnd();
      if (r.lab.stoppedAtBudget) continue;
      ran++;
      for (const b of flowInvariants(r.lab, 3)) broken.push(`case ${n} (${m.what}): ${b}`);
    }
    expect(ran).toBeGreaterThan(10);
    expect(broken).toEqual([]);
  }, 300_000);

  it('catches a flow no hop carries', () => {
    const r = Lab.load(presetText('msi-emulated'), { untilNs: 1_000_000 });
    if (!r.ok) throw new Error('preset');
    r.lab.runToEnd();
    r.lab.sim.flows.raise(r.lab.sim.now, 1, 1); // raised behind the model's back: no hop, never completed
    expect(flowInvariants(r.lab)).toEqual([expect.stringMatching(/no hop carries it/), expect.stringMatching(/not listed as stuck/)]);
  });
});

function presetText(name: string): string {
  return readPresetDir(new URL('../../../resources/presets/', import.meta.url).pathname).find((p) => p.name === name)!.text;
}
