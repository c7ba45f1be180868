// One fuzz case through the lab as a user meets it: validate, and if accepted, run to its end or its event budget.
import { Lab } from '../../src/sim/lab/lab';

export type Outcome =
  | { kind: 'rejected' }
  /** A rejection with an issue that names neither a path nor a line. */
  | { kind: 'unnamed'; message: string }
  | { kind: 'accepted'; events: number }
  | { kind: 'over-budget'; events: number }
  | { kind: 'crashed'; message: string };

export function runCase(text: string, maxEvents: number): Outcome {
  try {
    const r = Lab.load(text, { maxEvents });
    if (!r.ok) {
      const bad = r.issues.find((i) => !i.path || (i.path.startsWith('(') && i.line === undefined && !/more problems/.test(i.message)));
      return bad ? { kind: 'unnamed', message: `${bad.path}: ${bad.message}` } : { kind: 'rejected' };
    }
    const s = r.lab.runToEnd();
    return s.stoppedAtBudget ? { kind: 'over-budget', events: s.events } : { kind: 'accepted', events: s.events };
  } catch (e) {
    return { kind: 'crashed', message: e instanceof Error ? `${e.name}: ${e.message.split('\n')[0]}` : String(e) };
  }
}
