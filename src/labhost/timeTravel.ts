// Time travel in the lab host: going to an earlier point of the loaded run (step back, reverse continue, a snapshot
// or one of the ring's) by re-executing it from the start in a fresh lab — the same text and options give the same
// run — while the loaded lab stays as it was until the fresh one has arrived.
// Reverse continue to a hop kind finds the latest hop of that kind in the hop log and re-runs to right after the
// event that recorded it: at full speed up to the hop's time (every hop is recorded at its event's time), then event
// by event until the log holds it. When that event is the current one (the hop is "here", not before), it goes again
// to the latest such hop recorded before that event. A watchpoint (or a hop no longer held in the log's ring) has no
// such index: the run is re-executed up to the event before the current one with the stop point armed, noting the
// last hit, then the travel goes there.
// Sliced: `advance` works for a wall-time budget and says whether it is done, so the host stays responsive.
import type { Lab } from '../sim/lab/lab';
import type { HopLog } from '../sim/core/hopLog';
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

/** Going to right after the event that recorded hop `seq`: at full speed to the hop's time, then event by event. */
interface ToHop {
  replay: Replay;
  seq: number;
  timeNs: number;
  /** Hops recorded before the last event run (set once event by event). */
  before: number;
}

export class Travel {
  private scan: { replay: Replay; stops: StopSet; last: { events: number; hit: StopHit } | null } | null = null;
  private toHop: ToHop | null = null;
  /** Reverse continue by the log: the hop kinds, where the run is, and the hops recorded before its last event once known. */
  private byLog: { kinds: Set<string>; current: number; log: HopLog; hopsBeforeCurrent: number | null } | null = null;
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

  /**
   * To the latest hop of one of `kinds` recorded strictly before event `current` of the run `lab` holds (its log is
   * read, not changed); null when the log does not hold the hops needed (a ring that dropped them): use lastHit then.
   */
  static lastHopOfKinds(src: ReplaySource, lab: Lab, kinds: string[], what: string): Travel | null {
    const t = new Travel(src, what, 0, null);
    t.byLog = { kinds: new Set(kinds), current: lab.sim.events, log: lab.sim.log, hopsBeforeCurrent: null };
    const c = t.candidate(lab.sim.log.total);
    if (c === undefined) return null;
    if (c === null) {
      t.end = { ok: false, message: `${what}: no earlier hit in this run` };
      return t;
    }
    t.startToHop(c);
    return t;
  }

  /** The latest held hop of the kinds with seq < `below`; null: none in the whole run; undefined: not held. */
  private candidate(below: number): { seq: number; timeNs: number } | null | undefined {
    const { log, kinds } = this.byLog!;
    const firstHeld = log.total - log.held;
    const ids = new Set([...kinds].map((k) => log.strings.find(k)).filter((id) => id >= 0));
    for (let seq = Math.min(below, log.total) - 1; seq >= firstHeld; seq--) {
      const c = log.column(seq - firstHeld);
      if (ids.has(c.kind)) return { seq, timeNs: c.time };
    }
    return firstHeld > 0 ? undefined : null;
  }

  private startToHop(c: { seq: number; timeNs: number }): void {
    this.toHop = { replay: new Replay(this.src, this.byLog!.current), seq: c.seq, timeNs: c.timeNs, before: 0 };
  }

  private toHopChunk(): void {
    const h = this.toHop!;
    const r = h.replay;
    const lab = r.lab;
    const log = lab.sim.log;
    if (lab.sim.now < h.timeNs && !r.done) {
      const out = r.advance(CHUNK_EVENTS, undefined, h.timeNs - 1);
      if (out.ran > 0) return;
    }
    for (let i = 0; i < CHUNK_EVENTS && log.total <= h.seq && !r.done; i++) {
      h.before = log.total;
      if (r.advance(1).ran === 0) break;
    }
    if (log.total <= h.seq && !r.done) return;
    const by = this.byLog!;
    if (log.total <= h.seq) {
      this.end = { ok: false, message: `${this.what}: the re-executed run did not record hop #${h.seq}` };
      return;
    }
    if (lab.sim.events < by.current) {
      const hop = log.at(h.seq - (log.total - log.held));
      const hit: StopHit = { kind: 'breakpoint', seq: h.seq, simNs: lab.sim.now, message: `breakpoint: ${hop.kind} at ${hop.where}, flow ${hop.flow} (hop #${h.seq})` };
      this.toHop = null;
      this.end = { ok: true, lab, hit, message: `${this.what}: ${hit.message}` };
      return;
    }
    // The hop was recorded by the current event: the one wanted is the latest recorded before that event.
    by.hopsBeforeCurrent = h.before;
    this.toHop = null;
    const c = this.candidate(h.before);
    if (!c) {
      this.end = { ok: false, message: c === null ? `${this.what}: no earlier hit in this run` : `${this.what}: the earlier hits have left the log's ring` };
      return;
    }
    this.startToHop(c);
  }

  /** What it is doing and how far it got, for the status bar. */
  progress(): string {
    if (this.toHop) {
      const lab = this.toHop.replay.lab;
      return `${this.what}: re-executing to hop #${this.toHop.seq}, ${pct(lab.sim.now, this.toHop.timeNs)} of the way`;
    }
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
    if (this.toHop) return this.toHopChunk();
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
