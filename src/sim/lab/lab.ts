// The lab facade: load a scenario, run / pause / step it, read and write registers, query the log, summarize.
// Host-free and synchronous: a LabHost (or the CLI, or a test) decides how much to run per slice.
import { FlowState } from '../core/flows';
import { buildMachine } from '../scenario/build';
import type { Scenario } from '../scenario/schema';
import { loadScenario, type LoadOptions } from '../scenario/validate';
import { durationNs } from '../scenario/fields';
import { formatNs } from '../core/time';
import type { Machine } from '../scenario/machine';
import type { LastWriter, SnapshotWrite, CostsInUse, HopQuery, LatencyHistograms, MachineGraph, LogVocabulary, RegisterHit, LogPage, LogQuery, ReadRegistersParams, ReadRegistersResult, RegisterFileInfo, RunSummary, ScenarioIssue, WriteRegisterParams, WriteRegisterResult } from '../../shared/protocol';
import { fileInfo, registerView, writeFromInspector } from './registerViews';
import { lastWriter } from './lastWriter';
import { summarize, type StuckFlow } from './summary';
import { HopQueries } from './hopQuery';
import { chromeTrace, type ChromeTrace, type TraceOptions } from './chromeTrace';
import { latencyHistograms } from './histogram';
import { searchRegisters } from './registerSearch';
import { machineGraph, setupEndNs } from './machineViews';
import { costsInUse } from './costsInUse';
import { bareMetalSection } from './bareMetal';
import { hasAssignedWorkload, nativeTwin } from '../scenario/nativeTwin';

export interface LabOptions extends LoadOptions {
  /** Sources stop raising here (default: the scenario's duration); the run then drains. */
  untilNs?: number;
  /** False: the scenario's interrupt sources stay quiet (`virq qtest`: the script drives the machine). */
  sources?: boolean;
  /** The run stops, unfinished, once it has taken this many events (default DEFAULT_MAX_EVENTS). */
  maxEvents?: number;
  /**
   * Run the bare-metal twin (same seed and window) once this run has finished, and add its figures and "% of bare
   * metal" to the summary. Default: only when a device a VM owns has a workload (and the scenario is not native).
   */
  bareMetal?: boolean;
  /**
   * The hop ring's size in hops, instead of the scenario's log.capacity: a run read only for its summary (a sweep's)
   * keeps a small one, since every figure of the summary but hopsOverwritten is a running total.
   */
  logCapacity?: number;
}

/** The event budget of a run: 500 times the heaviest preset (datacenter-8vm, 0.4 M events); at the 0.1–1 M events a
 *  second the presets run at, minutes. Past it a run is stopped, not left to run for hours or days (a rate, a period
 *  or a line that never quiets can make events without end). */
export const DEFAULT_MAX_EVENTS = 200_000_000;

/** At least one simulated second of drain after the sources stop. */
const DRAIN_LIMIT_NS = 1_000_000_000;

export type LabLoad = { ok: true; lab: Lab } | { ok: false; issues: ScenarioIssue[] };

export class Lab {
  readonly machine: Machine;
  readonly untilNs: number;
  readonly maxEvents: number;
  private stuck: StuckFlow[] | null = null;
  private hopQueries: HopQueries | null = null;
  /** The bare-metal twin's summary once run (null: not wanted). */
  private twin: RunSummary | null | undefined;
  private readonly wantBareMetal: boolean;

  /** Registers written from the inspector, with the position of each: a snapshot carries them (snapshot/). */
  readonly inspectorWrites: SnapshotWrite[] = [];

  private constructor(readonly scenario: Scenario, readonly opts: LabOptions, readonly text: string) {
    this.wantBareMetal = !scenario.native && (opts.bareMetal ?? hasAssignedWorkload(scenario));
    this.machine = buildMachine(scenario, opts.logCapacity);
    this.untilNs = opts.untilNs ?? durationNs(scenario.duration);
    this.maxEvents = opts.maxEvents ?? DEFAULT_MAX_EVENTS;
    this.machine.start(this.untilNs, opts.sources ?? true);
    for (const f of this.machine.registerFiles) f.stampWith(this.sim);
  }

