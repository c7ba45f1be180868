// One run of a sweep: the scenario with the point's overrides at one seed, to the end, reduced to its metrics.
// The same function runs in-process and in each worker thread, so a point's numbers do not depend on where it ran.
import { Lab } from '../lab';
import { metricOf } from './metrics';

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
  const r = Lab.load(text, { seed: task.seed, set: task.set, untilNs: task.untilNs });
  if (!r.ok) return { point: task.point, seedIndex: task.seedIndex, values: [], error: r.issues.map((i) => `${i.path}: ${i.message}`).join('; ') };
  const s = r.lab.runToEnd();
  const out: SweepTaskResult = { point: task.point, seedIndex: task.seedIndex, values: metrics.map((m) => metricOf(s, m)) };
  if (task.kinds) out.kinds = Object.entries(s.hopTimeNs).filter(([, t]) => t.totalNs > 0).map(([k]) => k).sort();
  r.lab.dispose();
  return out;
}
