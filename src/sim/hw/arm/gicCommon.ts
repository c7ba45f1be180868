// What every ARM GIC model here shares: INTID ranges and the well-known PPIs, CPU sets as the GIC's target lists
// hold them, an 8-bit priority's parts, and how a system register gets an "offset" in a declared register file.
// The version (v2 or v3) is an object chosen once: see gicVersion.ts.
// Not modelled anywhere in src/sim/hw/arm: LPIs and the ITS, GICv4 direct injection, security states (all
// interrupts are Non-secure Group 1 unless a test sets otherwise), FIQ, extended SPI/PPI ranges.
import { bits, layout } from '../../core/registers';

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

/** A system register's encoding as the MRS/MSR instruction holds it (op0:op1:CRn:CRm:op2). */
const SYSREG_ENCODING = layout(16, {
  op0: bits(15, 14, 'ro', 'op0'),
  op1: bits(13, 11, 'ro', 'op1'),
  CRn: bits(10, 7, 'ro', 'CRn'),
  CRm: bits(6, 3, 'ro', 'CRm'),
  op2: bits(2, 0, 'ro', 'op2'),
}, 'system register encoding');

/**
 * System registers have no address. A declared register file still needs distinct offsets, so a GICv3
 * register's "offset" is its encoding (op0:op1:CRn:CRm:op2, as in the MRS/MSR instruction) times 8:
 * unique, ordered like the architecture's tables, and wide enough for a 64-bit register.
 */
export function sysregOffset(op0: number, op1: number, crn: number, crm: number, op2: number): number {
  const E = SYSREG_ENCODING;
  return Number(E.op0.of(op0) | E.op1.of(op1) | E.CRn.of(crn) | E.CRm.of(crm) | E.op2.of(op2)) * 8;
}

export function sysregName(op0: number, op1: number, crn: number, crm: number, op2: number): string {
  return `S${op0}_${op1}_C${crn}_C${crm}_${op2}`;
}

/** The encoding name ("S3_0_C12_C12_0") of the system register declared at `offset` (see sysregOffset). */
export function sysregNameAt(offset: number): string {
  const E = SYSREG_ENCODING;
  const v = BigInt(offset / 8);
  return sysregName(E.op0.num(v), E.op1.num(v), E.CRn.num(v), E.CRm.num(v), E.op2.num(v));
}

/**
 * An 8-bit GIC priority (0 highest) and its parts. With 5 bits implemented (32 levels, as in the model) only `level`
 * is held: it is what a GICv2 list register and GICH_VMCR.VMPriMask store, and n in "bit n of an active-priority
 * register: group priority n × 8".
 */
export const PRIORITY = layout(8, {
  level: bits(7, 3, 'rw', 'the 5 implemented priority bits (32 levels)'),
  low: bits(2, 0, 'rw', 'unimplemented with 5 priority bits: read as 0'),
}, 'priority');

/** The whole 8-bit priority as a field (GICv3 list registers and ICH_VMCR_EL2.VPMR hold all 8 bits). */
export const PRIORITY_ALL = layout(8, { value: bits(7, 0, 'rw', 'the 8-bit priority') }, 'priority').value;

/** Clears the priority bits an implementation does not hold (it keeps the top `bitsImplemented`). */
export function priorityMask(bitsImplemented: number): number {
  return (0xff << (8 - bitsImplemented)) & 0xff; // priority arithmetic on a number, not a register value
}

/** The group-priority part of `priority` for binary point `bpr` (bits above bpr form the group priority). */
export function groupPriority(priority: number, bpr: number): number {
  return priority & ((0xff << (bpr + 1)) & 0xff); // priority arithmetic by a binary point, not a register value
}

/**
 * A set of CPUs as the GIC's target lists hold it (an ITARGETSR byte, GICD_SGIR.CPUTargetList, ICC_SGI1R_EL1's
 * TargetList, where Aff0 is the CPU index in the model): bit n = cpu n.
 */
export const CpuSet = {
  of(cpu: number): number {
    return 1 << cpu; // a CPU set indexed by CPU number, not a register field
  },
  all(cpus: number): number {
    return (1 << cpus) - 1; // every CPU of the set
  },
  /** `set` without the CPUs a GIC with `cpus` CPU interfaces does not have. */
  within(set: number, cpus: number): number {
    return set & CpuSet.all(cpus);
  },
  has(set: number, cpu: number): boolean {
    return ((set >> cpu) & 1) === 1; // a CPU set indexed by CPU number
  },
};

/** Bit n of a bitmap value written to a register (one bit per INTID): a bitmap indexed by number, not a field. */
export function bitOf(value: bigint, n: number): boolean {
  return ((value >> BigInt(n)) & 1n) === 1n; // a bitmap indexed by number (RegisterFile.testBit for a written value)
}

/** The index of the lowest set bit of a 32-bit bitmap (an active-priority register), or -1 when none is set. */
export function lowestBit(bitmap: number): number {
  return bitmap === 0 ? -1 : 31 - Math.clz32(bitmap & -bitmap); // a bitmap indexed by number, not a field
}
