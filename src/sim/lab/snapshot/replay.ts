// Re-execution to a position: load a run's text with its options and run it to exactly an event count, re-applying
// the inspector's writes where they were made. In slices (`advance`), so a host can answer requests meanwhile.
// With stop points, it runs event by event and reports each hit (reverse continue looks for the last one).
import { Lab } from '../lab';
import { StopSet } from '../stopPoints';
import { SetPathError } from '../../scenario/overrides';
import type { LabSnapshot, SnapshotLoad, SnapshotWrite, StopHit } from '../../../shared/protocol';
import { SnapshotError } from './snapshot';

/** What a re-execution needs: the text, how it was loaded, the inspector's writes (those past the target are skipped). */
export interface ReplaySource {
  text: string;
  load: SnapshotLoad;
  writes: readonly SnapshotWrite[];
}

export class Replay {
  readonly lab: Lab;
  private nextWrite = 0;
  private readonly writes: SnapshotWrite[];

  constructor(src: ReplaySource, readonly target: number) {
    let r;
    try {
      r = Lab.load(src.text, { ...src.load });
    } catch (e) {
      if (e instanceof SetPathError) throw new SnapshotError(`the snapshot's --set overrides no longer apply: ${e.message}`);
      throw e;
    }
    if (!r.ok) {
      const first = r.issues[0];
      throw new SnapshotError(`the snapshot's scenario is not valid here${first ? ` (${first.path}: ${first.message})` : ''}: it was probably saved by another version of vIRQ Lab`);
    }
    this.lab = r.lab;
    this.writes = src.writes.filter((w) => w.events <= target);
    this.applyDue();
  }

  /** At the target, or unable to go further (the run ended first). */
  get done(): boolean {
    return this.lab.sim.events >= this.target || this.lab.finished;
  }

  /**
   * Runs at most `maxEvents` toward the target, not past simulated time `pauseAtNs`. With `stops`, event by event,
   * returning at the first hit (the position is then right after the event that hit).
   */
  advance(maxEvents: number, stops?: StopSet, pauseAtNs = Infinity): { ran: number; hit: StopHit | null } {
    const lab = this.lab;
    let ran = 0;
    while (ran < maxEvents && !this.done) {
      const w = this.writes[this.nextWrite];
      const stopAt = Math.min(this.target, w ? w.events : Infinity);
      const want = Math.min(maxEvents - ran, stopAt - lab.sim.events);
      let n: number;
      if (stops) {
        const out = stops.advance(lab, want, pauseAtNs);
        n = out.ran;
        ran += n;
        this.applyDue();
        if (out.hit) return { ran, hit: out.hit };
      } else {
        n = lab.advance(want, pauseAtNs);
        ran += n;
        this.applyDue();
      }
      if (n === 0) break;
    }
    return { ran, hit: null };
  }

  private applyDue(): void {
    const lab = this.lab;
    while (this.nextWrite < this.writes.length && this.writes[this.nextWrite]!.events <= lab.sim.events) {
      const w = this.writes[this.nextWrite++]!;
      lab.writeRegister({ file: w.file, register: w.register, ...(w.field !== undefined ? { field: w.field } : {}), value: w.value });
    }
  }
}

/** Refuses a re-execution that did not reach the snapshot's state, saying where it differs. */
export function checkReached(lab: Lab, s: LabSnapshot): void {
  const sim = lab.sim;
  const p = s.position;
  const why = sim.events !== p.events ? `the run ended after ${sim.events} events, before the snapshot's ${p.events}`
    : sim.log.total !== p.hops ? `${sim.log.total} hops at event ${p.events}, the snapshot has ${p.hops}`
    : sim.now !== p.simNs ? `simulated time ${sim.now} ns at event ${p.events}, the snapshot has ${p.simNs} ns`
    : sim.log.hash() !== s.logHash ? `log hash ${sim.log.hash()} at event ${p.events}, the snapshot has ${s.logHash}`
    : null;
  if (why) {
    throw new SnapshotError(`this snapshot does not replay to the state it was taken at (${why}): it was probably taken with another version of the model, or edited`);
  }
}

/** A snapshot restored into a fresh lab, in one call (CLI, tests): re-run to its event, checked against its hash. */
export function restoreSnapshot(s: LabSnapshot): Lab {
  const r = new Replay(s, s.position.events);
  while (!r.done && r.advance(1_048_576).ran > 0);
  checkReached(r.lab, s);
  return r.lab;
}
