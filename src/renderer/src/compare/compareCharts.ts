// Compare's charts as standalone SVG (shown in the page, exported as SVG or PNG): the two sides' latency distributions
// overlaid (CDF, log x), where each side's time goes per interrupt (stacked by the hop kinds' layers), and VM exits per
// interrupt by reason side by side. Pure functions of the two runs: testable, and the same picture on screen and in a file.
import type { FlowCdf, HopLayerName, RunSummary } from '../../../shared/protocol';
import { LAYER_COLOURS, LAYER_NAMES } from '../log/layerStyles';

export interface ChartSide {
  label: string;
  summary: RunSummary;
  cdf?: FlowCdf;
}

export interface ChartTheme {
  bg: string;
  fg: string;
  grid: string;
}

// On screen the text takes the page's colour (either theme); grid lines are a translucent grey.
export const SCREEN: ChartTheme = { bg: 'none', fg: 'currentColor', grid: '#8a93a055' };
export const PAPER: ChartTheme = { bg: '#ffffff', fg: '#222222', grid: '#dddddd' };
export const SIDE_COLOURS = ['#5fa8ff', '#f0a35e'] as const;

const W = 460;
const H = 240;
const M = { l: 52, r: 26, t: 14, b: 46 };
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** 1234 ns → "1.23 µs": axis labels. */
export function shortNs(ns: number): string {
  if (ns >= 1e9) return `${+(ns / 1e9).toPrecision(3)} s`;
  if (ns >= 1e6) return `${+(ns / 1e6).toPrecision(3)} ms`;
  if (ns >= 1e3) return `${+(ns / 1e3).toPrecision(3)} µs`;
  return `${Math.round(ns)} ns`;
}

function frame(theme: ChartTheme, body: string[]): string {
  return [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    theme.bg === 'none' ? '' : `<rect width="${W}" height="${H}" fill="${theme.bg}"/>`, ...body, '</svg>'].join('\n');
}

function legend(theme: ChartTheme, items: { label: string; colour: string }[], y = H - 12): string[] {
  let x = M.l;
  return items.flatMap((it) => {
    const out = [`<rect x="${x}" y="${y - 9}" width="10" height="10" fill="${it.colour}"/>`, `<text x="${x + 14}" y="${y}" fill="${theme.fg}">${esc(it.label)}</text>`];
    x += 24 + it.label.length * 6;
    return out;
  });
}

/** The two sides' CDFs of one latency on a log time axis (decade ticks). */
export function cdfSvg(sides: ChartSide[], which: 'latencyNs' | 'completionNs', theme: ChartTheme = SCREEN): string {
  const all = sides.flatMap((s) => s.cdf?.[which] ?? []).filter((v) => v > 0);
  const body: string[] = [];
  if (all.length === 0) return frame(theme, [`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="${theme.fg}">no ${which === 'latencyNs' ? 'delivered' : 'completed'} interrupts</text>`]);
  const lo = Math.floor(Math.log10(Math.min(...all)));
  const hi = Math.max(lo + 1, Math.ceil(Math.log10(Math.max(...all))));
  const px = (ns: number) => M.l + ((Math.log10(Math.max(ns, 10 ** lo)) - lo) / (hi - lo)) * (W - M.l - M.r);
  const py = (q: number) => H - M.b - q * (H - M.t - M.b);
  for (let d = lo; d <= hi; d++) {
    body.push(`<line x1="${px(10 ** d)}" y1="${M.t}" x2="${px(10 ** d)}" y2="${H - M.b}" stroke="${theme.grid}"/>`,
      `<text x="${px(10 ** d)}" y="${H - M.b + 14}" text-anchor="middle" fill="${theme.fg}">${shortNs(10 ** d)}</text>`);
  }
  for (const q of [0, 0.5, 0.9, 0.99]) {
    body.push(`<line x1="${M.l}" y1="${py(q)}" x2="${W - M.r}" y2="${py(q)}" stroke="${theme.grid}"/>`,
      `<text x="${M.l - 6}" y="${py(q) + 4}" text-anchor="end" fill="${theme.fg}">${q === 0.99 ? 'p99' : q === 0.9 ? 'p90' : q === 0.5 ? 'p50' : q}</text>`);
  }
  sides.forEach((s, i) => {
    const c = s.cdf;
    if (!c || c[which].length === 0) return;
    // A step function: at each quantile's value the curve rises to it.
    const pts: string[] = [];
    c[which].forEach((v, k) => {
      if (k > 0) pts.push(`${px(v).toFixed(1)},${py(c.q[k - 1]!).toFixed(1)}`);
      pts.push(`${px(v).toFixed(1)},${py(c.q[k]!).toFixed(1)}`);
    });
    body.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${SIDE_COLOURS[i % 2]}" stroke-width="2" data-side="${i}"/>`);
  });
  body.push(...legend(theme, sides.map((s, i) => ({ label: s.label, colour: SIDE_COLOURS[i % 2]! }))));
  return frame(theme, body);
}

