// The hop log as the UI pulls it: pages under filters, vocabulary, histograms, stop points, trace export.
import type { WatchpointSpec } from './registers';
import type { Ns, Percentiles } from './run';

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
