// A sweep's output, one row per grid point, as CSV (a header, then rows) or JSON lines: the same bytes whatever the
// number of workers, shards or restarts, so a resumed run appends to what is there and a merge of shards equals a
// single run. Numbers are printed with 6 significant digits; a figure no seed produced is an empty cell (CSV) or
// null (JSON).
import type { GridPoint } from './grid';
import type { Estimate } from './metrics';
import { csvCell } from '../../../shared/csv/csv';

export type SweepFormat = 'csv' | 'jsonl';

export interface SweepRow {
  point: GridPoint;
  seeds: number;
  /** metric → its estimate over the seeds, in the order of the metrics. */
  estimates: Estimate[];
}

const num = (x: number | null): string => (x === null ? '' : String(Number(x.toPrecision(6))));

/** CSV header: point, the varied paths, seeds, then `<metric>.mean` and `<metric>.ci95` for each metric. */
export function csvHeader(paths: readonly string[], metrics: readonly string[]): string {
  return ['point', ...paths, 'seeds', ...metrics.flatMap((m) => [`${m}.mean`, `${m}.ci95`])].map(csvCell).join(',');
}

export function formatRow(format: SweepFormat, row: SweepRow, metrics: readonly string[]): string {
  if (format === 'csv') {
    return [String(row.point.index), ...Object.values(row.point.set), String(row.seeds),
      ...row.estimates.flatMap((e) => [num(e.mean), num(e.ci95)])].map(csvCell).join(',');
  }
  const round = (x: number | null) => (x === null ? null : Number(x.toPrecision(6)));
  return JSON.stringify({
    point: row.point.index,
    set: row.point.set,
    seeds: row.seeds,
    mean: Object.fromEntries(metrics.map((m, i) => [m, round(row.estimates[i]!.mean)])),
    ci95: Object.fromEntries(metrics.map((m, i) => [m, round(row.estimates[i]!.ci95)])),
  });
}

/** The point index a row line starts with (CSV: its first cell; JSON: its "point"), or null for a broken line. */
export function pointOfLine(format: SweepFormat, line: string): number | null {
  if (format === 'csv') {
    const m = /^([0-9]+),/.exec(line);
    return m ? Number(m[1]) : null;
  }
  try {
    const v = JSON.parse(line) as { point?: unknown };
    return typeof v.point === 'number' && Number.isInteger(v.point) ? v.point : null;
  } catch {
    return null;
  }
}

/** JSON lines or CSV, by the first character of a file's text. */
export function formatOfText(text: string): SweepFormat {
  return text.trimStart().startsWith('{') ? 'jsonl' : 'csv';
}

export class SweepMergeError extends Error {}

/**
 * Joins shard outputs (or partial runs) into the text a single run would have written: one header (CSV), every row
 * once, in grid order. Rows that two inputs both hold must be identical; headers must agree. Returns the text and the
 * point indices missing below the highest one present (a shard not run, or still running).
 */
export function mergeSweepTexts(texts: readonly string[]): { text: string; missing: number[] } {
  if (texts.length === 0) throw new SweepMergeError('nothing to merge');
  const format = formatOfText(texts.find((t) => t.trim() !== '') ?? '');
  let header: string | null = null;
  const rows = new Map<number, string>();
  texts.forEach((text, k) => {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    let start = 0;
    if (format === 'csv' && lines.length > 0) {
      if (header !== null && lines[0] !== header) throw new SweepMergeError(`input ${k + 1}: its header differs from the first input's (a different sweep?)`);
      header = lines[0]!;
      start = 1;
    }
    for (const line of lines.slice(start)) {
      const p = pointOfLine(format, line);
      if (p === null) throw new SweepMergeError(`input ${k + 1}: a line that is not a row: "${line.slice(0, 60)}"`);
      const seen = rows.get(p);
      if (seen !== undefined && seen !== line) throw new SweepMergeError(`point ${p} differs between inputs (different sweeps, seeds or versions?)`);
      rows.set(p, line);
    }
  });
  const order = [...rows.keys()].sort((a, b) => a - b);
  const missing: number[] = [];
  const max = order.length ? order[order.length - 1]! : -1;
  for (let p = 0; p <= max; p++) if (!rows.has(p)) missing.push(p);
  const body = order.map((p) => rows.get(p)!);
  const out = header !== null ? [header, ...body] : body;
  return { text: out.length ? `${out.join('\n')}\n` : '', missing };
}
