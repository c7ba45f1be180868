// What every ARM GIC model here shares: the version switch, INTID ranges and the well-known PPIs, the flow
// group type, and how a GICv3 system register gets an "offset" in a declared register file.
// Not modelled anywhere in src/sim/hw/arm: LPIs and the ITS, GICv4 direct injection, security states (all
// interrupts are Non-secure Group 1 unless a test sets otherwise), FIQ, extended SPI/PPI ranges.

export type GicVersion = 'v2' | 'v3';

/** Flows riding on one pending or active interrupt (the first one is the primary). */

/** INTIDs 0..15 are SGIs, 16..31 PPIs (both banked per CPU), 32..1019 SPIs. */
export const SGI_LAST = 15;
export const PPI_FIRST = 16;
export const SPI_FIRST = 32;
/** IAR value when nothing can be acknowledged. */
export const SPURIOUS_INTID = 1023;

/** Standard PPI assignments (facts §E.1, §E.3; the Server Base System Architecture numbering). */
export const PPI = {
  /** GIC virtualization maintenance interrupt (VGIC_MAINT_INTID). */
  maintenance: 25,
  /** EL2 (hypervisor) physical timer. */
  hypTimer: 26,
  /** EL1 virtual timer (CNTV): the timer KVM forwards to guests with HW = 1. */
  virtualTimer: 27,
  /** EL1 physical timer (CNTP). */
  physicalTimer: 30,
} as const;

export type IrqKind = 'sgi' | 'ppi' | 'spi';

export function kindOf(intid: number): IrqKind {
  return intid <= SGI_LAST ? 'sgi' : intid < SPI_FIRST ? 'ppi' : 'spi';
}

/**
 * System registers have no address. A declared register file still needs distinct offsets, so a GICv3
 * register's "offset" is its encoding (op0:op1:CRn:CRm:op2, as in the MRS/MSR instruction) times 8:
 * unique, ordered like the architecture's tables, and wide enough for a 64-bit register.
 */
export function sysregOffset(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  return ((op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2) * 8;
}

export function sysregName(op0: number, op1: number, crn: number, crm: number, op2: number): string {
  return `S${op0}_${op1}_C${crn}_C${crm}_${op2}`;
}

/** Clears the priority bits an implementation does not hold (it keeps the top `bitsImplemented`). */
export function priorityMask(bitsImplemented: number): number {
  return (0xff << (8 - bitsImplemented)) & 0xff;
}

/** The group-priority part of `priority` for binary point `bpr` (bits above bpr form the group priority). */
export function groupPriority(priority: number, bpr: number): number {
  return priority & ((0xff << (bpr + 1)) & 0xff);
}
