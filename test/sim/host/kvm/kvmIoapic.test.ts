// KVM's virtual IOAPIC where it differs from a physical one (arch/x86/kvm/ioapic.c): its version register, the
// arbitration register reading the ID, Remote IRR cleared by a switch to edge, re-injection of a still-asserted
// level pin after EOI and on unmask, and the storm guard that delays the 10,000th successive re-injection.
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../src/sim/core/costModel';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import type { Hop } from '../../../../src/sim/core/hopLog';
import { Simulator } from '../../../../src/sim/core/simulator';
import { inPort, wireNode } from '../../../../src/sim/core/wires';
import { EOI_INJECT_DELAY_NS, IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT, KvmIoapic } from '../../../../src/sim/host/kvm/kvmIoapic';
import { Vm } from '../../../../src/sim/host/kvm/vm';
import { Ioapic, type IoapicMessage } from '../../../../src/sim/hw/x86/ioapic';
import { IOAPIC_ARB, IOAPIC_ID, IOAPIC_VER, RTE } from '../../../../src/sim/hw/x86/ioapicRegisters';

function setup() {
  const sim = new Simulator(1000);
  const costs = new CostModel(COSTS, 1, {});
  const vm = new Vm(sim, costs, 'vm0');
  const k = new KvmIoapic(sim, costs, vm);
  const sent: number[] = [];
  sim.wires.connect(k.ioapic.msi, inPort<IoapicMessage>(wireNode('vm0/apic-bus', 'kvm-apic-bus'), 'ioapic', 'msi', (_pin, msg) => { sent.push(msg.vector); }));
  const hops = (): Hop[] => Array.from({ length: sim.log.held }, (_, i) => sim.log.at(i));
  /** The vCPU's EOI exit of `vector` reaching KVM's IOAPIC, its steps run in place. */
  const eoi = (vector: number) => {
    for (const s of k.eoiIn.fn(vector, 0, 0)) { s.start?.(); s.then?.(); s.next?.(); }
  };
  return { sim, k, io: k.ioapic, sent, hops, eoi };
}

describe('KVM virtual IOAPIC (arch/x86/kvm/ioapic.c)', () => {
  it('VER reads IOAPIC_VERSION_ID 0x11 with max redirection entry 0x17; a physical IOAPIC keeps 0x20', () => {
    const { io } = setup();
    expect(io.regs.read(io.regs.index('VER'))).toBe(0x00170011n);
    const phys = new Ioapic('host/ioapic0/ioapic', 'host', 'ioapic0', false);
    expect(IOAPIC_VER.version.num(phys.regs.get('VER'))).toBe(0x20);
    expect(IOAPIC_VER.maxRedir.num(phys.regs.get('VER'))).toBe(0x17);
  });

  it('ARB reads the ID once software wrote it (ioapic_read_indirect: (id & 0xf) << 24)', () => {
    for (const io of [setup().io, new Ioapic('host/ioapic0/ioapic', 'host', 'ioapic0', false)]) {
      io.regs.write(io.regs.index('ID'), IOAPIC_ID.id.of(5));
      expect(IOAPIC_ARB.arbId.num(io.regs.read(io.regs.index('ARB')))).toBe(5);
      expect(io.regs.read(io.regs.index('ARB'))).toBe(0x05000000n);
    }
  });

  it('switching an entry with Remote IRR set to edge clears Remote IRR (ioapic_write_indirect)', () => {
    const { io } = setup();
    io.program(5, { vector: 0x60, destination: 0, level: true, masked: false });
    io.setPin(5, true, () => []);
    expect(io.rte(5).remoteIrr).toBe(true);
    io.program(5, { vector: 0x60, destination: 0, level: false, masked: false });
    expect(io.rte(5).remoteIrr).toBe(false);
    // A physical IOAPIC (82093AA: Remote IRR undefined for edge) keeps it in this model.
    const phys = new Ioapic('host/ioapic0/ioapic', 'host', 'ioapic0', false);
    phys.program(5, { vector: 0x60, destination: 0, level: true, masked: false });
    phys.setPin(5, true, () => []);
    phys.program(5, { vector: 0x60, destination: 0, level: false, masked: false });
    expect(phys.rte(5).remoteIrr).toBe(true);
  });

  it('a level pin still asserted re-injects after EOI, and when unmasked', () => {
    const { io, sent, eoi } = setup();
    io.program(9, { vector: 0x61, destination: 0, level: true, masked: true });
    io.setPin(9, true, () => []);
    expect(sent).toEqual([]);
    io.setMasked(9, false);
    expect(sent).toEqual([0x61]);
    eoi(0x61);
    expect(sent).toEqual([0x61, 0x61]);
    expect(io.rte(9).remoteIrr).toBe(true);
  });

  it(`after ${IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT} successive EOI → re-inject rounds the next waits for the eoi_inject work (HZ/100)`, () => {
    const { sim, io, sent, hops, eoi } = setup();
    io.program(9, { vector: 0x61, destination: 0, level: true, masked: false });
    io.setPin(9, true, () => []);
    for (let i = 1; i < IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT; i++) eoi(0x61);
    expect(sent).toHaveLength(IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT);
    eoi(0x61); // the 10,000th: Remote IRR clears, no re-injection now
    expect(sent).toHaveLength(IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT);
    expect(RTE.remoteIrr.on(io.regs.get('RTE9'))).toBe(false);
    expect(hops().filter((h) => h.kind === 'kvm.ioapic.eoi.delayed')).toHaveLength(1);
    sim.runUntil(EOI_INJECT_DELAY_NS - 1, 100);
    expect(sent).toHaveLength(IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT);
    sim.runUntil(EOI_INJECT_DELAY_NS, 100);
    expect(sent).toHaveLength(IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT + 1);
    // The count started again: the next EOI re-injects at once.
    eoi(0x61);
    expect(sent).toHaveLength(IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT + 2);
  });

  it('an EOI with the line low resets the count of successive re-injections', () => {
    const { io, sent, eoi } = setup();
    io.program(9, { vector: 0x61, destination: 0, level: true, masked: false });
    io.setPin(9, true, () => []);
    for (let i = 1; i < IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT; i++) eoi(0x61);
    io.setPin(9, false, () => []);
    eoi(0x61);
    io.setPin(9, true, () => []);
    const before = sent.length;
    eoi(0x61); // the new assertion was delivered; the count started again, so this EOI re-injects at once
    expect(sent.length).toBe(before + 1);
  });
});
