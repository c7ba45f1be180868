// Every request a lab host answers, the wire messages that carry them, and the port they travel on.
import type { CompareParams, CompareProgress } from './compare';
import type { HopQuery, LatencyHistograms, LogPage, LogQuery, LogVocabulary, StopHit, StopPoints, TraceExport, TraceQuery } from './log';
import type { LastWriter, ReadRegistersParams, ReadRegistersResult, RegisterFileInfo, RegisterHit, WriteRegisterParams, WriteRegisterResult } from './registers';
import type { HopCatalogInfo, MachineGraphResult } from './machine';
import type { LabStatus, Ns, RunSummary } from './run';
import type { SweepParams, SweepProgress } from './sweep';
import type { CostsInUseResult } from './costs';
import type { LoadParams, LoadResult, PresetInfo, QtestParams, QtestResult, ScenarioIssue } from './scenario';
import type { LabSnapshot, ReverseContinueParams, RingSnapshot } from './snapshot';

/** Every request a lab host answers: method → [params, result]. */
export interface LabMethods {
  listPresets: [void, PresetInfo[]];
  getPreset: [{ name: string }, { name: string; text: string }];
  load: [LoadParams, LoadResult];
  /** Run until the scenario drains, or to `untilNs` of simulated time. */
  run: [{ untilNs?: Ns }, LabStatus];
  pause: [void, LabStatus];
  /** Process this many events (default 1) then pause. */
  step: [{ events?: number }, LabStatus];
  reset: [void, LabStatus];
  status: [void, LabStatus];
  listRegisterFiles: [void, RegisterFileInfo[]];
  readRegisters: [ReadRegistersParams, ReadRegistersResult];
  writeRegister: [WriteRegisterParams, WriteRegisterResult];
  queryLog: [LogQuery, LogPage];
  metrics: [void, RunSummary];
  /** Validates a text (and overrides) without replacing the loaded run. */
  validate: [LoadParams, { issues: ScenarioIssue[] }];
  setStopPoints: [StopPoints, StopPoints];
  /** The last stop-point hit since the last load, run or step (null if none). */
  lastStop: [void, StopHit | null];
  /** Runs event by event until a new hop (of `kind`, when given) is recorded, then pauses. */
  stepToHop: [{ kind?: string; maxEvents?: number }, LabStatus];
  queryHops: [HopQuery, LogPage];
  logVocabulary: [void, LogVocabulary];
  latencyHistogram: [{ bins?: number }, LatencyHistograms];
  searchRegisters: [{ query: string; limit?: number }, RegisterHit[]];
  /** Starts running the text twice, with each side's overrides, in slices beside any run. */
  compare: [CompareParams, CompareProgress];
  compareProgress: [void, CompareProgress];
  /** Hops of one side of the last finished comparison (its run is kept until the next compare): the swimlane's A and B. */
  compareHops: [{ side: 0 | 1; query: HopQuery }, LogPage];
  /** The log (or a window of it) as Chrome Trace Event JSON. */
  exportTrace: [TraceQuery, TraceExport];
  /**
   * A machine as a graph of named ports (devices, controllers, kernel objects, vCPUs, guest handlers): the loaded
   * one, or, given a text, the machine that text builds (without replacing the loaded run).
   */
  machineGraph: [{ text?: string; seed?: number; set?: Record<string, string> } | void, MachineGraphResult];
  /** Every hop kind with its layer, class, costs and meaning (needs no scenario). */
  hopCatalog: [void, HopCatalogInfo];
  /** Loads the text with its sources quiet and runs a qtest script on it (`virq qtest`); the lab keeps that machine. */
  runQtest: [QtestParams, QtestResult];
  /** Starts a sweep of the text (replacing any sweep running), run in slices beside any run. */
  sweep: [SweepParams, SweepProgress];
  sweepProgress: [void, SweepProgress];
  cancelSweep: [void, SweepProgress];
  /**
   * The costs a scenario runs with (every catalog entry: figure in use, default, source, estimate and its range,
   * overridden or not): the loaded one's, or, given a text, that text's (without replacing the loaded run).
   */
  costsInUse: [{ text?: string; seed?: number; set?: Record<string, string> } | void, CostsInUseResult];
  /** The loaded run's point as a snapshot document (to save to a file). */
  snapshot: [void, LabSnapshot];
  /**
   * Loads a snapshot's text and re-executes it to the snapshot's event (deterministic re-execution), refused when
   * it does not reach the snapshot's log hash. Answers within about a second; a longer re-execution goes on in
   * slices (state running, its progress in stopReason) and Pause abandons it, leaving the run as it was.
   */
  restore: [{ snapshot: LabSnapshot }, LabStatus];
  /** Goes back `events` events (default 1) by re-executing the run to that point (sliced as `restore`). */
  stepBack: [{ events?: number }, LabStatus];
  /** Goes back to the previous hit of a hop-kind breakpoint or a register watchpoint (given neither: of any stop point
   *  set), strictly before the current point (sliced as `restore`); lastStop then names the hit. */
  reverseContinue: [ReverseContinueParams | void, LabStatus];
  /** The ring of automatic snapshots of the loaded run, oldest first. */
  snapshotRing: [void, RingSnapshot[]];
  /** Goes to one of the ring's points, by its event count (sliced as `restore`). */
  restoreRing: [{ events: number }, LabStatus];
  /** Who last wrote a register, and the hop (null: not written since the run began). */
  lastWriter: [{ file: string; register: string }, LastWriter | null];
}

