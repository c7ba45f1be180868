// Local APIC registers, xAPIC MMIO offsets from 0xFEE00000 (facts §D.2). The same declaration serves the
// physical LAPIC of each pCPU and KVM's virtual LAPIC of each vCPU.
import { bits, layout, reg, registerFile, type RegisterDecl } from '../../core/registers';

/** The xAPIC ID register. */
export const LAPIC_ID = layout(32, { apicId: bits(31, 24, 'rw', 'APIC ID (xAPIC: bits 31:24)') }, 'ID');

/** Task priority (SDM vol. 3 §11.8.3.1). */
export const TPR = layout(32, {
  class: bits(7, 4, 'rw', 'task priority class: vectors of this class or lower are held'),
  subclass: bits(3, 0, 'rw', 'task priority sub-class'),
}, 'TPR');

/** Processor priority: what the LAPIC computes from TPR and the highest in-service vector. */
export const PPR = layout(32, {
  class: bits(7, 4, 'ro', 'processor priority class = max(TPR class, highest in-service class)'),
  subclass: bits(3, 0, 'ro', 'processor priority sub-class'),
}, 'PPR');

/** Logical destination (SDM vol. 3 §11.6.2.2): the LAPIC's logical APIC ID, matched against a message's destination. */
export const LDR = layout(32, { logicalId: bits(31, 24, 'rw', 'logical APIC ID (flat: a bit per CPU; cluster: cluster 7:4, members 3:0)') }, 'LDR');

/** Destination format: flat or cluster model; bits 27:0 are reserved and read as ones (KVM: val | 0x0FFFFFFF). */
export const DFR = layout(32, {
  model: bits(31, 28, 'rw', 'logical destination model', { 0xf: 'flat', 0: 'cluster' }),
  reserved: bits(27, 0, 'ro', 'reserved, all ones'),
}, 'DFR');

/** DFR.model values (APIC_DFR_FLAT, APIC_DFR_CLUSTER in apicdef.h). */
export const DFR_FLAT = 0xf;
export const DFR_CLUSTER = 0;

/** An xAPIC logical destination (the LDR's ID or a message's 8-bit destination) in the cluster model. */
export const LOGICAL_DEST = layout(8, {
  cluster: bits(7, 4, 'rw', 'cluster'),
  members: bits(3, 0, 'rw', 'one bit per member of the cluster'),
}, 'logical destination');

/** Interrupt command register, low half (SDM vol. 3 §11.6.1): a write sends the IPI. */
export const ICR_LO = layout(32, {
  shorthand: bits(19, 18, 'rw', 'destination shorthand', { 0: 'none', 1: 'self', 2: 'all including self', 3: 'all excluding self' }),
  trigger: bits(15, 15, 'rw', 'trigger mode', { 0: 'edge', 1: 'level' }),
  level: bits(14, 14, 'rw', 'level (INIT de-assert)'),
  deliveryStatus: bits(12, 12, 'ro', 'send pending'),
  destMode: bits(11, 11, 'rw', 'destination mode', { 0: 'physical', 1: 'logical' }),
  deliveryMode: bits(10, 8, 'rw', 'delivery mode', { 0: 'fixed', 1: 'lowest priority', 2: 'SMI', 4: 'NMI', 5: 'INIT', 6: 'start-up' }),
  vector: bits(7, 0, 'rw', 'vector'),
}, 'ICR_LO');

/** Interrupt command register, high half: the destination. */
export const ICR_HI = layout(32, { destination: bits(31, 24, 'rw', 'destination APIC ID') }, 'ICR_HI');

/** ICR shorthand values (APIC_DEST_SELF, APIC_DEST_ALLINC, APIC_DEST_ALLBUT in apicdef.h, shifted down). */
export const ICR_SELF = 1;

/** The xAPIC broadcast destination (APIC_BROADCAST). */
export const APIC_BROADCAST = 0xff;

/**
 * A vector's priority class is its bits 7:4, as the class field of a TPR or PPR value (whose upper bits are
 * reserved, zero): the delivery test compares them as numbers, without bigint work, as it runs for every event.
 */
export function priorityClass(vectorOrPriority: number): number {
  return vectorOrPriority >>> 4;
}

/** IRR, ISR, TMR (and a posted descriptor's PIR) are banks of eight 32-bit registers: vector n is bit n % 32 of register n / 32. */
export function bankWord(vector: number): number {
  return vector >>> 5;
}

export function bankBit(vector: number): number {
  return vector & 31;
}

function bank(name: string, base: number, meaning: string): RegisterDecl[] {
  const out: RegisterDecl[] = [];
  for (let i = 0; i < 8; i++) {
    out.push(reg(`${name}${i}`, base + 0x10 * i, 32, {
      vectors: bits(31, 0, 'ro', `${meaning}, vectors ${32 * i}..${32 * i + 31} (bit n = vector ${32 * i}+n)`),
    }, { meaning: `${meaning} ${i}` }));
  }
  return out;
}

export const LAPIC_REGS = registerFile('Local APIC', [
  reg('ID', 0x20, 32, LAPIC_ID, { meaning: 'local APIC ID' }),
  reg('VER', 0x30, 32, {
    maxLvt: bits(23, 16, 'ro', 'number of LVT entries minus 1'),
    version: bits(7, 0, 'ro', 'APIC version (0x14 = integrated xAPIC)'),
  }, { reset: 0x50014, meaning: 'version' }),
  reg('TPR', 0x80, 32, TPR, { meaning: 'task priority' }),
  reg('PPR', 0xa0, 32, PPR, { meaning: 'processor priority' }),
  reg('EOI', 0xb0, 32, { eoi: bits(31, 0, 'wo', 'any write ends the highest in-service interrupt') }, { meaning: 'end of interrupt' }),
  reg('LDR', 0xd0, 32, LDR, { meaning: 'logical destination' }),
  reg('DFR', 0xe0, 32, DFR, { reset: 0xffffffff, meaning: 'destination format (flat out of reset)' }),
  reg('SVR', 0xf0, 32, {
    enable: bits(8, 8, 'rw', 'APIC software enable'),
    spuriousVector: bits(7, 0, 'rw', 'vector delivered for a spurious interrupt'),
  }, { reset: 0x1ff, meaning: 'spurious interrupt vector' }),
  ...bank('ISR', 0x100, 'in-service'),
  ...bank('TMR', 0x180, 'trigger mode (1 = accepted as level)'),
  ...bank('IRR', 0x200, 'interrupt request'),
  reg('ICR_LO', 0x300, 32, ICR_LO, { meaning: 'interrupt command (low): a write sends the IPI' }),
  reg('ICR_HI', 0x310, 32, ICR_HI, { meaning: 'interrupt command (high)' }),
]);
