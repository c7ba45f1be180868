// Run metrics computed from the flow table and the hop log: latency percentiles, flow counts, VM exits.
import { FlowState, type FlowTable } from './flows';
import type { Ns } from './time';

export interface Percentiles { count: number; p50: Ns; p90: Ns; p99: Ns; max: Ns }
export interface FlowCounts { raised: number; delivered: number; coalesced: number; dropped: number; pending: number }

/** Nearest-rank percentiles of a list of durations (the list is left as it was). */
export function percentiles(values: Float64Array): Percentiles {
  return sortedPercentiles(Float64Array.from(values).sort());
}

/** Nearest-rank percentiles of durations already sorted ascending. */
function sortedPercentiles(s: Float64Array): Percentiles {
  const n = s.length;
  if (n === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0 };
  const rank = (p: number) => s[Math.min(n - 1, Math.max(0, Math.ceil(p * n) - 1))]!;
  return { count: n, p50: rank(0.5), p90: rank(0.9), p99: rank(0.99), max: s[n - 1]! };
}

export interface FlowFigures { counts: FlowCounts; latency: Percentiles; completion: Percentiles }

/** Flow counts, delivery latencies and completion latencies, for all flows or those of one VM (interned id). */
export function flowFigures(flows: FlowTable, vmId?: number): FlowFigures {
  return vmId === undefined ? flowFiguresByVm(flows, []).all : flowFiguresByVm(flows, [vmId]).byVm[0]!;
}

/**
 * The figures for all flows and for each of `vmIds` (interned ids; one with no flows gets zeros), in one pass over
 * the flow table: a run's summary asks for every VM's, and each sort is of that VM's flows only.
 */
export function flowFiguresByVm(flows: FlowTable, vmIds: readonly number[]): { all: FlowFigures; byVm: FlowFigures[] } {
  const slotOf = new Map<number, number>();
  vmIds.forEach((id, i) => { if (!slotOf.has(id)) slotOf.set(id, i); });
  const n = flows.count;
  // Slot per flow (-1: none of the VMs asked for), and how many flows each slot holds.
  const slots = new Int32Array(n + 1);
  const sizes = new Int32Array(vmIds.length);
  for (let f = 1; f <= n; f++) {
    const slot = slotOf.get(flows.vmOf(f)) ?? -1;
    slots[f] = slot;
    if (slot >= 0) sizes[slot]!++;
  }
  const all = new FiguresBuilder(n);
  const builders = vmIds.map((id, i) => (slotOf.get(id) === i ? new FiguresBuilder(sizes[i]!) : null));
  for (let f = 1; f <= n; f++) {
    const st = flows.stateOf(f);
    const raised = flows.raisedOf(f);
    const delivered = flows.deliveredOf(f);
    const completed = flows.completedOf(f);
    all.add(st, raised, delivered, completed);
    const slot = slots[f]!;
    if (slot >= 0) builders[slot]!.add(st, raised, delivered, completed);
  }
  return { all: all.figures(), byVm: vmIds.map((id) => builders[slotOf.get(id)!]!.figures()) };
}

/** Counts and latencies of a set of flows, filled in place and sorted in place. */
class FiguresBuilder {
  private readonly counts: FlowCounts = { raised: 0, delivered: 0, coalesced: 0, dropped: 0, pending: 0 };
  private readonly lat: Float64Array;
  private readonly comp: Float64Array;
  private nLat = 0;
  private nComp = 0;

  constructor(size: number) {
    this.lat = new Float64Array(size);
    this.comp = new Float64Array(size);
  }

  add(st: FlowState, raised: number, delivered: number, completed: number): void {
    const counts = this.counts;
    counts.raised++;
    if (st === FlowState.Dropped) { counts.dropped++; return; }
    if (st === FlowState.Delivered) counts.delivered++;
    else if (st === FlowState.Coalesced) counts.coalesced++;
    if (delivered >= 0) this.lat[this.nLat++] = delivered - raised;
    if (completed >= 0) this.comp[this.nComp++] = completed - raised;
    else counts.pending++;
  }

  figures(): FlowFigures {
    return {
      counts: { ...this.counts },
      latency: sortedPercentiles(this.lat.subarray(0, this.nLat).sort()),
      completion: sortedPercentiles(this.comp.subarray(0, this.nComp).sort()),
    };
  }
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
