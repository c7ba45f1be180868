// VFIO display IRQ strategies (seed 001, facts B.3).
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../src/sim/core/costModel';
import { COSTS } from '../../../src/sim/core/catalog/costs';
import { Simulator } from '../../../src/sim/core/simulator';
import { createDisplayIrq as create, decodeLanes, laneValue, type DisplayConsumerKind, type DisplayIrq, type DisplayIrqKind } from '../../../src/sim/gvt/displayIrq';
import { IrqfdDisplayConsumer } from '../../../src/sim/gvt/displayConsumer';

/** A display IRQ of `kind`; with an irqfd consumer, a KVM irqfd hangs on each of its eventfds. */
const createDisplayIrq = (kind: DisplayIrqKind, consumer: DisplayConsumerKind = 'decoder') => {
  const sim = new Simulator(16);
  const costs = new CostModel(COSTS, 3);
  const irq = create(sim, costs, kind);
  if (consumer === 'irqfd') new IrqfdDisplayConsumer(sim, costs, irq, 'vm0');
  return irq;
};

const balanced = (d: DisplayIrq) => d.stats.raised === d.stats.consumed + d.stats.misattributed + d.stats.lost;

describe('eventfd-partitioned display IRQ', () => {
  it('gives each type one byte lane of the 64-bit counter', () => {
    expect([laneValue('primary-flip'), laneValue('cursor'), laneValue('vblank')]).toEqual([1n, 0x100n, 0x10000n]);
    expect(decodeLanes(0x030201n)).toEqual({ 'primary-flip': 1, cursor: 2, vblank: 3 });
  });

  it('merges signals before a read into one wake-up and decodes the sum exactly while lanes stay below 256', () => {
    const d = createDisplayIrq('eventfd-partitioned');
    d.raise('primary-flip', [1]);
    d.raise('cursor', [2]);
    d.raise('cursor', [3]);
    d.raise('vblank', [4]);
    const r = d.read()!;
    expect(r.values).toEqual([0x010201n]);
    expect(r.decoded).toEqual({ 'primary-flip': 1, cursor: 2, vblank: 1 });
    expect(r.consumed).toEqual([1, 2, 3, 4]);
    expect(d.read()).toBeNull();
    expect(d.stats).toMatchObject({ raised: 4, signals: 4, wakeups: 1, consumed: 4, misattributed: 0, lost: 0 });
  });

  it('a lane overflowing past 255 carries into the next type: one misattributed, the rest lost', () => {
    const d = createDisplayIrq('eventfd-partitioned');
    for (let i = 0; i < 256; i++) d.raise('primary-flip', [i + 1]);
    d.raise('cursor', [1000]);
    const r = d.read()!;
    expect(r.decoded).toEqual({ 'primary-flip': 0, cursor: 2, vblank: 0 });
    expect(r.consumed).toEqual([1000]);
    expect(r.misattributed).toEqual([1]); // one flip acted on as a cursor update
    expect(r.lost.length).toBe(255);
    expect(d.stats).toMatchObject({ raised: 257, consumed: 1, misattributed: 1, lost: 255, wakeups: 1 });
    expect(balanced(d)).toBe(true);
  });

  it('an overflow of the last known lane is lost, not attributed', () => {
    const d = createDisplayIrq('eventfd-partitioned');
    for (let i = 0; i < 300; i++) d.raise('vblank');
    const r = d.read()!;
    expect(r.decoded.vblank).toBe(44); // 300 - 256
    expect(d.stats).toMatchObject({ consumed: 44, misattributed: 0, lost: 256 });
    expect(balanced(d)).toBe(true);
  });

  it('wired to a KVM irqfd the value is ignored: every event wakes an injection and its type is lost', () => {
    const d = createDisplayIrq('eventfd-partitioned', 'irqfd');
    d.raise('primary-flip');
    d.raise('cursor');
    d.raise('vblank');
    expect(d.read()).toBeNull();
    expect(d.stats).toMatchObject({ raised: 3, wakeups: 3, consumed: 0, misattributed: 0, lost: 3 });
    expect(balanced(d)).toBe(true);
  });
});

describe('irq-index display IRQ (count > 1, one eventfd per type)', () => {
  it('still merges signals into one wake-up, but decodes every type exactly even past 255', () => {
    const d = createDisplayIrq('irq-index');
    for (let i = 0; i < 256; i++) d.raise('primary-flip');
    d.raise('cursor');
    for (let i = 0; i < 300; i++) d.raise('vblank');
    const r = d.read()!;
    expect(r.decoded).toEqual({ 'primary-flip': 256, cursor: 1, vblank: 300 });
    expect(d.stats).toMatchObject({ raised: 557, consumed: 557, wakeups: 1, misattributed: 0, lost: 0 });
  });

  it('with per-vector irqfds the type travels with the vector: nothing lost', () => {
    const d = createDisplayIrq('irq-index', 'irqfd');
    d.raise('primary-flip');
    d.raise('cursor');
    expect(d.stats).toMatchObject({ raised: 2, consumed: 2, wakeups: 2, lost: 0, misattributed: 0 });
  });

  it('keeps raised = consumed + misattributed + lost for both strategies under the same bursty load', () => {
    for (const kind of ['eventfd-partitioned', 'irq-index'] as const) {
      const d = createDisplayIrq(kind);
      const types = ['primary-flip', 'cursor', 'vblank'] as const;
      for (let burst = 0; burst < 5; burst++) {
        for (let i = 0; i < 300 * (burst + 1); i++) d.raise(types[(i * 7 + burst) % 3]!);
        d.read();
      }
      expect(balanced(d)).toBe(true);
      if (kind === 'irq-index') expect(d.stats.misattributed + d.stats.lost).toBe(0);
      else expect(d.stats.misattributed + d.stats.lost).toBeGreaterThan(0);
    }
  });
});
