// Compare's charts from two real runs (msi-emulated, emulated vs posted delivery): a CDF line per side that ends at the
// run's maximum, the time-per-interrupt bars summing the hop kinds' time by layer, exits per interrupt by reason.
import { describe, expect, it } from 'vitest';
import { cdfSvg, exitsSvg, hopTimeSvg, niceScale, PAPER, type ChartSide } from '../../src/renderer/src/compare/compareCharts';
import { HOP_KINDS, isHopKind } from '../../src/sim/core/catalog/hopKinds';
import { flowCdf } from '../../src/sim/lab/flowCdf';
import { Lab } from '../../src/sim/lab/lab';
import { presetText } from './support/inProcessLab';

function side(label: string, delivery: string): ChartSide {
  const r = Lab.load(presetText('msi-emulated'), { set: { 'vms[0].delivery': delivery }, untilNs: 3_000_000 });
  if (!r.ok) throw new Error('load');
  const summary = r.lab.runToEnd();
  return { label, summary, cdf: flowCdf(r.lab.sim) };
}

const sides = [side('emulated', 'emulated'), side('posted', 'posted')];
const layerOf = (k: string) => (isHopKind(k) ? HOP_KINDS[k].layer : null);

describe('compare charts', () => {
  it('draws one CDF step line per side, its last point at the run\'s maximum latency', () => {
    const svg = cdfSvg(sides, 'latencyNs', PAPER);
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(sides[0]!.cdf!.latencyNs.at(-1)).toBe(sides[0]!.summary.latencyNs.max);
    expect(sides[0]!.cdf!.latencyNs[50]).toBe(sides[0]!.summary.latencyNs.p50);
    expect(svg).toContain('emulated');
    expect(cdfSvg([{ ...sides[0]!, cdf: { q: [], latencyNs: [], completionNs: [] } }], 'latencyNs')).toContain('no delivered interrupts');
  });

  it('stacks each side\'s time per interrupt by layer', () => {
    const svg = hopTimeSvg(sides, layerOf);
    const kvm = (i: number) => Number(/width="([\d.]+)"/.exec(svg.split('\n').find((l) => l.includes(`data-layer="kvm" data-side="${i}"`))!)![1]);
    // Emulated delivery spends more time in KVM per interrupt than posted: exits and injection.
    expect(kvm(0)).toBeGreaterThan(kvm(1));
  });

  it('draws exits per interrupt by reason for both sides', () => {
    const svg = exitsSvg(sides);
    const reasons = Object.keys(sides[0]!.summary.vmExits.byReason);
    expect(reasons.length).toBeGreaterThan(0);
    for (const r of reasons) expect(svg).toContain(`data-reason="${r}" data-side="0"`);
    expect(exitsSvg([{ ...sides[0]!, summary: { ...sides[0]!.summary, vmExits: { total: 0, byReason: {} } } }])).toContain('no VM exits');
  });

  it('scales the exits axis to a round top in round steps (0.87 exits per interrupt reads 0 … 1 by 0.25)', () => {
    expect(niceScale(0.87)).toEqual({ top: 1, step: 0.25 });
    expect(niceScale(3.2)).toEqual({ top: 4, step: 1 });
    expect(niceScale(1)).toEqual({ top: 1, step: 0.25 });
    expect(niceScale(7)).toEqual({ top: 8, step: 2 });
    const labels = [...exitsSvg(sides).matchAll(/text-anchor="end" fill="[^"]+">([\d.]+)</g)].map((m) => Number(m[1]));
    expect(labels[0]).toBe(0);
    const step = labels[1]! - labels[0]!;
    expect(labels.every((v, k) => Math.abs(v - k * step) < 1e-9)).toBe(true);
  });
});
