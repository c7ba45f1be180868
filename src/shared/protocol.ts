// The contract between a UI (renderer, CLI, tests) and a lab host.
// Types only: every transport (Electron MessagePort, Web Worker, in-process) carries these same messages.

/** Integer nanoseconds of simulated time. */
export type Ns = number;

export type RunState = 'empty' | 'loaded' | 'running' | 'paused' | 'finished';

export interface FlowCounts {
  raised: number;
  delivered: number;
  coalesced: number;
  dropped: number;
  pending: number;
}

export interface Percentiles {
  count: number;
  p50: Ns;
  p90: Ns;
  p99: Ns;
  max: Ns;
}

/** Small, pushed at most ~30 times a second while running. */
export interface LabStatus {
  state: RunState;
  scenario: string | null;
  seed: number;
  simNs: Ns;
  /** Sources stop raising here; the run then drains. */
  untilNs: Ns;
  events: number;
  hops: number;
  flows: FlowCounts;
  /** Events processed per wall-clock second over the last slice (0 when idle). */
  eventsPerSec: number;
  /** Why the run stopped last, e.g. "drained", "paused", "step", "until". */
  stopReason: string | null;
}

/** One validation problem: a path into the scenario and, when known, where it is in the text. */
export interface ScenarioIssue {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export interface PresetInfo {
  name: string;
  description: string;
  seeds: string[];
  /** `--set` path → allowed values, for each design switch present in the preset. */
  switches: Record<string, string[]>;
}

export interface LoadParams {
  /** Scenario text, YAML or JSON. */
  text: string;
  /** Overrides the scenario's own seed. */
  seed?: number;
  /** `--set` style overrides: path → value text. */
  set?: Record<string, string>;
}

export type LoadResult =
  | { ok: true; status: LabStatus }
  | { ok: false; issues: ScenarioIssue[] };

export type FieldAccess = 'rw' | 'ro' | 'w1c' | 'wo';

export interface FieldView {
  name: string;
  msb: number;
  lsb: number;
  access: FieldAccess;
  meaning: string;
  /** Hex string of the field's value. */
  value: string;
  /** Named value when the declaration names it (e.g. "level"). */
  valueName?: string;
}

export interface RegisterView {
  name: string;
  offset: number;
  width: number;
  /** Hex strings (values may exceed 2^53). */
  value: string;
  reset: string;
  meaning: string;
  fields: FieldView[];
}

export interface RegisterFileInfo {
  /** Unique path, e.g. "host/cpu0/lapic" or "vm0/vcpu1/vlapic". */
  id: string;
  /** Who owns it: "host" for physical, else the VM id. */
  owner: string;
  /** The device it belongs to, e.g. "cpu0", "nic0". */
  device: string;
  /** The register file's title, e.g. "Local APIC". */
  title: string;
  virtual: boolean;
  registerCount: number;
}

export interface ReadRegistersParams {
  file: string;
  /** First register index, default 0. */
  start?: number;
  /** How many, default all. */
  count?: number;
}

export interface ReadRegistersResult {
  file: RegisterFileInfo;
  simNs: Ns;
  registers: RegisterView[];
}

export interface WriteRegisterParams {
  file: string;
  register: string;
  /** Write only this field (read-modify-write of the register). */
  field?: string;
  /** Decimal or 0x-hex. */
  value: string;
}

export interface WriteRegisterResult {
  ok: boolean;
  message: string;
  register?: RegisterView;
}

export interface LogFilter {
  vm?: string;
  /** The "where" of a hop starts with this, e.g. "nic0" or "cpu1". */
  device?: string;
  kind?: string;
  flow?: number;
}

export interface LogQuery {
  /** Index into the filtered rows; negative counts from the end (-50 = the last 50). */
  start: number;
  count: number;
  filter?: LogFilter;
}

export interface HopRow {
  /** Sequence number of the hop since the run started. */
  seq: number;
  timeNs: Ns;
  durNs: Ns;
  flow: number;
  kind: string;
  where: string;
  vm: string;
  detail: string;
}

export interface LogPage {
  /** Rows matching the filter still held in the ring. */
  total: number;
  /** Hops overwritten by the ring since the run started. */
  overwritten: number;
  start: number;
  rows: HopRow[];
}

export interface RunSummary {
  scenario: string;
  seed: number;
  simulatedNs: Ns;
  events: number;
  hops: number;
  hopsOverwritten: number;
  flows: FlowCounts;
  latencyNs: Percentiles;
  completionNs: Percentiles;
  vmExits: { total: number; byReason: Record<string, number> };
  perVm: Record<string, VmSummary>;
  /** Time spent per hop kind, summed over all hops. */
  hopTimeNs: Record<string, { count: number; totalNs: Ns }>;
  /** Where time went: host CPUs (handlers, exits, KVM, VFIO), guest code, and the wire (devices, buses, IPIs in flight). */
  cpuNs: CpuTime;
  /** Flows that can never complete, each with why. */
  stuck: { flow: number; source: string; vm: string; reason: string }[];
  logHash: string;
  /** Display events reaching the VMM (seed 001), when a vGPU has a display workload: raised = consumed + misattributed + lost. */
  display?: DisplaySummary;
  /** GPU mediation (GVT-g, seeds 000/002), when the scenario has a gvt section. */
  gvt?: GvtSummary;
}

export interface DisplaySummary {
  raised: number;
  consumed: number;
  /** Reads that found something (one per consumer wake-up that read). */
  wakeups: number;
  /** Acted on as another type (a byte lane overflowing into the next). */
  misattributed: number;
  /** Never acted on as any type (carried out of the lanes, or the value ignored by an irqfd). */
  lost: number;
  /** eventfd signals (one per raised event). */
  signals: number;
  /** Frames where the consumer stalled. */
  stalls: number;
}

export interface GvtFanoutCounts { delivered: number; masked: number; coalesced: number }

export interface GvtVmSummary extends GvtFanoutCounts {
  /** Virtual vblank flows (timer expiries) by outcome. */
  vblank: GvtFanoutCounts;
  /** Virtual interrupts injected (MSI to the guest, or the host strategy's kick). */
  injections: number;
  injectBlocked: Record<string, number>;
  /** Events dropped by the vIMR, per event name. */
  maskedByEvent: Record<string, number>;
  /** The driver's PV INFO detection outcome: gvt, native, version-mismatch. */
  pvInfo: string;
  /** Fence registers the driver uses. */
  fences: number;
}

export interface GvtSummary {
  hostInjection: string;
  displayIrq: string;
  /** Physical interrupts handled by the mediator's pirq handler, and rising edges of the GPU's output. */
  pirqs: number;
  physicalEdges: number;
  guestTraps: number;
  hostHooks: number;
  /** Times the host i915 handler ran inside another access's emulation (hardirq-tail), and the accesses it made there. */
  nestedEmulations: number;
  nestedAccesses: number;
  /** Per vGPU (VM name, or "host"): physical-event flows through the fan-out by outcome (delivered + masked + coalesced). */
  perVm: Record<string, GvtVmSummary>;
}

export interface CpuTime {
  hostNs: Ns;
  guestNs: Ns;
  wireNs: Ns;
  /** hostNs divided by the flows raised. */
  hostNsPerFlow: Ns;
}

export interface VmSummary {
  /** Time spent on this VM's (or the host's own) flows. */
  cpuNs: CpuTime;
  flows: FlowCounts;
  latencyNs: Percentiles;
  completionNs: Percentiles;
  vmExits: { total: number; byReason: Record<string, number> };
}

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
  /** The log (or a window of it) as Chrome Trace Event JSON. */
  exportTrace: [TraceQuery, TraceExport];
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

export type LabToClientMsg = LabResponseMsg | LabStatusMsg;

/** The minimal port every transport adapts to (Web Worker, worker_threads, MessagePortMain, in-process pair). */
export interface PortLike {
  post(msg: unknown): void;
  listen(onMessage: (msg: unknown) => void): void;
}

/** What a UI holds: the same whether the host is in-process, in a Web Worker or behind Electron IPC. */
export interface LabApi {
  call<M extends LabMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  onStatus(listener: (status: LabStatus) => void): () => void;
}

/** Channel names used by Electron's main and preload. */
export const ELECTRON_LAB_PORT_CHANNEL = 'virq:lab-port';

/** Every method name, at run time (for validating requests that cross into Electron's main process). */
export const LAB_METHODS = [
  'listPresets', 'getPreset', 'load', 'run', 'pause', 'step', 'reset', 'status',
  'listRegisterFiles', 'readRegisters', 'writeRegister', 'queryLog', 'metrics',
  'validate', 'setStopPoints', 'lastStop', 'stepToHop', 'queryHops', 'logVocabulary', 'latencyHistogram',
  'searchRegisters', 'compare', 'compareProgress', 'exportTrace',
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

/** A preset as the edge found it (a file in resources/presets, or a bundled copy in the web build). */
export interface PresetSource {
  name: string;
  text: string;
}

// ─── Additions for the full lab views (issue 7): appended, existing types unchanged. ───

/** A register (or one of its fields) whose change, or match with a value, pauses a run. */
export interface WatchpointSpec {
  file: string;
  register: string;
  field?: string;
  /** 'change': any change of value; 'equals': the value becomes `value`. */
  when: 'change' | 'equals';
  /** Decimal or 0x-hex, for 'equals'. */
  value?: string;
}

/** What pauses a run besides `untilNs`: the next hop of any of these kinds, or a watchpoint firing. */
export interface StopPoints {
  hopKinds: string[];
  watchpoints: WatchpointSpec[];
}

/** Why the last run or step stopped at a stop point (null when it stopped for another reason). */
export interface StopHit {
  kind: 'breakpoint' | 'watchpoint';
  message: string;
  /** The hop that hit a breakpoint. */
  seq?: number;
  simNs: Ns;
}

/** A log filter with a simulated-time range. */
export interface HopFilter extends LogFilter {
  fromNs?: Ns;
  toNs?: Ns;
}

export interface HopQuery {
  /** Index into the filtered rows; negative counts from the end. */
  start: number;
  count: number;
  filter?: HopFilter;
}

/** The names seen in the log, for filter and breakpoint menus. */
export interface LogVocabulary {
  kinds: string[];
  vms: string[];
  places: string[];
}

export interface HistogramGroup {
  /** "all", "vm:vm0" or "source:nic0". */
  key: string;
  label: string;
  latencyNs: Percentiles;
  /** counts[i] flows with latency in [edgesNs[i], edgesNs[i+1]); the last bin holds everything above. */
  counts: number[];
}

export interface LatencyHistograms {
  edgesNs: Ns[];
  groups: HistogramGroup[];
}

export interface RegisterHit {
  file: string;
  fileTitle: string;
  owner: string;
  device: string;
  register: string;
  field?: string;
  meaning: string;
}

export interface CompareSideParams {
  label: string;
  /** `--set` style overrides for this side. */
  set: Record<string, string>;
}

export interface CompareParams {
  text: string;
  seed?: number;
  a: CompareSideParams;
  b: CompareSideParams;
}

export interface CompareSide {
  label: string;
  set: Record<string, string>;
  simNs: Ns;
  untilNs: Ns;
  events: number;
  finished: boolean;
  issues?: ScenarioIssue[];
  summary?: RunSummary;
}

export interface CompareProgress {
  state: 'idle' | 'running' | 'done' | 'failed';
  /** Increases with every compare started, so a UI can tell its own. */
  id: number;
  sides: CompareSide[];
}

/** Electron channels for the scenario file dialogs (invoke from the preload, handled in main). */
export const ELECTRON_SCENARIO_OPEN_CHANNEL = 'virq:scenario-open';
export const ELECTRON_SCENARIO_SAVE_CHANNEL = 'virq:scenario-save';

/** A window of the log to export as Chrome Trace Event JSON. */
export interface TraceQuery {
  fromNs?: Ns;
  toNs?: Ns;
  /** At most this many hops, oldest first (default 200,000). */
  maxHops?: number;
}

export interface TraceExport {
  /** Chrome Trace Event JSON (opens in ui.perfetto.dev). */
  json: string;
  hops: number;
  /** True when the window held more hops than were exported. */
  truncated: boolean;
}