  /** Parses, validates and builds. Throws SetPathError for a `--set` path the schema does not have. */
  static load(text: string, opts: LabOptions = {}): LabLoad {
    const r = loadScenario(text, opts);
    if (!r.ok) return r;
    return { ok: true, lab: new Lab(r.scenario, opts, text) };
  }

  get sim() {
    return this.machine.sim;
  }

  /** True once every event has run (sources stopped and everything in flight drained), the drain limit passed, or
   *  the event budget is spent. */
  get finished(): boolean {
    return this.sim.queue.length === 0 || this.sim.queue.peekTime() > this.drainLimitNs || this.stoppedAtBudget;
  }

  /** The run took its whole event budget with events still to run: it stopped there, unfinished. */
  get stoppedAtBudget(): boolean {
    return this.sim.events >= this.maxEvents && this.sim.queue.length > 0 && this.sim.queue.peekTime() <= this.drainLimitNs;
  }

  /** A run that is still busy this long after its sources stopped (a line that never quiets) is ended there. */
  get drainLimitNs(): number {
    return this.untilNs + Math.max(DRAIN_LIMIT_NS, this.untilNs);
  }

  /** Runs at most `maxEvents`, not past simulated time `pauseAtNs`. Returns the number of events run. */
  advance(maxEvents: number, pauseAtNs = Infinity): number {
    const n = this.sim.runUntil(pauseAtNs, Math.min(maxEvents, this.maxEvents - this.sim.events));
    if (this.finished) this.finalize();
    return n;
  }

  /** Runs to the end (CLI, tests). */
  /** Runs to the end; `onSlice` hears after each slice of events (a command line's progress). */
  runToEnd(onSlice?: (lab: Lab) => void): RunSummary {
    while (!this.finished) {
      this.advance(1 << 18);
      onSlice?.(this);
    }
    this.finalize();
    return this.summary();
  }

  summary(): RunSummary {
    let s = summarize(this.machine, this.stuck ?? []);
    const twin = this.bareMetalTwin();
    if (twin) s = { ...s, bareMetal: bareMetalSection(s, twin) };
    return this.stoppedAtBudget ? { ...s, stoppedAtBudget: { maxEvents: this.maxEvents, message: this.budgetMessage() } } : s;
  }

  /** The twin's summary, run once this run has finished (not for a run cut at its budget). */
  private bareMetalTwin(): RunSummary | null {
    if (this.twin !== undefined) return this.twin;
    if (!this.wantBareMetal) return (this.twin = null);
    if (!this.finished || this.stoppedAtBudget) return null;
    const lab = new Lab(nativeTwin(this.scenario), { untilNs: this.untilNs, maxEvents: this.maxEvents, bareMetal: false, logCapacity: this.opts.logCapacity }, this.text);
    this.twin = lab.runToEnd();
    lab.dispose();
    return this.twin;
  }

  /** Done with this run: its hop log's columns go to the next run of the same capacity (hop queries find nothing after). */
  dispose(): void {
    this.sim.log.release();
  }

  private budgetMessage(): string {
    return `stopped at the event budget of ${this.maxEvents} events, ${formatNs(this.sim.now)} into the run (sources until ${formatNs(this.untilNs)}): the figures cover the run so far`;
  }

  registerFiles(): RegisterFileInfo[] {
    return this.machine.registerFiles.map(fileInfo);
  }

  readRegisters(p: ReadRegistersParams): ReadRegistersResult {
    const f = this.file(p.file);
    const n = f.decl.registers.length;
    const start = Math.max(0, p.start ?? 0);
    const end = Math.min(n, start + (p.count ?? n));
    const registers = [];
    for (let i = start; i < end; i++) registers.push(registerView(f, i));
    if (!p.writers) return { file: fileInfo(f), simNs: this.sim.now, registers };
    const writers = registers.map((r) => lastWriter(this.sim.log, f, r.name));
    return { file: fileInfo(f), simNs: this.sim.now, registers, writers };
  }

