// The runs whose log hashes are held: every shipped preset at its own duration, and every value of every design
// switch it lists (as `virq presets --json` lists them: only values the preset accepts) at a shortened duration. A pure refactor of the model keeps every hash; a behaviour change
// updates them (npm run golden:update) and its commit says which hop moved and why.
import { readPresetDir } from '../../src/labhost/node/presetFiles';
import { Lab } from '../../src/sim/lab/lab';
import { loadScenario } from '../../src/sim/scenario/validate';
import { acceptedSwitches } from '../../src/sim/scenario/switches';

/** Sources stop here for the switch variants (the presets themselves run their full duration). */
export const VARIANT_UNTIL_NS = 10_000_000;

export interface GoldenRun {
  /** "preset" or "preset path=value". */
  label: string;
  text: string;
  set: Record<string, string>;
  untilNs?: number;
}

export function goldenRuns(): GoldenRun[] {
  const runs: GoldenRun[] = [];
  for (const p of readPresetDir(new URL('../../resources/presets/', import.meta.url).pathname)) {
    const r = loadScenario(p.text, {});
    if (!r.ok) throw new Error(`${p.name} does not validate`);
    runs.push({ label: p.name, text: p.text, set: {} });
    for (const [path, values] of Object.entries(acceptedSwitches(p.text, r.scenario))) {
      for (const v of values) runs.push({ label: `${p.name} ${path}=${v}`, text: p.text, set: { [path]: v }, untilNs: VARIANT_UNTIL_NS });
    }
  }
  return runs;
}

/** "logHash hops events" of one run. Every switch value a preset lists must run on it. */
export function fingerprint(run: GoldenRun): string {
  const r = Lab.load(run.text, { set: run.set, untilNs: run.untilNs });
  if (!r.ok) throw new Error(`${run.label}: a listed switch value the preset refuses: ${r.issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`);
  const s = r.lab.runToEnd();
  return `${s.logHash} ${s.hops} ${s.events}`;
}
