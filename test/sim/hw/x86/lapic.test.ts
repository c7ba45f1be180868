import { describe, expect, it } from 'vitest';
import { WireGraph, inPort, wireNode } from '../../../../src/sim/core/wires';
import { Lapic } from '../../../../src/sim/hw/x86/lapic';
import { DFR, LAPIC_REGS, LDR } from '../../../../src/sim/hw/x86/lapicRegisters';

const lapic = () => new Lapic(0, 'host/cpu0/lapic', 'host', 'cpu0', false);

describe('local APIC', () => {
  it('declares the xAPIC offsets of the facts sheet (§D.2)', () => {
    const off = (n: string) => LAPIC_REGS.registers.find((r) => r.name === n)!.offset;
    expect([off('ID'), off('TPR'), off('PPR'), off('EOI'), off('SVR')]).toEqual([0x20, 0x80, 0xa0, 0xb0, 0xf0]);
    expect([off('ISR0'), off('TMR0'), off('IRR0'), off('IRR7')]).toEqual([0x100, 0x180, 0x200, 0x270]);
  });

  it('delivers the highest vector first and holds a vector whose class is not above PPR', () => {
    const l = lapic();
    l.accept(0x41, false, [1]);
    l.accept(0x61, false, [2]);
    expect(l.deliverable()).toBe(0x61);
    l.ack(); // 0x61 in service: PPR class 6
    expect(l.deliverable()).toBe(-1); // 0x41 (class 4) waits for the EOI
    l.writeEoi();
    expect(l.deliverable()).toBe(0x41);
  });

  it('raising TPR above a vector class holds it; the PPR register shows the class', () => {
    const l = lapic();
    l.regs.write(l.regs.index('TPR'), 0x50n);
    l.accept(0x41, false, [1]);
    expect(l.deliverable()).toBe(-1);
    expect(l.regs.get('PPR')).toBe(0x50n);
    l.regs.write(l.regs.index('TPR'), 0x00n);
    expect(l.deliverable()).toBe(0x41);
  });

  it('merges a message for a vector already pending in IRR (one bit per vector)', () => {
    const l = lapic();
    expect(l.accept(0x41, false, [1]).coalesced).toBe(false);
    const r = l.accept(0x41, false, [2]);
    expect(r).toEqual({ coalesced: true, intoFlow: 1 });
    expect(l.ack()).toEqual({ vector: 0x41, flows: [1, 2] });
  });

  it('reflects IRR, ISR and TMR in its registers and broadcasts EOI for level vectors only', () => {
    const l = lapic();
    const levelEois: number[] = [];
    new WireGraph().connect(l.levelEoi, inPort(wireNode('host/ioapic', 'ioapic'), 'eoi', 'eoi', (v: number) => { levelEois.push(v); }));
    l.accept(0x45, true, [1]);
    expect(l.regs.get('IRR2') & (1n << 5n)).toBe(1n << 5n); // vector 0x45 = 69 = 2*32 + 5
    expect(l.regs.get('TMR2') & (1n << 5n)).toBe(1n << 5n);
    l.ack();
    expect(l.regs.get('IRR2')).toBe(0n);
    expect(l.regs.get('ISR2')).toBe(1n << 5n);
    l.writeEoi();
    expect(l.regs.get('ISR2')).toBe(0n);
    expect(levelEois).toEqual([0x45]);
    l.accept(0x46, false, [2]);
    l.ack();
    l.writeEoi();
    expect(levelEois).toEqual([0x45]);
  });

  it('matches destinations as kvm_apic_match_dest does: physical ID, broadcast, logical flat and cluster by LDR/DFR', () => {
    const l = new Lapic(3, 'host/cpu3/lapic', 'host', 'cpu3', false);
    expect(LAPIC_REGS.registers.filter((r) => r.name === 'LDR' || r.name === 'DFR').map((r) => [r.offset, r.reset])).toEqual([[0xd0, 0n], [0xe0, 0xffffffffn]]);
    expect([l.matchesDestination(3, false), l.matchesDestination(2, false), l.matchesDestination(0xff, false)]).toEqual([true, false, true]);
    expect(l.matchesDestination(0x08, true)).toBe(false); // LDR 0 out of reset: no logical match
    l.regs.write(l.regs.index('LDR'), LDR.logicalId.of(0x08));
    expect([l.matchesDestination(0x08, true), l.matchesDestination(0x0c, true), l.matchesDestination(0x03, true)]).toEqual([true, true, false]);
    // Cluster model: cluster 7:4 must be equal, and a member bit shared. The reserved DFR bits stay ones.
    l.regs.write(l.regs.index('DFR'), DFR.model.of(0));
    expect(l.regs.get('DFR')).toBe(0x0fffffffn);
    l.regs.write(l.regs.index('LDR'), LDR.logicalId.of(0x21));
    expect([l.matchesDestination(0x23, true), l.matchesDestination(0x13, true), l.matchesDestination(0x22, true)]).toEqual([true, false, false]);
  });
});
