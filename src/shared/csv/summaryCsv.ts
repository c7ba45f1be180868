// A run's summary as CSV (`virq run --csv`) and a comparison of two runs (Compare's table → CSV): the rows of
// compareRows, one per figure, in the table's order. Values are raw numbers in their unit (ns: nanoseconds, count:
// a whole number, rate: per second or a ratio, pct: a percentage); a figure a run does not have is an empty cell.
import { compareRows, difference, type CompareRow } from '../compareRows';
import type { RunSummary } from '../protocol';
import { csvText } from './csv';

export const RUN_CSV_HEADER = ['section', 'name', 'value', 'unit'] as const;

/** One row per figure of one run: the rows Compare's table shows for it. `kindRank` orders the per-hop-kind rows. */
export function runSummaryCsv(s: RunSummary, kindRank?: (kind: string) => number): string {
  return csvText(RUN_CSV_HEADER, compareRows(s, s, kindRank).map((r) => [r.group, r.label, r.a, r.unit]));
}

/**
 * Compare's table: section, name, unit, A's value, B's value (the columns named by the sides' labels, as the table's
 * heads are), the difference B − A and B − A relative to A (a fraction; empty when A is 0 or a side has no value).
 */
export function compareCsv(rows: readonly CompareRow[], labelA: string, labelB: string): string {
  return csvText(['section', 'name', 'unit', labelA, labelB, 'difference', 'relative'], rows.map((r) => {
    const d = difference(r);
    return [r.group, r.label, r.unit, r.a, r.b, d?.delta, d?.ratio];
  }));
}
