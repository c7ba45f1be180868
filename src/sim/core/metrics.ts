// Run metrics computed from the flow table and the hop log: latency percentiles, flow counts, VM exits.
import { FlowState, type FlowTable } from './flows';
import type { Ns } from './time';

export interface Percentiles { count: number; p50: Ns; p90: Ns; p99: Ns; max: Ns }
export interface FlowCounts { raised: number; delivered: number; coalesced: number; dropped: number; pending: number }

/** Nearest-rank percentiles of a list of durations. */
export function percentiles(values: Float64Array): Percentiles {
  const n = values.length;
  if (n === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const s = Float64Array.from(values).sort();
  const rank = (p: number) => s[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  return { count: n, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: s[n - 1]! };
}

/** Flow counts, delivery latencies and completion latencies, for all flows or those of one VM (interned id). */
export function flowFigures(flows: FlowTable, vmId?: number): { counts: FlowCounts; latency: Percentiles; completion: Percentiles } {
  const counts: FlowCounts = { raised: 0, delivered: 0, coalesced: 0, dropped: 0, pending: 0 };
  const lat: number[] = [];
  const comp: number[] = [];
  for (let f = 1; f <= flows.count; f++) {
    if (vmId !== undefined && flows.vmOf(f) !== vmId) continue;
    counts.raised++;
    const st = flows.stateOf(f);
    if (st === FlowState.Dropped) { counts.dropped++; continue; }
    if (st === FlowState.Delivered) counts.delivered++;
    else if (st === FlowState.Coalesced) counts.coalesced++;
    const raised = flows.raisedOf(f);
    if (flows.deliveredOf(f) >= 0) lat.push(flows.deliveredOf(f) - raised);
    if (flows.completedOf(f) >= 0) comp.push(flows.completedOf(f) - raised);
    else counts.pending++;
  }
  return { counts, latency: percentiles(Float64Array.from(lat)), completion: percentiles(Float64Array.from(comp)) };
}

/** VM exits by reason, per VM. */
export class ExitCounter {
  private readonly byVm = new Map<string, Map<string, number>>();

  count(vm: string, reason: string): void {
    let m = this.byVm.get(vm);
    if (!m) this.byVm.set(vm, (m = new Map()));
    m.set(reason, (m.get(reason) ?? 0) + 1);
  }

  summary(vm?: string): { total: number; byReason: Record<string, number> } {
    const byReason: Record<string, number> = {};
    let total = 0;
    for (const [v, m] of this.byVm) {
      if (vm !== undefined && v !== vm) continue;
      for (const [r, n] of m) { byReason[r] = (byReason[r] ?? 0) + n; total += n; }
    }
    const sorted: Record<string, number> = {};
    for (const k of Object.keys(byReason).sort()) sorted[k] = byReason[k]!;
    return { total, byReason: sorted };
  }
}
