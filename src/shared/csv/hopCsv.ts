// The hop log as CSV, one row per hop, oldest first: what `virq trace --csv` prints and what the app's Log exports
// for its current filter. Both read the log through the same page query (in chunks), so the same scenario, window
// and filter give the same bytes.
import type { HopFilter, HopQuery, HopRow, LogPage } from '../protocol';
import { csvLine } from './csv';

export const HOP_CSV_HEADER = ['timeNs', 'durNs', 'kind', 'where', 'flow', 'vm', 'detail'] as const;

/**
 * Most hops one export writes: the bound of one trace export (`exportTrace`, MAX_TRACE_HOPS_PER_REQUEST), about
 * 40 MB of CSV. The export says when the window held more.
 */
export const MAX_CSV_HOPS = 500_000;

/** Rows per page query (the lab answers at most 5,000 per page). */
export const HOP_CSV_CHUNK = 5_000;

/** A hop's row: times in ns as the log holds them, the flow empty for a hop of no flow (0). */
export function hopCsvLine(h: HopRow): string {
  return csvLine([h.timeNs, h.durNs, h.kind, h.where, h.flow > 0 ? h.flow : '', h.vm, h.detail]);
}

export interface HopCsv {
  text: string;
  /** Rows written. */
  hops: number;
  /** Hops matching the filter (and time range) that the log held. */
  matching: number;
  /** True when fewer rows were written than matched (the cap). */
  truncated: boolean;
}

/**
 * Pulls the rows matching `filter` page by page through `page` (the lab's `queryHops`, in-process or over the
 * protocol) and writes them as CSV, at most `max` rows. `onProgress` hears the rows pulled so far.
 */
export async function hopCsv(
  page: (q: HopQuery) => LogPage | Promise<LogPage>,
  filter: HopFilter = {},
  max = MAX_CSV_HOPS,
  onProgress?: (rows: number, of: number) => void,
): Promise<HopCsv> {
  const lines = [csvLine(HOP_CSV_HEADER)];
  let matching = 0;
  let want = max;
  for (let start = 0; start < want;) {
    const p = await page({ start, count: Math.min(HOP_CSV_CHUNK, want - start), filter });
    if (start === 0) {
      matching = p.total;
      want = Math.min(max, p.total);
    }
    if (p.rows.length === 0) break;
    for (const h of p.rows) lines.push(hopCsvLine(h));
    start += p.rows.length;
    onProgress?.(start, want);
  }
  const hops = lines.length - 1;
  return { text: `${lines.join('\n')}\n`, hops, matching, truncated: hops < matching };
}
