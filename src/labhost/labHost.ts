// The lab host: answers the lab protocol for one loaded scenario, and runs it in slices so the transport stays
// responsive. Host-free: wall time and deferral come from the edge (HostClock). While a run goes, status is pushed at
// most ~10/s (each push repaints the status bar and wakes the open view's watchers; more would cost the page frames);
// a change of state (run, pause, step, finish) is pushed at once.
import { Lab } from '../sim/lab/lab';
import { SetPathError } from '../sim/scenario/overrides';
import type {
  HostClock, LabApi, LabMethod, LabStatus, LoadParams, MachineGraphResult, LoadResult, ParamsOf, PresetSource, ResultOf, RunState,
} from '../shared/protocol';
import { PresetCatalog } from './presetCatalog';
import { parseParams } from './methodParams';
import { hopCatalog } from '../sim/lab/machineViews';
import { StopSet, advanceToHop } from '../sim/lab/stopPoints';
import { CompareRun } from '../sim/lab/compare';
import { loadScenario } from '../sim/scenario/validate';
import type { CostsInUseResult, CompareProgress, QtestParams, QtestResult, ScenarioIssue, StopHit, SweepProgress } from '../shared/protocol';
import { SweepRun } from '../sim/lab/sweep/sweepRun';
import type { SweepHelpers } from './sweepHelpers';
import { BackgroundRun } from './backgroundRuns';
import { runQtestScript } from '../sim/lab/qtest/qtest';
import { costsInUse } from '../sim/lab/costsInUse';
import { SnapshotError, takeSnapshot } from '../sim/lab/snapshot/snapshot';
import type { LabSnapshot } from '../shared/protocol';
import { SnapshotRing } from './snapshotRing';
import type { Travel } from './timeTravel';
import { reverseTravel, ringTravel, snapshotTravel, stepBackTravel } from './travelRequests';

export const STATUS_INTERVAL_MS = 100;
const SLICE_TARGET_MS = 8;
/**
 * Longest wall time one synchronous request (`step`, `stepToHop`) may simulate. Every request is answered in one
 * go, and nothing else (Pause, a page of the log, the transport's watchdog ping, which gives up after 10 s) is
 * answered meanwhile; `step {events: 10 M}` measured 45 s on datacenter-8vm on a busy 2-core machine. A request
 * that reaches the budget stops there, paused, and says how far it got.
 */
export const REQUEST_BUDGET_MS = 1000;
/** Events simulated between two looks at the clock, inside a budgeted request. */
const REQUEST_CHUNK_EVENTS = 5_000;

export interface LabHostOptions {
  presets: PresetSource[];
  clock: HostClock;
  /** Overrides REQUEST_BUDGET_MS (tests). */
  requestBudgetMs?: number;
  /** Makes the sweep's helper workers, once, at the first sweep (none: every run in the host's thread). */
  sweepHelpers?: () => SweepHelpers | null;
}

export class LabHost implements LabApi {
  readonly presets: PresetCatalog;
  private readonly clock: HostClock;
  private lab: Lab | null = null;
  private lastLoad: LoadParams | null = null;
  private state: RunState = 'empty';
  private stopReason: string | null = null;
  private pauseAtNs = Infinity;
  private sliceEvents = 20_000;
  private eventsPerSec = 0;
  private lastStatusAt = -Infinity;
  private loopScheduled = false;
  private readonly listeners = new Set<(s: LabStatus) => void>();
  private readonly stops = new StopSet();
  private lastHit: StopHit | null = null;
  /** Compare's two runs and the Sweep's grid, each in slices beside the loaded run. */
  private readonly compares: BackgroundRun<CompareRun>;
  private readonly sweeps: BackgroundRun<SweepRun>;
  private compareId = 0;
  private sweepId = 0;
  private readonly requestBudgetMs: number;
  /** Automatic snapshots of the loaded run (positions), and a travel to an earlier point under way. */
  readonly ring = new SnapshotRing();
  private travel: Travel | null = null;

  constructor(opts: LabHostOptions) {
    this.presets = new PresetCatalog(opts.presets);
    this.clock = opts.clock;
    this.requestBudgetMs = opts.requestBudgetMs ?? REQUEST_BUDGET_MS;
    this.compares = new BackgroundRun(opts.clock, SLICE_TARGET_MS);
    this.sweeps = new BackgroundRun(opts.clock, SLICE_TARGET_MS);
    this.makeSweepHelpers = opts.sweepHelpers ?? (() => null);
  }

  private readonly makeSweepHelpers: () => SweepHelpers | null;
  private helpers: SweepHelpers | null | undefined;

