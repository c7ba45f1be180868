// A sweep in the app: a grid of runs (the parameters varied, `virq sweep`'s --vary syntax) at several seeds, run by
// the lab host in slices beside any other run, with the rows so far: each metric's mean and 95 % interval.

export interface SweepParams {
  /** Scenario text, YAML or JSON. */
  text: string;
  /** The first seed (default: the scenario's); seed k of a point is seed + k. */
  seed?: number;
  /** One or two `PATH=V1,V2,…` or `PATH=FROM..TO:N[log]` specs; the first is the x axis. */
  vary: string[];
  seeds?: number;
  /** Summary paths (`latencyNs.p99`, `perVm.vm0.cpuNs.hostNsPerFlow`); default: the CLI's default metrics. */
  metrics?: string[];
  /** Sources stop raising at this simulated time (the scenario's duration otherwise). */
  untilNs?: number;
}

export interface SweepEstimate {
  n: number;
  mean: number | null;
  ci95: number | null;
}

export interface SweepProgressRow {
  point: number;
  set: Record<string, string>;
  seeds: number;
  /** One per metric, in the order of `metrics`. */
  estimates: SweepEstimate[];
}

export interface SweepProgress {
  id: number;
  state: 'idle' | 'running' | 'done' | 'cancelled' | 'failed';
  error?: string;
  paths: string[];
  /** Each varied path's values, in grid order. */
  values: string[][];
  metrics: string[];
  points: number;
  seeds: number;
  runsDone: number;
  runs: number;
  /** The lab host's helper workers taking runs beside its own thread (0: every run in the lab host), and how many
   * runs they were given. */
  helpers?: number;
  runsByHelpers?: number;
  /** The points whose seeds have all run, in grid order. */
  rows: SweepProgressRow[];
  /** The rows so far as `virq sweep --csv` prints them (the same bytes for the same grid and seeds). */
  csv: string;
}