export type LabMethod = keyof LabMethods;

export type ParamsOf<M extends LabMethod> = LabMethods[M][0];

export type ResultOf<M extends LabMethod> = LabMethods[M][1];

/** Wire messages. */
export interface LabRequestMsg<M extends LabMethod = LabMethod> {
  kind: 'request';
  id: number;
  method: M;
  params: ParamsOf<M>;
}

export type LabResponseMsg =
  | { kind: 'response'; id: number; ok: true; result: unknown }
  | { kind: 'response'; id: number; ok: false; error: string };

export interface LabStatusMsg {
  kind: 'status';
  status: LabStatus;
}

/**
 * Sent by a transport's supervisor (Electron's main, the web build's worker supervisor), never by a lab host: the
 * lab host died or stopped answering, and was restarted (or, when `restarted` is false, given up on). Requests it
 * held have already been failed; the new host has nothing loaded.
 */
export interface LabRestartNotice {
  /** What happened, in a few words: "lab host crashed: …", "lab host stopped answering for 10 s". */
  reason: string;
  restarted: boolean;
  /** Set when the host was restarted because it stopped answering: how long it was silent. */
  silentMs?: number;
}

export interface LabRestartMsg extends LabRestartNotice {
  kind: 'restart';
}

export type LabToClientMsg = LabResponseMsg | LabStatusMsg | LabRestartMsg;

/** The minimal port every transport adapts to (Web Worker, worker_threads, MessagePortMain, in-process pair). */
export interface PortLike {
  post(msg: unknown): void;
  listen(onMessage: (msg: unknown) => void): void;
}

/** What a UI holds: the same whether the host is in-process, in a Web Worker or behind Electron IPC. */
export interface LabApi {
  call<M extends LabMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  onStatus(listener: (status: LabStatus) => void): () => void;
  /** Hears the transport restart the lab host (absent where the host cannot be lost: in-process). */
  onRestart?(listener: (notice: LabRestartNotice) => void): () => void;
}

/** Channel names used by Electron's main and preload. */
export const ELECTRON_LAB_PORT_CHANNEL = 'virq:lab-port';

/** Every method name, at run time (for validating requests that cross into Electron's main process). */
export const LAB_METHODS = [
  'listPresets', 'getPreset', 'load', 'run', 'pause', 'step', 'reset', 'status',
  'listRegisterFiles', 'readRegisters', 'writeRegister', 'queryLog', 'metrics',
  'validate', 'setStopPoints', 'lastStop', 'stepToHop', 'queryHops', 'logVocabulary', 'latencyHistogram',
  'searchRegisters', 'compare', 'compareProgress', 'compareHops', 'exportTrace', 'machineGraph', 'hopCatalog', 'runQtest', 'sweep', 'sweepProgress', 'cancelSweep',
  'costsInUse', 'snapshot', 'restore', 'stepBack', 'reverseContinue', 'snapshotRing', 'restoreRing', 'lastWriter',
] as const satisfies readonly LabMethod[];
type _AllMethodsListed = Exclude<LabMethod, (typeof LAB_METHODS)[number]> extends never ? true : never;

export const LAB_METHODS_COMPLETE: _AllMethodsListed = true;

/** The wall clock and deferral a lab host needs, supplied by its edge (the simulation itself never reads wall time). */
export interface HostClock {
  /** Wall-clock milliseconds (performance.now()). */
  now(): number;
  /** Run fn soon, after pending messages are handled (setImmediate / setTimeout 0). */
  defer(fn: () => void): void;
}

/** Electron channels for the scenario file dialogs (invoke from the preload, handled in main). */
export const ELECTRON_SCENARIO_OPEN_CHANNEL = 'virq:scenario-open';

export const ELECTRON_SCENARIO_SAVE_CHANNEL = 'virq:scenario-save';

/** Electron channel main sends File-menu commands on (to the page, through the preload). */
export const ELECTRON_MENU_CHANNEL = 'virq:menu';

/** A File-menu command: the page acts as if its own button was pressed; `openFile` carries a recent file main read. */
export type ElectronMenuCommand =
  | { kind: 'new' }
  | { kind: 'open' }
  | { kind: 'save' }
  | { kind: 'saveAs' }
  | { kind: 'openFile'; file: { name: string; text: string; path: string } };
