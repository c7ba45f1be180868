// What a sweep measures at each point: any number of a run's summary (what `virq run --json` prints), named by its
// path — "latencyNs.p99", "perVm.vm0.cpuNs.hostNsPerFlow", "hopTimeNs.kvm.vmexit.totalNs" (a key with dots, such
// as a hop kind, is matched whole), "vmExits.byReason.MSR_WRITE" — and the mean with a 95 % interval over seeds.
import type { RunSummary } from '../../../shared/protocol';

/** What a sweep reports when no --metric is given. */
export const DEFAULT_METRICS = [
  'latencyNs.p50', 'latencyNs.p99', 'completionNs.p50', 'completionNs.p99',
  'vmExits.total', 'cpuNs.hostNsPerFlow', 'flows.delivered', 'flows.coalesced', 'flows.dropped',
] as const;

/** The number at `path` in the summary, or null when the run has no such figure (a VM or hop kind absent there). */
export function metricOf(summary: RunSummary, path: string): number | null {
  const parts = path.split('.');
  let node: unknown = summary;
  let i = 0;
  while (i < parts.length) {
    if (node === null || typeof node !== 'object') return null;
    const obj = node as Record<string, unknown>;
    // The longest run of parts that is a key here (hop kinds and reasons may contain dots).
    let k = parts.length;
    while (k > i && !Object.prototype.hasOwnProperty.call(obj, parts.slice(i, k).join('.'))) k--;
    if (k === i) return null;
    node = obj[parts.slice(i, k).join('.')];
    i = k;
  }
  return typeof node === 'number' && Number.isFinite(node) ? node : null;
}

/** Two-sided 95 % Student t quantiles for 1..30 degrees of freedom; 1.96 beyond. */
const T95 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228, 2.201, 2.179, 2.16, 2.145, 2.131,
  2.12, 2.11, 2.101, 2.093, 2.086, 2.08, 2.074, 2.069, 2.064, 2.06, 2.056, 2.052, 2.048, 2.045, 2.042];

export interface Estimate {
  /** Seeds that gave a value. */
  n: number;
  mean: number | null;
  /** Half-width of the 95 % confidence interval of the mean (null with fewer than 2 values). */
  ci95: number | null;
}

/** Mean and 95 % interval (Student t) of the values a metric took over the seeds. */
export function estimate(values: readonly (number | null)[]): Estimate {
  const xs = values.filter((v): v is number => v !== null);
  const n = xs.length;
  if (n === 0) return { n, mean: null, ci95: null };
  const mean = xs.reduce((a, b) => a + b, 0) / n;
  if (n < 2) return { n, mean, ci95: null };
  const variance = xs.reduce((a, x) => a + (x - mean) ** 2, 0) / (n - 1);
  const t = T95[n - 2] ?? 1.96;
  return { n, mean, ci95: t * Math.sqrt(variance / n) };
}