  onStatus(listener: (s: LabStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async call<M extends LabMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    return this.handle(method, params);
  }

  /** Synchronous dispatch of one request: params validated against the method's schema, then its handler. */
  handle<M extends LabMethod>(method: M, params: ParamsOf<M>): ResultOf<M> {
    const handler = this.handlers[method] as ((p: ParamsOf<M>) => ResultOf<M>) | undefined;
    if (!handler) throw new Error(`unknown method "${String(method)}"`);
    return handler(parseParams(method, params));
  }

  /** One handler per protocol method (its params already validated by methodParams.ts). */
  private readonly handlers: { [M in LabMethod]: (p: ParamsOf<M>) => ResultOf<M> } = {
    listPresets: () => this.presets.list(),
    getPreset: (p) => {
      const found = this.presets.get(p.name);
      if (!found) throw new Error(`unknown preset "${p.name}"; known: ${this.presets.names().join(', ')}`);
      return { name: found.name, text: found.text };
    },
    load: (p) => this.load(p),
    run: (p) => this.run(p.untilNs),
    pause: () => this.pause(),
    step: (p) => this.step(p.events ?? 1),
    reset: () => this.reset(),
    status: () => this.status(),
    listRegisterFiles: () => this.need().registerFiles(),
    readRegisters: (p) => this.need().readRegisters(p),
    writeRegister: (p) => {
      const out = this.need().writeRegister(p);
      this.pushStatus(true);
      return out;
    },
    queryLog: (p) => this.need().queryLog(p),
    metrics: () => this.need().summary(),
    validate: (p) => ({ issues: this.validate(p) }),
    setStopPoints: (p) => this.stops.set(p, this.lab),
    lastStop: () => this.lastHit,
    stepToHop: (p) => this.stepToHop(p.kind || undefined, p.maxEvents ?? 5_000_000),
    exportTrace: (p) => {
      const t = this.need().chromeTrace(p);
      return { json: JSON.stringify(t), hops: t.otherData.hopsExported, truncated: t.otherData.truncated };
    },
    queryHops: (p) => this.need().queryHops(p),
    logVocabulary: () => this.need().logVocabulary(),
    latencyHistogram: (p) => this.need().latencyHistogram(p.bins),
    searchRegisters: (p) => this.need().searchRegisters(p.query, p.limit),
    compare: (p) => this.startCompare(p),
    compareHops: (p) => {
      const lab = this.compares.current?.finishedLab(p.side);
      if (!lab) throw new Error('no finished comparison: run Compare first');
      return lab.queryHops(p.query);
    },
    compareProgress: () => this.compareProgress(),
    machineGraph: (p) => (p?.text === undefined ? { ok: true, ...this.need().machineGraph() } : graphOf(p.text, p.seed, p.set)),
    hopCatalog: () => hopCatalog(),
    costsInUse: (p) => (p?.text === undefined ? { ok: true, ...this.need().costsInUse() } : costsOf(p.text, p.seed, p.set)),
    runQtest: (p) => this.runQtest(p),
    sweep: (p) => this.startSweep(p),
    sweepProgress: () => this.sweepProgress(),
    cancelSweep: () => {
      this.sweeps.current?.cancel();
      return this.sweepProgress();
    },
    snapshot: () => this.snapshot(),
    restore: (p) => this.startTravel(() => snapshotTravel(p.snapshot)),
    stepBack: (p) => this.startTravel(() => stepBackTravel(this.need(), p.events ?? 1)),
    reverseContinue: (p) => this.startTravel(() => reverseTravel(this.need(), p ?? {}, this.stops.points())),
    snapshotRing: () => this.ring.list(),
    restoreRing: (p) => this.startTravel(() => ringTravel(this.need(), this.ring.find(p.events), p.events)),
    lastWriter: (p) => this.need().lastWriter(p.file, p.register),
  };

  status(): LabStatus {
    const lab = this.lab;
    if (!lab) {
      return { state: this.state, scenario: null, seed: 0, simNs: 0, untilNs: 0, events: 0, hops: 0,
        flows: { raised: 0, delivered: 0, coalesced: 0, dropped: 0, pending: 0 }, eventsPerSec: 0, stopReason: this.stopReason,
        ...(this.travel ? { travel: this.travel.progress() } : {}) };
    }
    const sim = lab.sim;
    // O(1): the flow table keeps its counts; the full per-flow figures come with `metrics`.
    const counts = sim.flows.counts();
    return {
      state: this.state, scenario: lab.scenario.name, seed: lab.scenario.seed, simNs: sim.now, untilNs: lab.untilNs,
      events: sim.events, hops: sim.log.total, flows: counts,
      eventsPerSec: this.state === 'running' ? Math.round(this.eventsPerSec) : 0, stopReason: this.stopReason,
      ...(this.lastLoad?.label ? { label: this.lastLoad.label } : {}),
      ...(this.travel ? { travel: this.travel.progress() } : {}),
    };
  }

  private need(): Lab {
    if (!this.lab) throw new Error('no scenario loaded: load one first');
    return this.lab;
  }

  private load(params: LoadParams): LoadResult {
    let r;
    try {
      r = Lab.load(params.text, { seed: params.seed, set: params.set });
    } catch (e) {
      if (e instanceof SetPathError) return { ok: false, issues: [{ path: '--set', message: e.message }] };
      throw e;
    }
    if (!r.ok) return r;
    this.cancelTravel();
    this.ring.clear();
    this.lab = r.lab;
    this.lastLoad = params;
    this.lastHit = null;
    this.state = 'loaded';
    this.stopReason = null;
    this.pushStatus(true);
    return { ok: true, status: this.status() };
  }

  /** `virq qtest` in the app: a fresh machine with quiet sources, the script run on it, and that machine kept (paused)
   *  so the inspector shows the state the script left. Reset reloads the scenario as it normally runs. */
  private runQtest(p: QtestParams): QtestResult {
    let r;
    try {
      r = Lab.load(p.text, { seed: p.seed, set: p.set, sources: false });
    } catch (e) {
      if (e instanceof SetPathError) return { ok: false, issues: [{ path: '--set', message: e.message }] };
      throw e;
    }
    if (!r.ok) return r;
    let out;
    try {
      out = runQtestScript(r.lab, { vm: p.vm, vcpu: p.vcpu }, p.script);
    } catch (e) {
      return { ok: false, issues: [{ path: p.vm === undefined ? 'qtest' : 'qtest --vm', message: e instanceof Error ? e.message : String(e) }] };
    }
    this.pauseAtNs = Infinity;
    this.cancelTravel();
    this.ring.clear();
    this.lab = r.lab;
    this.lastLoad = { text: p.text, seed: p.seed, set: p.set };
    this.lastHit = null;
    this.state = 'paused';
    this.stopReason = `qtest script: ${out.commands} commands, ${out.failures} FAIL`;
    this.pushStatus(true);
    return { ok: true, transcript: out.transcript, commands: out.commands, failures: out.failures, status: this.status() };
  }

  private run(untilNs?: number): LabStatus {
    const lab = this.need();
    this.cancelTravel();
    if (lab.finished) return this.finish();
    this.pauseAtNs = untilNs ?? Infinity;
    this.lastHit = null;
    if (!this.stops.empty) this.stops.arm(lab);
    this.state = 'running';
    this.stopReason = null;
    this.pushStatus(true);
    this.scheduleSlice();
    return this.status();
  }

  private pause(): LabStatus {
    if (this.travel) {
      this.cancelTravel();
      this.state = !this.lab ? 'empty' : this.lab.finished ? 'finished' : 'paused';
      this.stopReason = this.lab ? 'paused: going back abandoned, the run is where it was' : 'paused: restore abandoned';
      this.pushStatus(true);
    } else if (this.state === 'running') {
      this.state = 'paused';
      this.stopReason = 'paused';
      this.ring.keep(this.lab!);
      this.pushStatus(true);
    }
    return this.status();
  }

  private step(events: number): LabStatus {
    const lab = this.need();
    this.cancelTravel();
    if (lab.finished) return this.finish();
    const want = Math.max(1, Math.floor(events));
    const t0 = this.clock.now();
    let ran = 0;
    let overBudget = false;
    while (ran < want && !lab.finished) {
      const n = lab.advance(Math.min(REQUEST_CHUNK_EVENTS, want - ran));
      if (n === 0) break;
      ran += n;
      if (ran < want && this.clock.now() - t0 >= this.requestBudgetMs) {
        overBudget = true;
        break;
      }
    }
    if (lab.finished) return this.finish();
    this.state = 'paused';
    this.stopReason = overBudget ? `step: ${ran} of ${want} events, stopped after ${this.budgetText()} to stay responsive` : 'step';
    this.ring.keep(lab);
    this.pushStatus(true);
    return this.status();
  }

  private budgetText(): string {
    return this.requestBudgetMs >= 1000 ? `${this.requestBudgetMs / 1000} s` : `${this.requestBudgetMs} ms`;
  }

  private reset(): LabStatus {
    this.cancelTravel();
    if (this.lastLoad) this.load(this.lastLoad);
    return this.status();
  }

  private finish(): LabStatus {
    this.state = 'finished';
    this.stopReason = this.lab?.stoppedAtBudget ? 'event budget' : 'drained';
    if (this.lab) this.ring.keep(this.lab);
    this.pushStatus(true);
    return this.status();
  }

  private scheduleSlice(): void {
    if (this.loopScheduled) return;
    this.loopScheduled = true;
    this.clock.defer(() => {
      this.loopScheduled = false;
      this.slice();
    });
  }

  /** One slice of a run: about SLICE_TARGET_MS of wall time, then yield so requests (pause, reads) get through. */
  private slice(): void {
    if (this.travel) return this.travelSlice();
    const lab = this.lab;
    if (!lab || this.state !== 'running') return;
    const t0 = this.clock.now();
    let n: number;
    if (this.stops.empty) {
      n = lab.advance(this.sliceEvents, this.pauseAtNs);
    } else {
      const out = this.stops.advance(lab, this.sliceEvents, this.pauseAtNs);
      n = out.ran;
      if (out.hit && !lab.finished) {
        this.lastHit = out.hit;
        this.state = 'paused';
        this.stopReason = out.hit.message;
        this.ring.keep(lab);
        this.pushStatus(true);
        return;
      }
    }
    this.ring.tick(lab);
    const dt = Math.max(0.01, this.clock.now() - t0);
    this.eventsPerSec = (n / dt) * 1000;
    this.sliceEvents = Math.max(1000, Math.min(2_000_000, Math.round(this.sliceEvents * (SLICE_TARGET_MS / dt))));
    if (lab.finished) {
      this.finish();
      return;
    }
    if (n < this.sliceEvents && lab.sim.queue.peekTime() > this.pauseAtNs) {
      this.state = 'paused';
      this.stopReason = 'until';
      this.ring.keep(lab);
      this.pushStatus(true);
      return;
    }
    this.pushStatus(false);
    this.scheduleSlice();
  }

  private validate(params: LoadParams): ScenarioIssue[] {
    try {
      const r = loadScenario(params.text, { seed: params.seed, set: params.set });
      return r.ok ? [] : r.issues;
    } catch (e) {
      if (e instanceof SetPathError) return [{ path: '--set', message: e.message }];
      throw e;
    }
  }

  private stepToHop(kind: string | undefined, maxEvents: number): LabStatus {
    const lab = this.need();
    if (this.state === 'running') return this.status();
    this.cancelTravel();
    if (lab.finished) return this.finish();
    const want = Math.max(1, Math.floor(maxEvents));
    const t0 = this.clock.now();
    let ran = 0;
    let hit: StopHit | null = null;
    let overBudget = false;
    // In chunks, looking at the clock between them: a hop kind that never comes must not hold the host for long.
    while (ran < want && !lab.finished) {
      const out = advanceToHop(lab, kind, Math.min(REQUEST_CHUNK_EVENTS, want - ran));
      ran += out.ran;
      hit = out.hit;
      if (hit || out.ran === 0) break;
      if (ran < want && this.clock.now() - t0 >= this.requestBudgetMs) {
        overBudget = true;
        break;
      }
    }
    this.lastHit = hit;
    if (lab.finished) return this.finish();
    this.state = 'paused';
    this.stopReason = hit ? hit.message
      : overBudget ? `no ${kind ?? 'hop'} in ${ran} events, stopped after ${this.budgetText()} to stay responsive`
      : `no ${kind ?? 'hop'} in ${ran} events`;
    this.ring.keep(lab);
    this.pushStatus(true);
    return this.status();
  }

  // ——— Snapshots and time travel (re-execution: sim/lab/snapshot/, timeTravel.ts) ———

  private snapshot(): LabSnapshot {
    try {
      return takeSnapshot(this.need(), this.lastLoad?.label ? { label: this.lastLoad.label } : {});
    } catch (e) {
      if (e instanceof SnapshotError) throw new Error(e.message);
      throw e;
    }
  }

  /**
   * Starts a travel: works on it for up to the request budget, answering with the point reached; a longer one goes on
   * in slices (state running, its progress in stopReason; Pause abandons it and the run stays where it was).
   * A restore's travel comes with its snapshot, whose run then replaces what reset reloads.
   */
  private startTravel(make: () => Travel | { travel: Travel; snapshot: LabSnapshot }): LabStatus {
    let made;
    try {
      made = make();
    } catch (e) {
      if (e instanceof SnapshotError) throw new Error(e.message);
      throw e;
    }
    const t = 'snapshot' in made ? made.travel : made;
    const loaded = 'snapshot' in made ? made.snapshot : null;
    if (this.state === 'running' && !this.travel) this.state = 'paused';
    this.cancelTravel();
    this.travel = t;
    this.travelLoaded = loaded ?? null;
    if (t.advance(() => this.clock.now(), this.requestBudgetMs)) {
      const refused = this.travel.end!.ok ? null : this.travel.end!.message;
      const status = this.arrive();
      // A snapshot refused at once fails its request (the file is wrong); a refusal later is said in the status.
      if (refused && loaded) throw new Error(refused);
      return status;
    }
    this.state = 'running';
    this.stopReason = t.progress();
    this.pushStatus(true);
    this.scheduleSlice();
    return this.status();
  }

  private travelLoaded: LabSnapshot | null = null;

  private travelSlice(): void {
    const t = this.travel!;
    if (t.advance(() => this.clock.now(), SLICE_TARGET_MS * 6)) {
      this.arrive();
      return;
    }
    this.stopReason = t.progress();
    this.pushStatus(false);
    this.scheduleSlice();
  }

  /** A travel has ended: the fresh lab replaces the loaded one, or the refusal is said and nothing changes. */
  private arrive(): LabStatus {
    const t = this.travel!;
    const end = t.end!;
    const loaded = this.travelLoaded;
    this.travel = null;
    this.travelLoaded = null;
    if (!end.ok) {
      this.state = this.lab ? (this.lab.finished ? 'finished' : 'paused') : 'empty';
      this.stopReason = end.message;
      this.pushStatus(true);
      return this.status();
    }
    if (loaded) {
      this.ring.clear();
      this.lastLoad = { text: loaded.text, seed: loaded.load.seed, set: loaded.load.set, ...(loaded.label ? { label: loaded.label } : {}) };
    }
    this.lab = end.lab;
    this.lastHit = end.hit;
    this.pauseAtNs = Infinity;
    this.state = end.lab.finished ? 'finished' : end.lab.sim.events === 0 ? 'loaded' : 'paused';
    this.stopReason = end.message;
    this.ring.keep(end.lab);
    this.ring.movedTo(end.lab.sim.events);
    this.pushStatus(true);
    return this.status();
  }

  private cancelTravel(): void {
    this.travel = null;
    this.travelLoaded = null;
  }

  private startSweep(params: ParamsOf<'sweep'>): SweepProgress {
    this.sweeps.current?.cancel();
    if (this.helpers === undefined) this.helpers = this.makeSweepHelpers();
    const run = new SweepRun(++this.sweepId, params, { remote: this.helpers, wake: () => this.sweeps.wake() });
    return this.sweeps.start(run).progress();
  }

  private sweepProgress(): SweepProgress {
    return this.sweeps.current?.progress() ?? { id: this.sweepId, state: 'idle', paths: [], values: [], metrics: [], points: 0, seeds: 0, runsDone: 0, runs: 0, rows: [], csv: '' };
  }

  private startCompare(params: ParamsOf<'compare'>): CompareProgress {
    return this.compares.start(new CompareRun(++this.compareId, params)).progress();
  }

  private compareProgress(): CompareProgress {
    return this.compares.current?.progress() ?? { state: 'idle', id: this.compareId, sides: [] };
  }

  private pushStatus(force: boolean): void {
    const now = this.clock.now();
    if (!force && now - this.lastStatusAt < STATUS_INTERVAL_MS) return;
    this.lastStatusAt = now;
    const s = this.status();
    for (const l of this.listeners) l(s);
  }
}

/** The graph of the machine a text builds once its drivers have loaded, without touching the loaded run. */
/** The costs the text would run with, without building its machine or replacing the loaded run. */
function costsOf(text: string, seed?: number, set?: Record<string, string>): CostsInUseResult {
  try {
    const r = loadScenario(text, { seed, set });
    return r.ok ? { ok: true, ...costsInUse(r.scenario) } : r;
  } catch (e) {
    if (e instanceof SetPathError) return { ok: false, issues: [{ path: '--set', message: e.message }] };
    throw e;
  }
}

function graphOf(text: string, seed?: number, set?: Record<string, string>): MachineGraphResult {
  try {
    const r = Lab.load(text, { seed, set });
    if (!r.ok) return r;
    r.lab.runSetup();
    return { ok: true, ...r.lab.machineGraph() };
  } catch (e) {
    if (e instanceof SetPathError) return { ok: false, issues: [{ path: '--set', message: e.message }] };
    throw e;
  }
}
