// One run of a sweep: the scenario with the point's overrides at one seed, to the end, reduced to its metrics.
// The same function runs in-process and in each worker thread, so a point's numbers do not depend on where it ran.
// A sweep reads only the run's summary, so its runs keep a small hop ring (sweepLoad): the scenario's 1 M hops are
// 32 MB to allocate and page in per run, about half of a 50 ms msi-emulated run's time.
import type { RunSummary } from '../../../shared/protocol';
import { Lab, type LabLoad, type LabOptions } from '../lab';
import { metricOf } from './metrics';

/** The hop ring of a sweep's run: the schema's smallest. */
export const SWEEP_LOG_CAPACITY = 1000;

/** Loads a run for its summary only. */
export function sweepLoad(text: string, opts: LabOptions): LabLoad {
  return Lab.load(text, { ...opts, logCapacity: SWEEP_LOG_CAPACITY });
}

/**
 * The summary as a run with the scenario's own ring gives it: every figure is a running total (the same whatever the
 * ring holds; a test runs every preset both ways) but hopsOverwritten, counted here against the scenario's ring.
 */
export function sweepSummary(lab: Lab): RunSummary {
  const s = lab.summary();
  return { ...s, hopsOverwritten: Math.max(0, s.hops - lab.scenario.log.capacity) };
}

export interface SweepTask {
  /** Grid point index and seed index, to put the result back in place. */
  point: number;
  seedIndex: number;
  seed: number;
  /** The base overrides (`--set`) and the point's, the point's last. */
  set: Record<string, string>;
  untilNs?: number;
  /** Another scenario and other metrics than the pool's (`virq reproduce` runs several presets in one pool). */
  text?: string;
  metrics?: string[];
  /** Also report the hop kinds that took time in the run (which costs the figures depend on). */
  kinds?: boolean;
}

export interface SweepTaskResult {
  point: number;
  seedIndex: number;
  /** One value per metric (null where the run has no such figure). */
  values: (number | null)[];
  /** Why the point's scenario was refused (validation), when it was. */
  error?: string;
  /** The hop kinds that took time, when the task asked. */
  kinds?: string[];
}

export function runSweepTask(poolText: string, poolMetrics: readonly string[], task: SweepTask): SweepTaskResult {
  const text = task.text ?? poolText;
  const metrics = task.metrics ?? poolMetrics;
  const r = sweepLoad(text, { seed: task.seed, set: task.set, untilNs: task.untilNs });
  if (!r.ok) return { point: task.point, seedIndex: task.seedIndex, values: [], error: r.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
  r.lab.runToEnd();
  const s = sweepSummary(r.lab);
  const out: SweepTaskResult = { point: task.point, seedIndex: task.seedIndex, values: metrics.map((m) => metricOf(s, m)) };
  if (task.kinds) out.kinds = Object.entries(s.hopTimeNs).filter(([, t]) => t.totalNs > 0).map(([k]) => k).sort();
  r.lab.dispose();
  return out;
}
