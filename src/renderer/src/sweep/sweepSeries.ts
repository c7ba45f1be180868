// A sweep's rows as plot series: the first varied parameter on x (numbers when every value is one, else categories
// at 0, 1, 2 …), one line per value of the second (or a single line), each with its 95 % band (mean ± half-width).
import type { SweepProgress } from '../../../shared/protocol';

export interface SweepLine {
  label: string;
  /** The second parameter's value ('' without one). */
  value: string;
  mean: (number | null)[];
  lo: (number | null)[];
  hi: (number | null)[];
}

export interface SweepSeries {
  xPath: string;
  xLabels: string[];
  /** x positions: the values themselves when numeric, else their indices. */
  xs: number[];
  numeric: boolean;
  /** Geometric spacing (a log range): draw x on a log scale. */
  log: boolean;
  seriesPath: string | null;
  lines: SweepLine[];
  metric: string;
}

export function sweepSeries(p: SweepProgress, metricIndex = 0): SweepSeries | null {
  if (!p.paths.length || !p.values.length) return null;
  const xLabels = p.values[0]!;
  const nums = xLabels.map((v) => Number(v));
  const numeric = nums.every((n) => Number.isFinite(n));
  const xs = numeric ? nums : xLabels.map((_, i) => i);
  const ratios = numeric && xs.length > 2 && xs[0]! > 0 ? xs.slice(1).map((v, i) => v / xs[i]!) : [];
  const log = ratios.length > 0 && ratios.every((r) => Math.abs(r - ratios[0]!) / ratios[0]! < 0.05) && ratios[0]! > 1.5;
  const seriesPath = p.paths[1] ?? null;
  const seriesValues = seriesPath ? p.values[1]! : [''];
  const lines: SweepLine[] = seriesValues.map((value) => ({
    label: seriesPath ? `${seriesPath}=${value}` : p.metrics[metricIndex]!, value,
    mean: xs.map(() => null), lo: xs.map(() => null), hi: xs.map(() => null),
  }));
  for (const row of p.rows) {
    const xi = xLabels.indexOf(row.set[p.paths[0]!]!);
    const line = lines.find((l) => !seriesPath || l.value === row.set[seriesPath]);
    const e = row.estimates[metricIndex];
    if (xi < 0 || !line || !e || e.mean === null) continue;
    line.mean[xi] = e.mean;
    line.lo[xi] = e.mean - (e.ci95 ?? 0);
    line.hi[xi] = e.mean + (e.ci95 ?? 0);
  }
  return { xPath: p.paths[0]!, xLabels, xs, numeric, log, seriesPath, lines, metric: p.metrics[metricIndex]! };
}

/** The line colours, in order (the app's accent first). */
export const LINE_COLORS = ['#5fa8ff', '#e3b45a', '#6cc28a', '#f07178', '#c792ea', '#89ddff', '#f78c6c', '#c3e88d'];
