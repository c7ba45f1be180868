// The swimlane of a real INTx flow (intx-shared-line, flow 1): a box per hop in its layer's lane, resample step
// included; long waits squeezed into labelled breaks; time maps monotonically.
import { describe, expect, it } from 'vitest';
import { swimlaneSvg, timeAxis } from '../../src/renderer/src/log/swimlane';
import { HOP_KINDS, isHopKind } from '../../src/sim/core/catalog/hopKinds';
import { Lab } from '../../src/sim/lab/lab';
import { presetText } from './support/inProcessLab';
import type { HopRow } from '../../src/shared/protocol';

const layerOf = (k: string) => (isHopKind(k) ? HOP_KINDS[k].layer : null);
const row = (seq: number, timeNs: number, durNs: number, kind = 'kvm.vmexit'): HopRow => ({ seq, timeNs, durNs, flow: 1, kind, where: 'cpu0', vm: 'vm0', detail: '' });

describe('swimlane', () => {
  it('draws every hop of an INTx flow, the resample step in the KVM lane', () => {
    const r = Lab.load(presetText('intx-shared-line'), { untilNs: 2_000_000 });
    if (!r.ok) throw new Error('load');
    r.lab.runToEnd();
    const hops = r.lab.queryHops({ start: 0, count: 500, filter: { flow: 1 } }).rows;
    const svg = swimlaneSvg(hops, layerOf, 'flow 1');
    expect(svg.match(/<rect [^>]*data-kind=/g)).toHaveLength(hops.length);
    expect(svg).toContain('data-kind="kvm.irqfd.resample" data-flow="1"');
    expect(swimlaneSvg([], layerOf, 'none')).toContain('no hops of this flow');
  });

  it('squeezes a wait longer than the break into a fixed gap, labelled, and keeps time monotonic', () => {
    const hops = [row(0, 0, 1000), row(1, 1000, 1000), row(2, 1_000_000, 1000)];
    const a = timeAxis(hops, 5000, 1000);
    expect(a.breaks).toHaveLength(1);
    expect(a.breaks[0]!.ns).toBe(1_000_000 - 2000);
    const xs = [0, 500, 2000, 1_000_000, 1_001_000].map(a.x);
    for (let i = 1; i < xs.length; i++) expect(xs[i]!).toBeGreaterThanOrEqual(xs[i - 1]!);
    // The two close hops take most of the width; the long wait only the break.
    expect(a.x(2000) - a.x(0)).toBeGreaterThan(600);
  });
});
