// I/O APIC registers (facts §D.1). The IOAPIC is reached indirectly (IOREGSEL index, IOWIN data); here a
// register's offset is its IOREGSEL index × 4, so RTE n (indexes 0x10+2n and 0x11+2n) sits at 0x40 + 8n.
// The redirection entry is one layout (`RTE`): every pin's entry is declared with it, and the IOAPIC (physical or
// KVM's virtual one) reads and programs entries through its handles.
import { bits, layout, reg, registerFile, type RegisterDecl, type RegisterFileDecl } from '../../core/registers';

export const IOAPIC_PINS = 24;

/** KVM's IOAPIC_VERSION_ID (arch/x86/kvm/ioapic.h). */
export const KVM_IOAPIC_VERSION_ID = 0x11;

/** A redirection entry (82093AA §3.2.4). */
export const RTE = layout(64, {
  destination: bits(63, 56, 'rw', 'destination APIC ID (physical) or logical set'),
  mask: bits(16, 16, 'rw', 'masked: the pin does not deliver'),
  trigger: bits(15, 15, 'rw', 'trigger mode', { 0: 'edge', 1: 'level' }),
  remoteIrr: bits(14, 14, 'ro', 'level only: accepted by a LAPIC, not yet EOIed'),
  polarity: bits(13, 13, 'rw', 'input polarity', { 0: 'active high', 1: 'active low' }),
  deliveryStatus: bits(12, 12, 'ro', 'send pending'),
  destMode: bits(11, 11, 'rw', 'destination mode', { 0: 'physical', 1: 'logical' }),
  deliveryMode: bits(10, 8, 'rw', 'delivery mode', { 0: 'fixed', 1: 'lowest priority', 2: 'SMI', 4: 'NMI', 5: 'INIT', 7: 'ExtINT' }),
  vector: bits(7, 0, 'rw', 'vector delivered to the LAPIC'),
}, 'RTE');

/** IOAPICVER (index 0x01). */
export const IOAPIC_VER = layout(32, {
  maxRedir: bits(23, 16, 'ro', 'number of redirection entries minus 1'),
  version: bits(7, 0, 'ro', 'version (0x20 = 82093AA-compatible; KVM\'s virtual IOAPIC: 0x11)'),
}, 'VER');

const rte = (n: number): RegisterDecl => reg(`RTE${n}`, (0x10 + 2 * n) * 4, 64, RTE, {
  reset: RTE.mask.of(1), meaning: `redirection entry of pin ${n}`,
});

/** The two registers the CPU reaches directly (82093AA §3.1): the index at +0x00 and the data window at +0x10. */
export const IOAPIC_IOREGSEL = 0x00;
export const IOAPIC_IOWIN = 0x10;

/** IOREGSEL: the index of the register IOWIN reaches (bits 7:0; bits 31:8 reserved). */
export const IOREGSEL = layout(32, { index: bits(7, 0, 'rw', 'register index (0x00 ID, 0x01 VER, 0x02 ARB, 0x10 + 2n / 0x11 + 2n RTE n)') }, 'IOREGSEL');

/** Byte offset in the register file (the declarations above) of the register at IOREGSEL index `index`. */
export function indexOffset(index: number): number {
  return index * 4;
}

/** IOAPIC ID (index 0x00). */
export const IOAPIC_ID = layout(32, { id: bits(27, 24, 'rw', 'IOAPIC ID') }, 'ID');

/** IOAPICARB (index 0x02): loaded from the ID when the ID register is written (82093AA §3.2.3). */
export const IOAPIC_ARB = layout(32, { arbId: bits(27, 24, 'ro', 'arbitration ID') }, 'ARB');

/** The ID register's ID as the arbitration register holds it (both at bits 27:24). */
export function arbFromId(id: bigint): bigint {
  return IOAPIC_ARB.arbId.of(IOAPIC_ID.id.get(id));
}

function ioapicFile(version: number, versionMeaning: string): RegisterFileDecl {
  return registerFile('I/O APIC', [
    reg('ID', 0x00, 32, IOAPIC_ID, { meaning: 'IOAPIC ID (index 0x00)' }),
    reg('VER', 0x04, 32, IOAPIC_VER, {
      reset: IOAPIC_VER.maxRedir.set(IOAPIC_VER.version.of(version), IOAPIC_PINS - 1), meaning: versionMeaning,
    }),
    reg('ARB', 0x08, 32, IOAPIC_ARB, { meaning: 'arbitration ID (index 0x02)' }),
    ...Array.from({ length: IOAPIC_PINS }, (_, n) => rte(n)),
  ]);
}

/** A physical IOAPIC: an 82093AA-compatible version 0x20 (what an ICH/PCH IOAPIC reports). */
export const IOAPIC_REGS = ioapicFile(0x20, 'version (index 0x01)');

/**
 * KVM's in-kernel virtual IOAPIC: the same registers, but VER reads IOAPIC_VERSION_ID 0x11 with 24 entries, i.e.
 * 0x00170011 (arch/x86/kvm/ioapic.h IOAPIC_VERSION_ID; ioapic_read_indirect, IOAPIC_REG_VERSION).
 */
export const KVM_IOAPIC_REGS = ioapicFile(KVM_IOAPIC_VERSION_ID, 'version (index 0x01): KVM IOAPIC_VERSION_ID 0x11');