  /** A write from the inspector: journaled at this position (a snapshot replays it), stamped as the inspector's. */
  writeRegister(p: WriteRegisterParams): WriteRegisterResult {
    const f = this.file(p.file);
    const out = writeFromInspector(f, p.register, p.field, p.value);
    this.inspectorWrites.push({ events: this.sim.events, file: p.file, register: p.register, ...(p.field ? { field: p.field } : {}), value: p.value });
    if (f.stamps && f.has(p.register)) f.stamps.hops[f.index(p.register)] = -2;
    return out;
  }

  /** Who last wrote a register (see LastWriter); null when nothing has written it since the run began. */
  lastWriter(file: string, register: string): LastWriter | null {
    return lastWriter(this.sim.log, this.file(file), register);
  }

  /** The log (or a window of it) as Chrome Trace Event JSON, for ui.perfetto.dev. */
  chromeTrace(opts: TraceOptions = {}): ChromeTrace {
    return chromeTrace(this.sim.log, opts);
  }

  /** A page of the log under a filter (the same indexed query as queryHops, without a time range). */
  queryLog(q: LogQuery): LogPage {
    return this.queryHops(q);
  }

  /** Log pages with a time range; the filtered index is kept between pages. */
  queryHops(q: HopQuery): LogPage {
    this.hopQueries ??= new HopQueries(this.sim.log);
    return this.hopQueries.query(q);
  }

  logVocabulary(): LogVocabulary {
    this.hopQueries ??= new HopQueries(this.sim.log);
    return this.hopQueries.vocabulary();
  }

  latencyHistogram(bins?: number): LatencyHistograms {
    return latencyHistograms(this.sim, bins);
  }

  /** The machine as a graph of named ports (as built, with the connections made at run time so far). */
  machineGraph(): MachineGraph {
    return machineGraph(this.sim.wires, { files: this.registerFiles(), devices: this.scenario.devices });
  }

  /** The costs this scenario runs with: each catalog entry's figure in use, its default, source and range. */
  costsInUse(): CostsInUse {
    return costsInUse(this.scenario);
  }

  /** Runs until every driver has loaded (the wiring is complete; see setupEndNs), if not there yet. */
  runSetup(): void {
    const end = setupEndNs(this.scenario);
    if (this.sim.now < end && !this.finished) this.advance(Number.MAX_SAFE_INTEGER, end);
  }

  searchRegisters(query: string, limit?: number): RegisterHit[] {
    return searchRegisters(this.machine.registerFiles, query, limit);
  }

  private file(id: string) {
    const f = this.machine.registerFiles.find((x) => x.id === id);
    if (!f) throw new Error(`no register file "${id}"`);
    return f;
  }

  /** After the drain: every flow that did not complete can never complete; name each in the log. */
  private finalize(): void {
    if (this.stuck) return;
    const sim = this.sim;
    const stuck: StuckFlow[] = [];
    const kStuck = sim.sid('flow.stuck');
    if (this.stoppedAtBudget) {
      // Flows in flight are not stuck: the run was cut short. Say where, once, and name none of them.
      sim.hop(0, sim.sid('run.event.budget'), sim.sid('lab'), sim.sid('host'), sim.sid(this.budgetMessage()), 0);
      this.stuck = [];
      return;
    }
    if (sim.queue.length > 0) {
      sim.hop(0, sim.sid('run.drain.limit'), sim.sid('lab'), sim.sid('host'),
        sim.sid(`still busy ${sim.queue.peekTime() - this.untilNs} ns after the sources stopped: run ended at the drain limit`), 0);
    }
    for (let f = 1; f <= sim.flows.count; f++) {
      if (sim.flows.stateOf(f) === FlowState.Dropped || sim.flows.completedOf(f) >= 0) continue;
      const s = sim.log.strings;
      const reason = `never completed; last hop ${s.str(sim.flows.lastKindOf(f))}`;
      stuck.push({ flow: f, source: s.str(sim.flows.sourceOf(f)), vm: s.str(sim.flows.vmOf(f)), reason });
      sim.hop(f, kStuck, sim.flows.sourceOf(f), sim.flows.vmOf(f), sim.sid(reason), 0);
    }
    this.stuck = stuck;
  }
}
