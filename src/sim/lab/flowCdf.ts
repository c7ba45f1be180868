// The distribution of a run's delivery and completion latencies as quantiles on a fixed grid (q = 0, 0.01, …, 1):
// what Compare draws as two overlaid CDFs. Nearest-rank, like the summary's percentiles.
import type { Simulator } from '../core/simulator';
import type { FlowCdf } from '../../shared/protocol';

export const CDF_POINTS = 101;

function quantiles(values: number[]): number[] {
  if (values.length === 0) return [];
  const s = Float64Array.from(values).sort();
  const n = s.length;
  return Array.from({ length: CDF_POINTS }, (_, i) => s[Math.min(n - 1, Math.max(0, Math.ceil((i / (CDF_POINTS - 1)) * n) - 1))]!);
}

export function flowCdf(sim: Simulator): FlowCdf {
  const lat: number[] = [];
  const comp: number[] = [];
  const flows = sim.flows;
  for (let f = 1; f <= flows.count; f++) {
    const raised = flows.raisedOf(f);
    if (flows.deliveredOf(f) >= 0) lat.push(flows.deliveredOf(f) - raised);
    if (flows.completedOf(f) >= 0) comp.push(flows.completedOf(f) - raised);
  }
  return { q: Array.from({ length: CDF_POINTS }, (_, i) => i / (CDF_POINTS - 1)), latencyNs: quantiles(lat), completionNs: quantiles(comp) };
}
