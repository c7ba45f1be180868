// The IOAPIC's two direct registers (hw/x86/ioapicMmio.ts): IOREGSEL selects, IOWIN reads and writes the selected
// 32 bits of the register file, through its access kinds and hooks — for a physical IOAPIC and for KVM's.
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../src/sim/core/costModel';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import { Simulator } from '../../../../src/sim/core/simulator';
import { inPort, wireNode } from '../../../../src/sim/core/wires';
import { KvmIoapic } from '../../../../src/sim/host/kvm/kvmIoapic';
import { Vm } from '../../../../src/sim/host/kvm/vm';
import { Ioapic, type IoapicMessage } from '../../../../src/sim/hw/x86/ioapic';
import { ioapicRegion } from '../../../../src/sim/hw/x86/ioapicMmio';
import { IOAPIC_ID, IOAPIC_VER, RTE } from '../../../../src/sim/hw/x86/ioapicRegisters';

function physical() {
  const io = new Ioapic('host/ioapic0/ioapic', 'host', 'ioapic0', false);
  return { io, r: ioapicRegion(io) };
}

function kvm() {
  const sim = new Simulator(1000);
  const costs = new CostModel(COSTS, 1, {});
  const k = new KvmIoapic(sim, costs, new Vm(sim, costs, 'vm0'));
  return { io: k.ioapic, r: ioapicRegion(k.ioapic) };
}

/** IOREGSEL then IOWIN, 32 bits each, as Linux's io_apic_read / io_apic_write do. */
const rd = (r: ReturnType<typeof physical>['r'], index: number) => { r.write(0x00, 4, BigInt(index), 0); return r.read(0x10, 4, 0); };
const wr = (r: ReturnType<typeof physical>['r'], index: number, v: bigint) => { r.write(0x00, 4, BigInt(index), 0); r.write(0x10, 4, v, 0); };

describe('IOAPIC MMIO (IOREGSEL / IOWIN)', () => {
  it('IOREGSEL holds an 8-bit index and reads it back', () => {
    const { r } = physical();
    r.write(0x00, 4, 0x1234n, 0);
    expect(r.read(0x00, 4, 0)).toBe(0x34n);
  });

  it('programs a redirection entry in two halves and reads it back field by field', () => {
    const { io, r } = physical();
    wr(r, 0x10 + 2 * 9 + 1, RTE.destination.of(2) >> 32n);
    wr(r, 0x10 + 2 * 9, RTE.vector.set(RTE.trigger.set(RTE.mask.of(1), 1), 0x61));
    const v = (rd(r, 0x11 + 2 * 9) << 32n) | rd(r, 0x10 + 2 * 9);
    expect([RTE.vector.num(v), RTE.destination.num(v), RTE.trigger.named(v), RTE.mask.on(v)]).toEqual([0x61, 2, 'level', true]);
    expect(io.rte(9)).toMatchObject({ vector: 0x61, destination: 2, level: true, masked: true });
  });

  it('reads VER, ID and ARB: 0x20 for a physical IOAPIC, KVM\'s 0x00170011, ARB loaded from the ID', () => {
    const p = physical();
    const k = kvm();
    expect(rd(p.r, 0x01)).toBe(0x00170020n);
    expect(IOAPIC_VER.version.num(rd(k.r, 0x01))).toBe(0x11);
    expect(rd(k.r, 0x01)).toBe(0x00170011n);
    for (const { r } of [p, k]) {
      wr(r, 0x00, IOAPIC_ID.id.of(3));
      expect([rd(r, 0x00), rd(r, 0x02)]).toEqual([0x03000000n, 0x03000000n]);
      wr(r, 0x01, 0n); // read-only
      expect(IOAPIC_VER.maxRedir.num(rd(r, 0x01))).toBe(0x17);
    }
  });

  it('an index no register has reads 0 on a physical IOAPIC and all ones on KVM\'s (ioapic_read_indirect)', () => {
    expect([rd(physical().r, 0x05), rd(physical().r, 0x40)]).toEqual([0n, 0n]);
    expect([rd(kvm().r, 0x05), rd(kvm().r, 0x40)]).toEqual([0xffffffffn, 0xffffffffn]);
  });

  it('a driven level pin shows Remote IRR through IOWIN (read-only to writes); the EOI clears it', () => {
    for (const { io, r } of [physical(), kvm()]) {
      wr(r, 0x10 + 2 * 4, RTE.vector.set(RTE.trigger.of(1), 0x62)); // level, unmasked
      io.setPin(4, true, () => []);
      expect(RTE.remoteIrr.on(rd(r, 0x10 + 2 * 4))).toBe(true);
      wr(r, 0x10 + 2 * 4, RTE.vector.set(RTE.trigger.of(1), 0x62)); // writing 0 to Remote IRR leaves it
      expect(RTE.remoteIrr.on(rd(r, 0x10 + 2 * 4))).toBe(true);
      io.setPin(4, false, () => []);
      io.eoi(0x62);
      expect(RTE.remoteIrr.on(rd(r, 0x10 + 2 * 4))).toBe(false);
    }
  });

  it('unmasking an asserted level pin through IOWIN delivers it (the write hook)', () => {
    const { io, r } = physical();
    const sent: number[] = [];
    new Simulator(10).wires.connect(io.msi, inPort<IoapicMessage>(wireNode('host/apic-bus', 'apic-bus'), 'msi', 'msi', (_p, m) => { sent.push(m.vector); }));
    wr(r, 0x10 + 2 * 4, RTE.vector.set(RTE.trigger.set(RTE.mask.of(1), 1), 0x62));
    io.setPin(4, true, () => []);
    expect(sent).toEqual([]);
    wr(r, 0x10 + 2 * 4, RTE.vector.set(RTE.trigger.of(1), 0x62));
    expect(sent).toEqual([0x62]);
  });
});
