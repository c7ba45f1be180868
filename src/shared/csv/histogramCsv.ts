// The log's latency histograms as CSV: one row per bin of each group (all flows, each VM, each source), its bounds
// in ns and its count of flows. The last bin of a group has no upper bound (it holds the tail): an empty cell.
import type { LatencyHistograms } from '../protocol';
import { csvText } from './csv';

export const HISTOGRAM_CSV_HEADER = ['group', 'lowerNs', 'upperNs', 'count'] as const;

export function histogramCsv(h: LatencyHistograms): string {
  return csvText(HISTOGRAM_CSV_HEADER, h.groups.flatMap((g) => g.counts.map((count, i) =>
    [g.key, h.edgesNs[i], i === g.counts.length - 1 ? null : h.edgesNs[i + 1], count])));
}
