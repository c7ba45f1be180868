// The rows of a side-by-side comparison: one per figure of two RunSummary objects, with the difference B − A. Shared
// by the app's Compare table (and its CSV) and `virq run --csv`, which writes the same rows for one run.
import type { HopCatalogInfo, RunSummary } from './protocol';

/** ns: a duration; count: a whole number; rate: a number per second or a ratio (two decimals); pct: a percentage. */
export type RowUnit = 'ns' | 'count' | 'rate' | 'pct';

export interface CompareRow {
  group: string;
  label: string;
  unit: RowUnit;
  a: number | null;
  b: number | null;
  /** Lower is better (latency, exits, CPU time, lost flows): colours the difference. */
  lowerIsBetter: boolean;
  /** The label is a hop kind (its colour and meaning come from the hop catalog). */
  hopKind?: boolean;
}

/** `kindRank` orders the per-hop-kind rows (the catalog's layer order); by name when not given or equal. */
export function compareRows(a: RunSummary, b: RunSummary, kindRank: (kind: string) => number = () => 0): CompareRow[] {
  const rows: CompareRow[] = [];
  const add = (group: string, label: string, unit: RowUnit, va: number | undefined, vb: number | undefined, lowerIsBetter = true) =>
    rows.push({ group, label, unit, a: va ?? null, b: vb ?? null, lowerIsBetter });

  for (const p of ['p50', 'p90', 'p99', 'max'] as const) add('Latency (raise → handler)', p, 'ns', a.latencyNs[p], b.latencyNs[p]);
  for (const p of ['p50', 'p90', 'p99', 'max'] as const) add('Completion (raise → EOI/unmask)', p, 'ns', a.completionNs[p], b.completionNs[p]);
  const vms = union(Object.keys(a.perVm), Object.keys(b.perVm));
  for (const vm of vms) {
    const va = a.perVm[vm];
    const vb = b.perVm[vm];
    if (!va?.latencyNs.count && !vb?.latencyNs.count) continue;
    for (const p of ['p50', 'p99'] as const) add(`Latency of ${vm}`, p, 'ns', va?.latencyNs[p], vb?.latencyNs[p]);
  }
  // Throughput first where the scenario has workloads: what a benchmark reports, and % of the bare-metal twin.
  for (const dev of union(Object.keys(a.workloads ?? {}), Object.keys(b.workloads ?? {}))) {
    const wa = a.workloads?.[dev];
    const wb = b.workloads?.[dev];
    const g = `Throughput of ${dev}`;
    if (wa?.rr || wb?.rr) {
      add(g, 'transactions/s', 'rate', wa?.rr?.transactionsPerSec, wb?.rr?.transactionsPerSec, false);
      add(g, 'transaction latency (mean)', 'ns', wa?.rr?.latencyNs.mean, wb?.rr?.latencyNs.mean);
      add(g, 'exits per transaction', 'rate', wa?.rr?.exitsPerTransaction, wb?.rr?.exitsPerTransaction);
    }
    if (wa?.stream || wb?.stream) {
      add(g, 'Gbit/s', 'rate', wa?.stream?.gbps, wb?.stream?.gbps, false);
      add(g, 'drops', 'count', wa?.stream?.drops, wb?.stream?.drops);
    }
    add(g, 'interrupts/s', 'rate', wa?.interruptsPerSec, wb?.interruptsPerSec);
    add(g, '% of bare metal (throughput)', 'pct', a.bareMetal?.pctOfBareMetal[dev]?.throughput,
      b.bareMetal?.pctOfBareMetal[dev]?.throughput, false);
  }
  if (a.renderLoops || b.renderLoops) {
    for (const vm of union(Object.keys(a.renderLoops?.perVm ?? {}), Object.keys(b.renderLoops?.perVm ?? {}))) {
      add('Render loops', `${vm} frames/s`, 'rate', a.renderLoops?.perVm[vm]?.framesPerSec, b.renderLoops?.perVm[vm]?.framesPerSec, false);
    }
    add('Render loops', 'total frames/s', 'rate', a.renderLoops?.totalFramesPerSec, b.renderLoops?.totalFramesPerSec, false);
  }
  add('Flows', 'raised', 'count', a.flows.raised, b.flows.raised, false);
  add('Flows', 'delivered', 'count', a.flows.delivered, b.flows.delivered, false);
  add('Flows', 'coalesced', 'count', a.flows.coalesced, b.flows.coalesced);
  add('Flows', 'dropped (lost)', 'count', a.flows.dropped, b.flows.dropped);
  add('Flows', 'pending (stuck)', 'count', a.flows.pending, b.flows.pending);
  add('VM exits', 'total', 'count', a.vmExits.total, b.vmExits.total);
  for (const reason of union(Object.keys(a.vmExits.byReason), Object.keys(b.vmExits.byReason))) {
    add('VM exits', reason, 'count', a.vmExits.byReason[reason] ?? 0, b.vmExits.byReason[reason] ?? 0);
  }
  const kinds = union(Object.keys(a.hopTimeNs), Object.keys(b.hopTimeNs)).sort((x, y) => kindRank(x) - kindRank(y) || (x < y ? -1 : 1));
  for (const kind of kinds) {
    add('Host CPU time per hop kind', kind, 'ns', a.hopTimeNs[kind]?.totalNs ?? 0, b.hopTimeNs[kind]?.totalNs ?? 0);
    rows[rows.length - 1]!.hopKind = true;
  }
  add('Run', 'events', 'count', a.events, b.events, false);
  add('Run', 'hops', 'count', a.hops, b.hops, false);
  add('Run', 'simulated time', 'ns', a.simulatedNs, b.simulatedNs, false);
  return rows;
}

/** The catalog's order of hop kinds for `compareRows`: the layer's place (device first), unknown kinds last. */
export function catalogRank(catalog: HopCatalogInfo): (kind: string) => number {
  const layerIndex = new Map(catalog.layers.map((l, i) => [l.layer, i]));
  const kindLayer = new Map(catalog.kinds.map((k) => [k.kind, layerIndex.get(k.layer) ?? catalog.layers.length]));
  return (kind) => kindLayer.get(kind) ?? catalog.layers.length;
}

/** B − A, and relative to A when A is not zero. */
export function difference(r: CompareRow): { delta: number; ratio: number | null } | null {
  if (r.a === null || r.b === null) return null;
  const delta = r.b - r.a;
  return { delta, ratio: r.a !== 0 ? delta / r.a : null };
}

function union(a: string[], b: string[]): string[] {
  return [...new Set([...a, ...b])].sort();
}
