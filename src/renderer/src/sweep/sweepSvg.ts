// The sweep plot as a standalone SVG (for papers and slides): axes with ticks, a band and a line per series, a legend.
import { LINE_COLORS, type SweepSeries } from './sweepSeries';

const W = 720;
const H = 420;
const M = { l: 70, r: 20, t: 20, b: 70 };

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const fmt = (v: number) => (Math.abs(v) >= 1e4 || (Math.abs(v) < 1e-2 && v !== 0) ? v.toExponential(2) : String(Number(v.toPrecision(4))));

export function sweepSvg(s: SweepSeries): string {
  const all = s.lines.flatMap((l) => [...l.lo, ...l.hi]).filter((v): v is number => v !== null);
  const yMin = Math.min(0, ...all);
  const yMax = all.length ? Math.max(...all) * 1.05 || 1 : 1;
  const xv = s.log ? s.xs.map(Math.log10) : s.xs;
  const x0 = Math.min(...xv);
  const x1 = Math.max(...xv) === x0 ? x0 + 1 : Math.max(...xv);
  const px = (i: number) => M.l + ((xv[i]! - x0) / (x1 - x0)) * (W - M.l - M.r);
  const py = (v: number) => H - M.b - ((v - yMin) / (yMax - yMin)) * (H - M.t - M.b);
  const out: string[] = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`];
  // Axes, with ticks at every x value and five y steps.
  out.push(`<line x1="${M.l}" y1="${H - M.b}" x2="${W - M.r}" y2="${H - M.b}" stroke="#333"/>`, `<line x1="${M.l}" y1="${M.t}" x2="${M.l}" y2="${H - M.b}" stroke="#333"/>`);
  s.xLabels.forEach((label, i) => out.push(`<text x="${px(i)}" y="${H - M.b + 14}" text-anchor="middle" fill="#333">${esc(label)}</text>`));
  for (let k = 0; k <= 5; k++) {
    const v = yMin + ((yMax - yMin) * k) / 5;
    out.push(`<line x1="${M.l}" y1="${py(v)}" x2="${W - M.r}" y2="${py(v)}" stroke="#ddd"/>`, `<text x="${M.l - 6}" y="${py(v) + 4}" text-anchor="end" fill="#333">${fmt(v)}</text>`);
  }
  out.push(`<text x="${(M.l + W - M.r) / 2}" y="${H - M.b + 32}" text-anchor="middle" fill="#111">${esc(s.xPath)}${s.log ? ' (log)' : ''}</text>`);
  out.push(`<text transform="translate(16 ${(M.t + H - M.b) / 2}) rotate(-90)" text-anchor="middle" fill="#111">${esc(s.metric)}</text>`);
  s.lines.forEach((l, n) => {
    const color = LINE_COLORS[n % LINE_COLORS.length]!;
    const idx = l.mean.map((v, i) => (v === null ? -1 : i)).filter((i) => i >= 0);
    if (idx.length === 0) return;
    const band = [...idx.map((i) => `${px(i)},${py(l.hi[i]!)}`), ...[...idx].reverse().map((i) => `${px(i)},${py(l.lo[i]!)}`)].join(' ');
    out.push(`<polygon points="${band}" fill="${color}" fill-opacity="0.18" stroke="none"/>`);
    out.push(`<polyline points="${idx.map((i) => `${px(i)},${py(l.mean[i]!)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const i of idx) out.push(`<circle cx="${px(i)}" cy="${py(l.mean[i]!)}" r="3" fill="${color}"/>`);
    out.push(`<rect x="${M.l + n * 170}" y="${H - 22}" width="10" height="10" fill="${color}"/>`, `<text x="${M.l + n * 170 + 14}" y="${H - 13}" fill="#111">${esc(l.label)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