/** Time per interrupt by layer: for each side a stacked bar of its hop kinds' time (summed by layer) ÷ interrupts raised. */
export function hopTimeSvg(sides: ChartSide[], layerOf: (kind: string) => HopLayerName | null, theme: ChartTheme = SCREEN): string {
  const layers = Object.keys(LAYER_COLOURS) as HopLayerName[];
  const per = sides.map((s) => {
    const sums = new Map<HopLayerName, number>();
    for (const [kind, t] of Object.entries(s.summary.hopTimeNs)) {
      const layer = layerOf(kind);
      if (!layer || layer === 'lab') continue;
      sums.set(layer, (sums.get(layer) ?? 0) + t.totalNs);
    }
    const n = Math.max(1, s.summary.flows.raised);
    return layers.map((l) => (sums.get(l) ?? 0) / n);
  });
  const max = Math.max(1, ...per.map((p) => p.reduce((a, b) => a + b, 0)));
  const body: string[] = [];
  const px = (ns: number) => M.l + 40 + (ns / max) * (W - M.l - 40 - M.r - 50); // room for the total's label
  const barH = 34;
  per.forEach((p, i) => {
    const y = M.t + 10 + i * (barH + 20);
    body.push(`<text x="${M.l + 34}" y="${y + barH / 2 + 4}" text-anchor="end" fill="${theme.fg}">${esc(sides[i]!.label.slice(0, 14))}</text>`);
    let x = 0;
    p.forEach((v, k) => {
      if (v <= 0) return;
      body.push(`<rect x="${px(x).toFixed(1)}" y="${y}" width="${(px(x + v) - px(x)).toFixed(1)}" height="${barH}" fill="${LAYER_COLOURS[layers[k]!]}" data-layer="${layers[k]}" data-side="${i}"><title>${esc(`${LAYER_NAMES[layers[k]!]}: ${shortNs(v)} per interrupt`)}</title></rect>`);
      x += v;
    });
    body.push(`<text x="${px(x) + 4}" y="${y + barH / 2 + 4}" fill="${theme.fg}">${shortNs(x)}</text>`);
  });
  const used = layers.filter((_, k) => per.some((p) => p[k]! > 0));
  body.push(`<text x="${M.l}" y="${H - M.b + 14}" fill="${theme.fg}">time per interrupt raised, by layer (all CPUs and devices)</text>`);
  body.push(...legend(theme, used.map((l) => ({ label: LAYER_NAMES[l], colour: LAYER_COLOURS[l] }))));
  return frame(theme, body);
}

/** VM exits per interrupt by reason, the two sides' bars next to each other. */
export function exitsSvg(sides: ChartSide[], theme: ChartTheme = SCREEN): string {
  const reasons = [...new Set(sides.flatMap((s) => Object.keys(s.summary.vmExits.byReason)))].sort();
  if (reasons.length === 0) return frame(theme, [`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="${theme.fg}">no VM exits on either side</text>`]);
  const val = (s: ChartSide, r: string) => (s.summary.vmExits.byReason[r] ?? 0) / Math.max(1, s.summary.flows.raised);
  const { top, step } = niceScale(Math.max(...sides.flatMap((s) => reasons.map((r) => val(s, r))), 1e-9));
  const body: string[] = [];
  const groupW = (W - M.l - M.r) / reasons.length;
  const barW = Math.min(28, (groupW - 8) / sides.length);
  const py = (v: number) => H - M.b - (v / top) * (H - M.t - M.b - 10);
  for (let k = 0; k * step <= top * (1 + 1e-9); k++) {
    const v = k * step;
    body.push(`<line x1="${M.l}" y1="${py(v)}" x2="${W - M.r}" y2="${py(v)}" stroke="${theme.grid}"/>`, `<text x="${M.l - 6}" y="${py(v) + 4}" text-anchor="end" fill="${theme.fg}">${+v.toPrecision(2)}</text>`);
  }
  reasons.forEach((r, g) => {
    const x0 = M.l + g * groupW + (groupW - barW * sides.length) / 2;
    sides.forEach((s, i) => {
      const v = val(s, r);
      body.push(`<rect x="${(x0 + i * barW).toFixed(1)}" y="${py(v).toFixed(1)}" width="${(barW - 2).toFixed(1)}" height="${(H - M.b - py(v)).toFixed(1)}" fill="${SIDE_COLOURS[i % 2]}" data-reason="${esc(r)}" data-side="${i}"><title>${esc(`${s.label}: ${r} ${v.toFixed(3)} per interrupt`)}</title></rect>`);
    });
    body.push(`<text x="${x0 + (barW * sides.length) / 2}" y="${H - M.b + 14}" text-anchor="middle" fill="${theme.fg}">${esc(r.length > 14 ? `${r.slice(0, 13)}…` : r)}</text>`);
  });
  body.push(...legend(theme, sides.map((s, i) => ({ label: `${s.label} (exits per interrupt)`, colour: SIDE_COLOURS[i % 2]! }))));
  return frame(theme, body);
}

/** An axis from 0 to a round top above `max`, in 3 to 6 round steps (1, 2, 2.5 or 5 × a power of ten). */
export function niceScale(max: number): { top: number; step: number } {
  const raw = max / 4;
  const p = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * p).find((c) => c >= raw * (1 - 1e-9))!;
  return { top: step * Math.ceil(max / step - 1e-9), step };
}
