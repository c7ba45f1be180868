// The APIC bus (hw/x86/apicBus.ts): a message reaches the LAPIC its destination names, after the acceptance time;
// a destination nobody has loses the interrupt; a vector already pending in IRR merges the new flows into it.
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../src/sim/core/costModel';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import type { Hop } from '../../../../src/sim/core/hopLog';
import { FlowState } from '../../../../src/sim/core/flows';
import { Simulator } from '../../../../src/sim/core/simulator';
import { inPort, wireNode } from '../../../../src/sim/core/wires';
import { ApicBus } from '../../../../src/sim/hw/x86/apicBus';
import { Ioapic } from '../../../../src/sim/hw/x86/ioapic';
import { Lapic, type LapicSignal } from '../../../../src/sim/hw/x86/lapic';
import { LDR } from '../../../../src/sim/hw/x86/lapicRegisters';

function bus() {
  const sim = new Simulator(1000);
  const costs = new CostModel(COSTS, 1, { 'x86.lapic.accept': { value: 100, unit: 'ns' }, 'ioapic.deliver': { value: 250, unit: 'ns' } });
  const b = new ApicBus(sim, costs);
  const signals: [cpu: number, flow: number, t: number][] = [];
  const lapics = [0, 1].map((i) => {
    const l = new Lapic(i, `host/cpu${i}/lapic`, 'host', `cpu${i}`, false);
    b.attach(l);
    sim.wires.connect(l.irq, inPort<LapicSignal>(wireNode(`host/cpu${i}`, 'pcpu'), 'irq', 'irq', (flow) => { signals.push([i, flow, sim.now]); }));
    return l;
  });
  const flow = () => sim.raiseFlow(sim.sid('nic0'), sim.sid('host'));
  const hops = (): Hop[] => Array.from({ length: sim.log.held }, (_, i) => sim.log.at(i));
  return { sim, b, lapics, signals, flow, hops };
}

describe('APIC bus', () => {
  it('delivers a message to the LAPIC its destination names, after the acceptance time, and tells that CPU', () => {
    const t = bus();
    const f = t.flow();
    t.b.msiIn.fn({ destId: 1, vector: 0x41, level: false }, [f]);
    expect(t.lapics[1]!.testIrr(0x41)).toBe(false); // in flight
    t.sim.runUntil(1e9, 100);
    expect(t.lapics[1]!.testIrr(0x41)).toBe(true);
    expect(t.lapics[0]!.highestIrr()).toBe(-1);
    expect(t.signals).toEqual([[1, f, 100]]);
    expect(t.hops().map((h) => [h.kind, h.where, h.detail, h.durNs])).toEqual([['x86.lapic.accept', 'cpu1.lapic', 'vector 0x41', 100]]);
    // The graph shows every LAPIC the bus can reach.
    expect(t.sim.wires.outOf('host/apic-bus').map((e) => e.to.node)).toEqual(['host/cpu0/lapic', 'host/cpu1/lapic']);
  });

  it('drops a message for an APIC ID no LAPIC has: the interrupt is lost', () => {
    const t = bus();
    const f = t.flow();
    t.b.msiIn.fn({ destId: 7, vector: 0x41, level: false }, [f]);
    t.sim.runUntil(1e9, 100);
    expect(t.hops().map((h) => [h.kind, h.detail])).toEqual([['x86.msi.drop', 'no LAPIC with APIC ID 7']]);
    expect(t.sim.flows.stateOf(f)).toBe(FlowState.Dropped);
    expect(t.signals).toEqual([]);
  });

  it('merges a message for a vector already pending in IRR into that interrupt (one bit per vector)', () => {
    const t = bus();
    const [f1, f2] = [t.flow(), t.flow()];
    t.b.msiIn.fn({ destId: 0, vector: 0x41, level: false }, [f1]);
    t.b.msiIn.fn({ destId: 0, vector: 0x41, level: false }, [f2]);
    t.sim.runUntil(1e9, 100);
    expect(t.hops().filter((h) => h.kind === 'x86.lapic.coalesce').map((h) => [h.flow, h.detail])).toEqual([[f2, `IRR 0x41 already pending: merged into flow ${f1}`]]);
    expect(t.lapics[0]!.ack()).toEqual({ vector: 0x41, flows: [f1, f2] });
  });

  it('carries an IOAPIC\'s message: the IOAPIC\'s write time first, then the LAPIC\'s acceptance', () => {
    const t = bus();
    const io = new Ioapic('host/ioapic0/ioapic', 'host', 'ioapic0', false);
    t.sim.wires.connect(io.msi, t.b.fromIoapic('ioapic0'));
    io.program(16, { vector: 0x70, destination: 0, level: true, masked: false });
    const f = t.flow();
    io.setPin(16, true, () => [f]);
    t.sim.runUntil(1e9, 100);
    expect(t.hops().map((h) => [h.kind, h.where, h.timeNs])).toEqual([['ioapic.deliver', 'ioapic0', 0], ['x86.lapic.accept', 'cpu0.lapic', 250]]);
    expect(t.lapics[0]!.testTmr(0x70)).toBe(true);
  });

  it('a logical destination reaches the LAPICs whose LDR matches (flat model); lowest priority and NMI are refused with a log line', () => {
    const t = bus();
    t.lapics.forEach((l, i) => l.regs.write(l.regs.index('LDR'), LDR.logicalId.of(1 << i)));
    const [f1, f2, f3] = [t.flow(), t.flow(), t.flow()];
    t.b.msiIn.fn({ destId: 0x2, vector: 0x41, level: false, logical: true }, [f1]);
    t.b.msiIn.fn({ destId: 0x3, vector: 0x42, level: false, logical: true, deliveryMode: 1 }, [f2]);
    t.b.msiIn.fn({ destId: 0, vector: 0x43, level: false, deliveryMode: 4 }, [f3]);
    t.sim.runUntil(1e9, 100);
    expect(t.lapics.map((l) => l.testIrr(0x41))).toEqual([false, true]);
    expect(t.hops().filter((h) => h.kind === 'x86.msi.drop').map((h) => h.detail)).toEqual([
      'lowest-priority arbitration on the physical APIC bus is not modelled', 'delivery mode NMI is not modelled: refused',
    ]);
    expect([t.sim.flows.stateOf(f2), t.sim.flows.stateOf(f3)]).toEqual([FlowState.Dropped, FlowState.Dropped]);
  });
});
