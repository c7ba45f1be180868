// What each way of going back travels to: the travel for a step back, a reverse continue, a ring entry or a snapshot
// document (timeTravel.ts runs it; the lab host swaps the lab when it arrives).
import type { Lab } from '../sim/lab/lab';
import { loadOf, parseSnapshot } from '../sim/lab/snapshot/snapshot';
import type { ReplaySource } from '../sim/lab/snapshot/replay';
import type { LabSnapshot, ReverseContinueParams, RingSnapshot, StopPoints } from '../shared/protocol';
import { Travel } from './timeTravel';

/** The loaded run, as a re-execution loads it. */
export function replaySource(lab: Lab): ReplaySource {
  if (lab.opts.sources === false) throw new Error('a qtest session cannot go back (its script is not replayed): reset the run first');
  return { text: lab.text, load: loadOf(lab), writes: [...lab.inspectorWrites] };
}

export function stepBackTravel(lab: Lab, events: number): Travel {
  const target = Math.max(0, lab.sim.events - events);
  const n = lab.sim.events - target;
  return Travel.to(replaySource(lab), target, `step back ${n} event${n === 1 ? '' : 's'}`);
}

/** To the previous hit of a hop kind or a watchpoint, or, given neither, of any of the stop points `set`. */
export function reverseTravel(lab: Lab, p: ReverseContinueParams, set: StopPoints): Travel {
  if (lab.sim.events === 0) throw new Error('reverse continue: the run is at its start');
  const src = replaySource(lab);
  const points = p.kind || p.watch ? { hopKinds: p.kind ? [p.kind] : [], watchpoints: p.watch ? [p.watch] : [] } : set;
  if (!points.hopKinds.length && !points.watchpoints.length) throw new Error('reverse continue: set a breakpoint on a hop kind or a register watchpoint first');
  const what = `reverse continue to ${[...points.hopKinds, ...points.watchpoints.map((w) => `${w.file} ${w.register}${w.field ? `.${w.field}` : ''}`)].join(', ')}`;
  // Hop kinds are found in the hop log; a watchpoint (or hops the ring dropped) by a re-run with the point armed.
  return (points.watchpoints.length ? null : Travel.lastHopOfKinds(src, lab, points.hopKinds, what)) ?? Travel.lastHit(src, lab.sim.events, points, what);
}

export function ringTravel(lab: Lab, entry: RingSnapshot | undefined, events: number): Travel {
  if (!entry) throw new Error(`no automatic snapshot at event ${events}`);
  return Travel.to(replaySource(lab), entry.events, `back to event ${entry.events}`, entry);
}

/** A snapshot document checked (parseSnapshot's messages) and the travel to its point, checked against its hash. */
export function snapshotTravel(raw: unknown): { snapshot: LabSnapshot; travel: Travel } {
  const s = parseSnapshot(raw);
  const expected = { hops: s.position.hops, simNs: s.position.simNs, logHash: s.logHash };
  return { snapshot: s, travel: Travel.to(s, s.position.events, `snapshot at event ${s.position.events}`, expected) };
}
