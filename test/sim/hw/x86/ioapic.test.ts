import { describe, expect, it } from 'vitest';
import { WireGraph, inPort, wireNode } from '../../../../src/sim/core/wires';
import { Ioapic, type IoapicMessage } from '../../../../src/sim/hw/x86/ioapic';
import { IOAPIC_REGS, RTE } from '../../../../src/sim/hw/x86/ioapicRegisters';

function setup() {
  const io = new Ioapic('host/ioapic0/ioapic', 'host', 'ioapic0', false);
  const sent: { pin: number; vector: number; level: boolean }[] = [];
  new WireGraph().connect(io.msi, inPort<IoapicMessage>(wireNode('host/apic-bus', 'apic-bus'), 'msi', 'msi', (pin, msg) => { sent.push({ pin, vector: msg.vector, level: msg.level }); }));
  return { io, sent };
}

describe('I/O APIC', () => {
  it('declares the redirection entry fields of the facts sheet (§D.1)', () => {
    const rte = IOAPIC_REGS.registers.find((r) => r.name === 'RTE0')!;
    const f = (n: string) => rte.fields.find((x) => x.name === n)!;
    expect([f('vector').msb, f('vector').lsb]).toEqual([7, 0]);
    expect([f('deliveryMode').msb, f('deliveryMode').lsb]).toEqual([10, 8]);
    expect(f('remoteIrr')).toMatchObject({ msb: 14, lsb: 14, access: 'ro' });
    expect(f('trigger').msb).toBe(15);
    expect(f('mask').msb).toBe(16);
    expect([f('destination').msb, f('destination').lsb]).toEqual([63, 56]);
    expect(rte.reset).toBe(1n << 16n); // masked out of reset
  });

  it('programs an entry field by field, and a mask write leaves Remote IRR (read-only) alone', () => {
    const { io } = setup();
    io.program(16, { vector: 0x70, destination: 3, level: true, masked: true });
    const raw = () => io.regs.get('RTE16');
    expect(raw()).toBe((3n << 56n) | (1n << 16n) | (1n << 15n) | 0x70n);
    expect([RTE.vector.num(raw()), RTE.destination.num(raw()), RTE.trigger.named(raw()), RTE.mask.on(raw())]).toEqual([0x70, 3, 'level', true]);
    io.setMasked(16, false);
    io.setPin(16, true, () => [1]);
    expect(RTE.remoteIrr.on(raw())).toBe(true);
    io.setMasked(16, true);
    expect(RTE.remoteIrr.on(raw())).toBe(true);
    expect(io.masked(16)).toBe(true);
  });

  it('a level line sets Remote IRR on delivery and fires again after EOI while still asserted', () => {
    const { io, sent } = setup();
    io.program(16, { vector: 0x70, destination: 0, level: true, masked: false });
    io.setPin(16, true, () => [1]);
    expect(sent).toHaveLength(1);
    expect(io.rte(16).remoteIrr).toBe(true);
    io.setPin(16, true, () => [1]); // still asserted: nothing new while Remote IRR is set
    expect(sent).toHaveLength(1);
    io.eoi(0x70);
    expect(sent).toHaveLength(2); // re-fired: the line never dropped
    io.setPin(16, false, () => []);
    io.eoi(0x70);
    expect(sent).toHaveLength(2);
    expect(io.rte(16).remoteIrr).toBe(false);
  });

  it('runs the ack notifier before clearing Remote IRR, so a de-assert there prevents the re-fire', () => {
    const { io, sent } = setup();
    io.program(3, { vector: 0x55, destination: 0, level: true, masked: false });
    io.setPin(3, true, () => [1]);
    io.eoi(0x55, (pin) => io.setPin(pin, false, () => []));
    expect(sent).toHaveLength(1);
  });

  it('a masked level pin delivers when unmasked if still asserted; an edge pin only on a rising edge', () => {
    const { io, sent } = setup();
    io.program(16, { vector: 0x70, destination: 0, level: true, masked: true });
    io.setPin(16, true, () => [1]);
    expect(sent).toHaveLength(0);
    io.setMasked(16, false);
    expect(sent).toHaveLength(1);
    io.program(4, { vector: 0x44, destination: 0, level: false, masked: false });
    io.setPin(4, true, () => [2]);
    io.setPin(4, false, () => []);
    io.setPin(4, true, () => [3]);
    expect(sent.filter((s) => s.pin === 4)).toHaveLength(2);
  });
});
