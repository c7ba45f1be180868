// Latency histograms (raise → servicing handler) for all flows, per VM and per interrupt source, on shared bins.
import { percentiles } from '../core/metrics';
import type { Simulator } from '../core/simulator';
import type { HistogramGroup, LatencyHistograms } from '../../shared/protocol';

export function latencyHistograms(sim: Simulator, bins = 40): LatencyHistograms {
  const flows = sim.flows;
  const s = sim.log.strings;
  const n = Math.max(1, Math.min(200, Math.floor(bins)));
  const lat: number[] = [];
  const byVm = new Map<number, number[]>();
  const bySource = new Map<number, number[]>();
  for (let f = 1; f <= flows.count; f++) {
    const d = flows.deliveredOf(f);
    if (d < 0) continue;
    const v = d - flows.raisedOf(f);
    lat.push(v);
    push(byVm, flows.vmOf(f), v);
    push(bySource, flows.sourceOf(f), v);
  }
  const all = percentiles(Float64Array.from(lat));
  // Bins span up to the 99th percentile (rounded up to a tidy step); the last bin collects the tail above it.
  const top = Math.max(1, all.p99);
  const step = tidy(top / (n - 1));
  const edgesNs = Array.from({ length: n + 1 }, (_, i) => i * step);
  const group = (key: string, label: string, values: number[]): HistogramGroup => {
    const counts = new Array<number>(n).fill(0);
    for (const v of values) counts[Math.min(n - 1, Math.floor(v / step))]!++;
    return { key, label, latencyNs: percentiles(Float64Array.from(values)), counts };
  };
  const groups = [group('all', 'all flows', lat)];
  for (const [id, values] of sorted(byVm, s.str.bind(s))) groups.push(group(`vm:${s.str(id)}`, `VM ${s.str(id)}`, values));
  for (const [id, values] of sorted(bySource, s.str.bind(s))) groups.push(group(`source:${s.str(id)}`, `source ${s.str(id)}`, values));
  return { edgesNs, groups };
}

function push(m: Map<number, number[]>, k: number, v: number): void {
  const list = m.get(k);
  if (list) list.push(v); else m.set(k, [v]);
}

function sorted(m: Map<number, number[]>, name: (id: number) => string): [number, number[]][] {
  return [...m.entries()].sort(([a], [b]) => (name(a) < name(b) ? -1 : name(a) > name(b) ? 1 : 0));
}

/** 1, 2 or 5 × a power of ten, at least x. */
function tidy(x: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(1, x)));
  for (const m of [1, 2, 5, 10]) if (m * p >= x) return m * p;
  return 10 * p;
}
