// Time travel in the lab host: going to an earlier point of the loaded run (step back, reverse continue, a snapshot
// or one of the ring's) by re-executing it from the start in a fresh lab — the same text and options give the same
// run — while the loaded lab stays as it was until the fresh one has arrived. Reverse continue first re-runs the
// run up to the event before the current one with the stop point armed, noting the last hit, then goes there.
// Sliced: `advance` works for a wall-time budget and says whether it is done, so the host stays responsive.
import type { Lab } from '../sim/lab/lab';
import { Replay, type ReplaySource } from '../sim/lab/snapshot/replay';
import { StopSet } from '../sim/lab/stopPoints';
import type { StopHit, StopPoints } from '../shared/protocol';

/** Events simulated between two looks at the clock. */
const CHUNK_EVENTS = 20_000;

/** The state the fresh lab must reach (a snapshot's or a ring entry's); a mismatch refuses the travel. */
export interface Expected {
  hops: number;
  simNs: number;
  logHash: string;
}

export type TravelEnd =
  | { ok: true; lab: Lab; hit: StopHit | null; message: string }
  | { ok: false; message: string };

export class Travel {
  private scan: { replay: Replay; stops: StopSet; last: { events: number; hit: StopHit } | null } | null = null;
  private seek: Replay | null = null;
  private target: number;
  private hit: StopHit | null = null;
  end: TravelEnd | null = null;

  private constructor(private readonly src: ReplaySource, private readonly what: string, target: number, private readonly expected: Expected | null) {
    this.target = target;
  }

  /** To event `target` of the run `src` loads. */
  static to(src: ReplaySource, target: number, what: string, expected: Expected | null = null): Travel {
    const t = new Travel(src, what, target, expected);
    t.seek = new Replay(src, target);
    return t;
  }

  /** To the last hit of `points` strictly before event `current` (the position right after the event that hit). */
  static lastHit(src: ReplaySource, current: number, points: StopPoints, what: string): Travel {
    const t = new Travel(src, what, 0, null);
    const replay = new Replay(src, Math.max(0, current - 1));
    const stops = new StopSet();
    stops.set(points, replay.lab);
    t.scan = { replay, stops, last: null };
    return t;
  }

  /** What it is doing and how far it got, for the status bar. */
  progress(): string {
    if (this.scan) {
      const r = this.scan.replay;
      return `${this.what}: looking for the previous hit, ${pct(r.lab.sim.events, r.target)} of the run re-executed`;
    }
    const r = this.seek!;
    return `${this.what}: re-executing to event ${r.target}, ${pct(r.lab.sim.events, r.target)}`;
  }

  /** Works until done or `budgetMs` of wall time has passed (looking at `now` between chunks); true when done. */
  advance(now: () => number, budgetMs: number): boolean {
    const t0 = now();
    while (!this.end) {
      this.chunk();
      if (!this.end && now() - t0 >= budgetMs) return false;
    }
    return true;
  }

  private chunk(): void {
    const scan = this.scan;
    if (scan) {
      const out = scan.replay.advance(CHUNK_EVENTS, scan.stops);
      if (out.hit) scan.last = { events: scan.replay.lab.sim.events, hit: out.hit };
      if (!scan.replay.done && (out.ran > 0 || out.hit)) return;
      this.scan = null;
      if (!scan.last) {
        this.end = { ok: false, message: `${this.what}: no earlier hit in this run` };
        return;
      }
      this.target = scan.last.events;
      this.hit = scan.last.hit;
      this.seek = new Replay(this.src, this.target);
      return;
    }
    const r = this.seek!;
    const out = r.advance(CHUNK_EVENTS);
    if (!r.done && out.ran > 0) return;
    const lab = r.lab;
    const sim = lab.sim;
    const e = this.expected;
    if (sim.events !== this.target) {
      this.end = { ok: false, message: `${this.what}: the run ended after ${sim.events} events, before event ${this.target}` };
    } else if (e && (sim.log.total !== e.hops || sim.now !== e.simNs || sim.log.hash() !== e.logHash)) {
      this.end = { ok: false, message: `${this.what}: refused — the re-executed run reaches log hash ${sim.log.hash()} at event ${this.target}, the snapshot has ${e.logHash} (taken with another version of the model, or edited)` };
    } else {
      const at = `event ${sim.events}, hop #${sim.log.total}`;
      this.end = { ok: true, lab, hit: this.hit, message: this.hit ? `${this.what}: ${this.hit.message}` : `${this.what}: at ${at}` };
    }
  }
}

function pct(done: number, of: number): string {
  return `${of > 0 ? Math.floor((done / of) * 100) : 100} %`;
}
