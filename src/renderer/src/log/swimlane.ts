// One interrupt as a sequence diagram: a lane per layer (device and interrupt controllers, host hard-irq, softirq or
// thread, KVM, guest, userspace VMM), a box per hop at its time with its duration to scale, an arrow from each hop to
// the next. Long waits (a vCPU waiting to be entered, a poll) are drawn as a short break labelled with their length, so
// the work stays readable next to them. Pure: the same SVG on screen and in an export.
import type { HopLayerName, HopRow } from '../../../shared/protocol';
import { LAYER_COLOURS, LAYER_NAMES } from './layerStyles';
import { shortNs } from '../compare/compareCharts';

const LANES: HopLayerName[] = ['device', 'hardirq', 'softirq', 'kvm', 'guest', 'vmm'];
const WIDTH = 1000;
const RIGHT = 16;
const LANE_H = 30;
const TOP = 22;
const BREAK_PX = 26;
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface SwimlaneTheme { fg: string; grid: string; bg: string }
export const SWIM_SCREEN: SwimlaneTheme = { fg: 'currentColor', grid: '#8a93a055', bg: 'none' };
export const SWIM_PAPER: SwimlaneTheme = { fg: '#222222', grid: '#dddddd', bg: '#ffffff' };

/** Time → x: linear over the spans where hops are, each gap longer than `breakNs` squeezed to a fixed break. */
export function timeAxis(hops: readonly HopRow[], breakNs: number, width: number): { x: (t: number) => number; breaks: { x: number; ns: number }[] } {
  const spans = hops.map((h) => [h.timeNs, h.timeNs + h.durNs] as [number, number]).sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const s of spans) {
    const last = merged[merged.length - 1];
    if (last && s[0] <= last[1] + breakNs) last[1] = Math.max(last[1], s[1]);
    else merged.push([s[0], s[1]]);
  }
  const covered = merged.reduce((a, [s, e]) => a + (e - s), 0);
  const nBreaks = Math.max(0, merged.length - 1);
  const scale = (width - nBreaks * BREAK_PX) / Math.max(1, covered);
  const starts: number[] = [];
  let x = 0;
  for (const [s, e] of merged) {
    starts.push(x);
    x += (e - s) * scale + BREAK_PX;
  }
  const breaks = merged.slice(1).map((m, i) => ({ x: starts[i + 1]! - BREAK_PX / 2, ns: m[0] - merged[i]![1] }));
  return {
    x: (t: number) => {
      let i = merged.length - 1;
      while (i > 0 && merged[i]![0] > t) i--;
      const m = merged[Math.max(0, i)];
      return m ? starts[Math.max(0, i)]! + Math.max(0, Math.min(t, m[1]) - m[0]) * scale : 0;
    },
    breaks,
  };
}

/** The swimlane of one flow's hops (in the order they happened; equal times keep the log's order). */
export function swimlaneSvg(rows: readonly HopRow[], layerOf: (kind: string) => HopLayerName | null, title: string, theme: SwimlaneTheme = SWIM_SCREEN, width = WIDTH): string {
  // Drawn at the width it is shown at (a side panel is narrow): text keeps its size, lanes their labels.
  const W = width;
  const LEFT = W < 700 ? 72 : 96;
  const hops = [...rows].sort((a, b) => a.timeNs - b.timeNs || a.seq - b.seq);
  const lanes = LANES.filter((l) => hops.some((h) => (layerOf(h.kind) ?? 'device') === l));
  const H = TOP + lanes.length * LANE_H + 30;
  const out = [`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="11">`,
    theme.bg === 'none' ? '' : `<rect width="${W}" height="${H}" fill="${theme.bg}"/>`,
    '<defs><marker id="arr" viewBox="0 0 6 6" refX="5" refY="3" markerWidth="6" markerHeight="6" orient="auto"><path d="M0,0 L6,3 L0,6 z" fill="#8a93a0"/></marker></defs>',
    `<text x="4" y="14" fill="${theme.fg}" font-weight="bold">${esc(title)}</text>`];
  if (hops.length === 0) {
    out.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" fill="${theme.fg}">no hops of this flow are held in the log</text>`, '</svg>');
    return out.join('\n');
  }
  const durs = hops.map((h) => h.durNs).filter((d) => d > 0).sort((a, b) => a - b);
  const typical = durs[Math.floor(durs.length / 2)] ?? 100;
  const axis = timeAxis(hops, Math.max(2000, typical * 8), W - LEFT - RIGHT);
  const X = (t: number) => LEFT + axis.x(t);
  const laneY = (h: HopRow) => TOP + lanes.indexOf(layerOf(h.kind) ?? 'device') * LANE_H;
  lanes.forEach((l, i) => {
    const y = TOP + i * LANE_H;
    out.push(`<line x1="${LEFT}" y1="${y + LANE_H}" x2="${W - RIGHT}" y2="${y + LANE_H}" stroke="${theme.grid}"/>`,
      `<text x="4" y="${y + LANE_H / 2 + 4}" fill="${LAYER_COLOURS[l]}">${esc(LAYER_NAMES[l])}</text>`);
  });
  for (const b of axis.breaks) {
    out.push(`<line x1="${LEFT + b.x}" y1="${TOP}" x2="${LEFT + b.x}" y2="${TOP + lanes.length * LANE_H}" stroke="${theme.grid}" stroke-dasharray="3 3"/>`,
      `<text x="${LEFT + b.x}" y="${H - 18}" text-anchor="middle" fill="${theme.fg}" font-size="10">⋯ ${shortNs(b.ns)}</text>`);
  }
  const t0 = hops[0]!.timeNs;
  const end = hops.reduce((m, h) => Math.max(m, h.timeNs + h.durNs), t0);
  out.push(`<text x="${LEFT}" y="${H - 4}" fill="${theme.fg}" font-size="10">0</text>`,
    `<text x="${W - RIGHT}" y="${H - 4}" text-anchor="end" fill="${theme.fg}" font-size="10">+${shortNs(end - t0)} (waits longer than ${shortNs(Math.max(2000, typical * 8))} shortened)</text>`);
  hops.forEach((h, i) => {
    const layer = layerOf(h.kind) ?? 'device';
    const x = X(h.timeNs);
    const w = Math.max(3, X(h.timeNs + h.durNs) - x);
    const y = laneY(h);
    const next = hops[i + 1];
    if (next) {
      const nx = X(next.timeNs);
      const ny = laneY(next);
      if (ny !== y || nx - (x + w) > 4) out.push(`<line x1="${(x + w).toFixed(1)}" y1="${y + LANE_H / 2}" x2="${nx.toFixed(1)}" y2="${ny + LANE_H / 2}" stroke="#8a93a0" stroke-width="1" marker-end="url(#arr)"/>`);
    }
    out.push(`<rect x="${x.toFixed(1)}" y="${y + 6}" width="${w.toFixed(1)}" height="${LANE_H - 12}" rx="2" fill="${LAYER_COLOURS[layer]}" data-kind="${esc(h.kind)}" data-flow="${h.flow}" data-seq="${h.seq}"><title>${esc(`${h.kind} (flow ${h.flow}) at ${h.where}${h.vm ? ` [${h.vm}]` : ''}\n+${shortNs(h.timeNs - t0)}, ${shortNs(h.durNs)}\n${h.detail}`)}</title></rect>`);
    if (w > h.kind.length * 6 + 6) out.push(`<text x="${(x + 3).toFixed(1)}" y="${y + LANE_H / 2 + 4}" fill="#111" font-size="10">${esc(h.kind)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}
