// Compare: one scenario run twice with two sets of switches.
import type { Ns, RunSummary } from './run';
import type { ScenarioIssue } from './scenario';

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
  /** The latency distributions, once the side has finished (for Compare's CDF chart). */
  cdf?: FlowCdf;
}

/** Quantiles of the delivery (raise → handler) and completion latencies at the fractions `q` (empty: no flow). */
export interface FlowCdf {
  q: number[];
  latencyNs: Ns[];
  completionNs: Ns[];
}

export interface CompareProgress {
  state: 'idle' | 'running' | 'done' | 'failed';
  /** Increases with every compare started, so a UI can tell its own. */
  id: number;
  sides: CompareSide[];
}
