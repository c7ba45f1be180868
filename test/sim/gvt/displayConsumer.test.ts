// The display consumer strategies (seed 001), chosen once: the VMM's decoding display thread or a KVM irqfd, each hung
// on the display IRQ's eventfds.
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../../src/sim/core/catalog/costs';
import { CostModel } from '../../../src/sim/core/costModel';
import { Prng } from '../../../src/sim/core/prng';
import { Simulator } from '../../../src/sim/core/simulator';
import { createDisplayConsumer } from '../../../src/sim/gvt/displayConsumer';
import { createDisplayIrq, type DisplayConsumerKind, type DisplayIrqKind } from '../../../src/sim/gvt/displayIrq';
import { PCpu } from '../../../src/sim/host/pcpu';
import { LapicPort } from '../../../src/sim/host/x86/lapicPort';
import { Lapic } from '../../../src/sim/hw/x86/lapic';

function display(kind: DisplayIrqKind, consumer: DisplayConsumerKind) {
  const sim = new Simulator(1 << 12);
  const costs = new CostModel(COSTS, 3);
  const cpu = new PCpu(sim, costs, 0, new LapicPort(new Lapic(0, 'host/cpu0/lapic', 'host', 'cpu0', false)));
  const irq = createDisplayIrq(sim, costs, kind, 'vm0-display', 'vm0', 'vgpu1');
  const cons = createDisplayConsumer(consumer, sim, costs, irq, 'vm0', cpu, { readPeriodNs: 16e6, stallNs: 100e6, stallChance: 0 }, new Prng(1));
  const hops = (k: string) => {
    const out: string[] = [];
    for (let i = 0; i < sim.log.held; i++) { const h = sim.log.at(i); if (h.kind === k) out.push(h.detail); }
    return out;
  };
  const until = (t: number) => sim.runUntil(t, 1e6);
  return { sim, irq, cons, hops, until, raise: (t: Parameters<typeof irq.raiseIn.fn>[0]) => irq.raiseIn.fn(t) };
}

describe('decoder: the VMM display thread polls the eventfd', () => {
  it('signals while it sleeps wake it once; signals while it handles a frame add up for its next poll', () => {
    const d = display('eventfd-partitioned', 'decoder');
    d.raise('cursor');
    d.raise('cursor');
    d.raise('primary-flip');
    d.until(1e6);
    expect(d.hops('vfio.display.wake')).toHaveLength(1);
    expect(d.hops('vfio.display.consumed')).toEqual(['decoded flip 1 cursor 2 vblank 0 (raised 1/2/0)']);
    d.sim.at(2e6, () => { d.raise('vblank'); d.raise('vblank'); });
    d.until(10e6);
    expect(d.hops('vfio.display.wake')).toHaveLength(1); // busy with its frame: no wake-up yet
    d.until(40e6);
    expect(d.hops('vfio.display.consumed')[1]).toBe('decoded flip 0 cursor 0 vblank 2 (raised 0/0/2)');
    expect(d.irq.stats).toMatchObject({ raised: 5, consumed: 5, wakeups: 2, lost: 0 });
    expect(d.sim.wires.path('host/vfio/vgpu1/display', 'vm0/vmm-display')).toHaveLength(2);
  });

  it('reads what its display IRQ says it reads: the one eventfd, or each per-type eventfd', () => {
    for (const [kind, what] of [['eventfd-partitioned', 'the display eventfd'], ['irq-index', 'each per-type eventfd']] as const) {
      const d = display(kind, 'decoder');
      d.raise('cursor');
      d.until(1e6);
      expect(d.hops('vfio.display.consumerRead')).toEqual([`vm0: read ${what} and decode`]);
    }
  });
});

describe('irqfd: a KVM irqfd on each eventfd', () => {
  it('on the partitioned eventfd every event injects at once and its type is lost', () => {
    const d = display('eventfd-partitioned', 'irqfd');
    d.raise('primary-flip');
    d.raise('cursor');
    expect(d.hops('kvm.irqfd.inject')).toEqual(['value ignored: one interrupt, type not carried', 'value ignored: one interrupt, type not carried']);
    expect(d.hops('vfio.display.lost')).toEqual(['primary-flip: the irqfd ignored the value', 'cursor: the irqfd ignored the value']);
    expect(d.irq.stats).toMatchObject({ raised: 2, consumed: 0, lost: 2, wakeups: 2 });
    expect(d.cons.stalls).toBe(0);
  });

  it('on per-type eventfds the GSI keeps the type: every event consumed', () => {
    const d = display('irq-index', 'irqfd');
    d.raise('cursor');
    d.raise('vblank');
    expect(d.hops('kvm.irqfd.inject')).toEqual(['per-type GSI: cursor kept', 'per-type GSI: vblank kept']);
    expect(d.hops('vfio.display.lost')).toEqual([]);
    expect(d.irq.stats).toMatchObject({ raised: 2, consumed: 2, lost: 0 });
    expect(d.sim.wires.node('vm0/irqfd/vm0-display[vblank]')?.kind).toBe('irqfd');
  });
});
