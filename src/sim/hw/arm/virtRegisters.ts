// GIC virtualization interface (hypervisor control) register declarations, facts §E.1 and §E.2:
//  - GICv2 GICH (memory-mapped): HCR 0x0, VTR 0x4, VMCR 0x8, MISR 0x10, EISR0/1 0x20/0x24, ELRSR0/1 0x30/0x34,
//    APR 0xF0, LRn at 0x100 + 4n (32-bit);
//  - GICv3 ICH_*_EL2 (system registers, "offset" = encoding × 8): AP0R0, AP1R0, HCR, VTR, MISR, EISR, ELRSR, VMCR,
//    LR<n> (64-bit).
// A layout names, per version, the register and field playing each role; the list register fields carry the
// same names in both (vINTID, pINTID, priority, state, group, hw) so one accessor decodes either. gicVersion.ts
// picks the layout of its version.
//
// A list register has two layouts, selected by its HW bit: HW = 1 holds the physical INTID (GICv2 bits 19:10,
// GICv3 41:32); HW = 0 holds the EOI-maintenance bit in the top bit of that range (GICv2 bit 19, GICv3 bit 41) and,
// on GICv2, the SGI source CPUID in bits 12:10. Both are declared as variants, so the inspector decodes whichever
// applies and the codec (listRegister.ts) reads and writes them by name.
//
// Not declared (not modelled): ICH_AP0R1..3/AP1R1..3 (more than 5 preemption bits), GICv3 LR NMI bit 59,
// ICH_HCR_EL2.vSGIEOICount/DVIM (GICv4.1), GICH_VMCR/ICH_VMCR_EL2 fields only kept as state (VMABP, VBPR0).
import { bits, layout, reg, registerFile, variants, type Field, type RegisterDecl, type RegisterFileDecl } from '../../core/registers';
import { PRIORITY, PRIORITY_ALL, sysregName, sysregOffset } from './gicCommon';
import type { FieldAt } from './cpuInterfaceRegisters';
import type { LrLayout } from './listRegister';

export const LR_STATES = { 0: 'invalid', 1: 'pending', 2: 'active', 3: 'pending+active' } as const;

export const HCR = layout(32, {
  EOICount: bits(31, 27, 'rw', 'EOIs (EOIR with EOImode 0, or DIR) that found no matching list register'),
  VGrp1DIE: bits(7, 7, 'rw', 'maintenance while virtual Group 1 is disabled'),
  VGrp1EIE: bits(6, 6, 'rw', 'maintenance while virtual Group 1 is enabled'),
  VGrp0DIE: bits(5, 5, 'rw', 'maintenance while virtual Group 0 is disabled'),
  VGrp0EIE: bits(4, 4, 'rw', 'maintenance while virtual Group 0 is enabled'),
  NPIE: bits(3, 3, 'rw', 'no-pending maintenance: raised while no list register is in the pending state'),
  LRENPIE: bits(2, 2, 'rw', 'maintenance while EOICount is non-zero'),
  UIE: bits(1, 1, 'rw', 'underflow maintenance: raised while at most one list register is valid'),
  En: bits(0, 0, 'rw', 'enable the virtual CPU interface (and maintenance interrupts)'),
}, 'GICH_HCR');

export const MISR = layout(32, {
  VGrp1D: bits(7, 7, 'ro', 'VGrp1DIE and virtual Group 1 disabled'),
  VGrp1E: bits(6, 6, 'ro', 'VGrp1EIE and virtual Group 1 enabled'),
  VGrp0D: bits(5, 5, 'ro', 'VGrp0DIE and virtual Group 0 disabled'),
  VGrp0E: bits(4, 4, 'ro', 'VGrp0EIE and virtual Group 0 enabled'),
  NP: bits(3, 3, 'ro', 'NPIE and no list register in the pending state'),
  LRENP: bits(2, 2, 'ro', 'LRENPIE and EOICount non-zero'),
  U: bits(1, 1, 'ro', 'UIE and zero or one valid list register (underflow)'),
  EOI: bits(0, 0, 'ro', 'EISR non-zero: a list register with the EOI bit was deactivated'),
}, 'GICH_MISR');

/** A bitmap of list registers (bit n = LRn) as GICv2 splits it over two 32-bit words (EISR0/1, ELRSR0/1). */
export const LR_BITMAP = layout(64, {
  word1: bits(63, 32, 'ro', 'LR32..LR63'),
  word0: bits(31, 0, 'ro', 'LR0..LR31'),
}, 'list register bitmap');

/** ELRSR at reset: every one of `listRegs` list registers empty. */
function emptyLrs(listRegs: number): bigint {
  return (1n << BigInt(listRegs)) - 1n; // a bitmap with one bit per list register
}

const GICH_VTR = layout(32, {
  PRIbits: bits(31, 29, 'ro', 'virtual priority bits minus 1'),
  PREbits: bits(28, 26, 'ro', 'virtual preemption bits minus 1'),
  ListRegs: bits(5, 0, 'ro', 'list registers implemented minus 1'),
}, 'GICH_VTR');

const GICH_VMCR = layout(32, {
  VMPriMask: bits(31, 27, 'rw', 'the guest\'s GICV_PMR (priority bits 7:3)'),
  VMBP: bits(23, 21, 'rw', 'the guest\'s GICV_BPR'),
  VMABP: bits(20, 18, 'rw', 'the guest\'s GICV_ABPR'),
  VEM: bits(9, 9, 'rw', 'the guest\'s GICV_CTLR.EOImode: 1 = EOIR drops priority only, DIR deactivates'),
  VMCBPR: bits(4, 4, 'rw', 'the guest\'s GICV_CTLR.CBPR'),
  VMFIQEn: bits(3, 3, 'rw', 'the guest\'s GICV_CTLR.FIQEn'),
  VMAckCtl: bits(2, 2, 'rw', 'the guest\'s GICV_CTLR.AckCtl'),
  VMGrp1En: bits(1, 1, 'rw', 'the guest\'s GICV_CTLR.EnableGrp1'),
  VMGrp0En: bits(0, 0, 'rw', 'the guest\'s GICV_CTLR.EnableGrp0'),
}, 'GICH_VMCR');

/** GICH_LR<n>: the fields of every value. */
const GICH_LR = layout(32, {
  hw: bits(31, 31, 'rw', 'HW: tied to a physical interrupt; guest deactivate also deactivates PhysicalID', { 0: 'virtual', 1: 'hardware' }),
  group: bits(30, 30, 'rw', 'Grp1: virtual Group 1 (signalled as vIRQ)'),
  state: bits(29, 28, 'rw', 'state of the virtual interrupt', LR_STATES),
  priority: bits(27, 23, 'rw', 'priority bits 7:3'),
  vINTID: bits(9, 0, 'rw', 'VirtualID: the INTID the guest sees'),
}, 'GICH_LR');

/** GICH_LR<n> with HW = 0. */
const GICH_LR_VIRTUAL = layout(32, {
  EOI: bits(19, 19, 'rw', 'maintenance interrupt when the guest deactivates it (a level interrupt: resample)'),
  CPUID: bits(12, 10, 'rw', 'SGI: the source CPU the guest sees in GICV_IAR'),
}, 'GICH_LR[hw=0]');

/** GICH_LR<n> with HW = 1. */
const GICH_LR_HW = layout(32, {
  pINTID: bits(19, 10, 'rw', 'PhysicalID: deactivated in the distributor when the guest deactivates the virtual one'),
}, 'GICH_LR[hw=1]');

export const GICH_LR_LAYOUT: LrLayout = { common: GICH_LR, virtual: GICH_LR_VIRTUAL, physical: GICH_LR_HW, heldPriority: PRIORITY.level };

function gichLr(n: number): RegisterDecl {
  return reg(`LR${n}`, 0x100 + 4 * n, 32, GICH_LR, {
    meaning: `list register ${n}`, variants: variants('hw', { 0: GICH_LR_VIRTUAL, 1: GICH_LR_HW }),
  });
}

export function gichRegisters(listRegs: number): RegisterFileDecl {
  if (listRegs < 1 || listRegs > 64) throw new Error(`GICH: 1..64 list registers, got ${listRegs}`);
  const bitmap = (name: string, off: number, lo: number, meaning: string, reset: bigint) =>
    reg(name, off, 32, { status: bits(31, 0, 'ro', `${meaning}; bit n = LR${lo}+n`) }, { reset, meaning });
  const free = emptyLrs(listRegs);
  return registerFile('GICv2 virtual interface control (GICH)', [
    reg('HCR', 0x00, 32, HCR, { meaning: 'hypervisor control' }),
    reg('VTR', 0x04, 32, GICH_VTR, { reset: GICH_VTR.PRIbits.of(4) | GICH_VTR.PREbits.of(4) | GICH_VTR.ListRegs.of(listRegs - 1), meaning: 'VGIC type' }),
    reg('VMCR', 0x08, 32, GICH_VMCR, { meaning: 'virtual machine control (the guest\'s GICV state)' }),
    reg('MISR', 0x10, 32, MISR, { meaning: 'maintenance interrupt status (reasons)' }),
    bitmap('EISR0', 0x20, 0, 'EOI status: LR is invalid, HW = 0 and EOI = 1', 0n),
    bitmap('EISR1', 0x24, 32, 'EOI status: LR is invalid, HW = 0 and EOI = 1', 0n),
    bitmap('ELRSR0', 0x30, 0, 'empty: LR is invalid and holds no EOI maintenance', LR_BITMAP.word0.get(free)),
    bitmap('ELRSR1', 0x34, 32, 'empty: LR is invalid and holds no EOI maintenance', LR_BITMAP.word1.get(free)),
    reg('APR', 0xf0, 32, { Active: bits(31, 0, 'rw', 'bit n: virtual group priority n×8 is active') }, { meaning: 'virtual active priorities' }),
    ...Array.from({ length: listRegs }, (_, n) => gichLr(n)),
  ]);
}

const E2 = (crm: number, op2: number) => ({ off: sysregOffset(3, 4, 12, crm, op2), enc: sysregName(3, 4, 12, crm, op2) });

function ich(name: string, crm: number, op2: number, fields: Parameters<typeof reg>[3], meaning: string, reset: bigint | number = 0): RegisterDecl {
  const e = E2(crm, op2);
  return reg(name, e.off, 64, fields, { reset, meaning: `${meaning} (${e.enc})` });
}

const ICH_VTR = layout(64, {
  PRIbits: bits(31, 29, 'ro', 'virtual priority bits minus 1'),
  PREbits: bits(28, 26, 'ro', 'virtual preemption bits minus 1'),
  IDbits: bits(25, 23, 'ro', 'virtual INTID bits (0: 16 bits)'),
  SEIS: bits(22, 22, 'ro', 'SEI support'),
  A3V: bits(21, 21, 'ro', 'affinity 3 valid'),
  nV4: bits(20, 20, 'ro', '1: no GICv4 direct injection'),
  TDS: bits(19, 19, 'ro', 'separate trapping of DIR'),
  ListRegs: bits(4, 0, 'ro', 'list registers implemented minus 1'),
}, 'ICH_VTR_EL2');

const ICH_VMCR = layout(64, {
  VPMR: bits(31, 24, 'rw', 'the guest\'s ICC_PMR_EL1'),
  VBPR0: bits(23, 21, 'rw', 'the guest\'s ICC_BPR0_EL1'),
  VBPR1: bits(20, 18, 'rw', 'the guest\'s ICC_BPR1_EL1'),
  VEOIM: bits(9, 9, 'rw', 'the guest\'s ICC_CTLR_EL1.EOImode: 1 = EOIR drops priority only, DIR deactivates'),
  VCBPR: bits(4, 4, 'rw', 'the guest\'s ICC_CTLR_EL1.CBPR'),
  VFIQEn: bits(3, 3, 'rw', 'FIQ enable (Group 0 as FIQ)'),
  VAckCtl: bits(2, 2, 'rw', 'AckCtl (RES0 in GICv3)'),
  VENG1: bits(1, 1, 'rw', 'the guest\'s ICC_IGRPEN1_EL1'),
  VENG0: bits(0, 0, 'rw', 'the guest\'s ICC_IGRPEN0_EL1'),
}, 'ICH_VMCR_EL2');

/** ICH_LR<n>_EL2: the fields of every value. */
const ICH_LR = layout(64, {
  state: bits(63, 62, 'rw', 'state of the virtual interrupt (62 pending, 63 active)', LR_STATES),
  hw: bits(61, 61, 'rw', 'HW: tied to a physical interrupt; guest deactivate also deactivates pINTID', { 0: 'virtual', 1: 'hardware' }),
  group: bits(60, 60, 'rw', 'Group: 1 = virtual Group 1'),
  priority: bits(55, 48, 'rw', 'priority'),
  vINTID: bits(31, 0, 'rw', 'the INTID the guest sees'),
}, 'ICH_LR_EL2');

/** ICH_LR<n>_EL2 with HW = 0 (GICv3 SGIs are banked per source: no CPUID). */
const ICH_LR_VIRTUAL = layout(64, {
  EOI: bits(41, 41, 'rw', 'maintenance interrupt when the guest deactivates it (a level interrupt: resample)'),
}, 'ICH_LR_EL2[hw=0]');

/** ICH_LR<n>_EL2 with HW = 1. */
const ICH_LR_HW = layout(64, {
  pINTID: bits(41, 32, 'rw', 'physical INTID: deactivated in the distributor when the guest deactivates the virtual one'),
}, 'ICH_LR_EL2[hw=1]');

export const ICH_LR_LAYOUT: LrLayout = { common: ICH_LR, virtual: ICH_LR_VIRTUAL, physical: ICH_LR_HW, heldPriority: PRIORITY_ALL };

function ichLr(n: number): RegisterDecl {
  const e = E2(n < 8 ? 12 : 13, n % 8);
  return reg(`ICH_LR${n}_EL2`, e.off, 64, ICH_LR, {
    meaning: `list register ${n} (${e.enc})`, variants: variants('hw', { 0: ICH_LR_VIRTUAL, 1: ICH_LR_HW }),
  });
}

export function ichRegisters(listRegs: number): RegisterFileDecl {
  if (listRegs < 1 || listRegs > 16) throw new Error(`ICH: 1..16 list registers, got ${listRegs}`);
  return registerFile('GICv3 virtual interface control (ICH_*_EL2)', [
    ich('ICH_AP0R0_EL2', 8, 0, { Active: bits(31, 0, 'rw', 'bit n: virtual Group 0 group priority n×8 is active') }, 'virtual active priorities, Group 0'),
    ich('ICH_AP1R0_EL2', 9, 0, { Active: bits(31, 0, 'rw', 'bit n: virtual Group 1 group priority n×8 is active') }, 'virtual active priorities, Group 1'),
    ich('ICH_HCR_EL2', 11, 0, {
      ...HCR,
      TDIR: bits(14, 14, 'rw', 'trap guest ICC_DIR_EL1 writes to EL2 (not modelled)'),
      TSEI: bits(13, 13, 'rw', 'trap locally generated SEIs (not modelled)'),
      TALL1: bits(12, 12, 'rw', 'trap guest Group 1 ICC accesses (not modelled)'),
      TALL0: bits(11, 11, 'rw', 'trap guest Group 0 ICC accesses (not modelled)'),
      TC: bits(10, 10, 'rw', 'trap guest common ICC accesses (not modelled)'),
    }, 'hypervisor control'),
    ich('ICH_VTR_EL2', 11, 1, ICH_VTR, 'VGIC type', ICH_VTR.PRIbits.of(4) | ICH_VTR.PREbits.of(4) | ICH_VTR.nV4.of(1) | ICH_VTR.ListRegs.of(listRegs - 1)),
    ich('ICH_MISR_EL2', 11, 2, MISR, 'maintenance interrupt status (reasons)'),
    ich('ICH_EISR_EL2', 11, 3, { status: bits(15, 0, 'ro', 'bit n: LRn is invalid, HW = 0 and EOI = 1') }, 'EOI status'),
    ich('ICH_ELRSR_EL2', 11, 5, { status: bits(15, 0, 'ro', 'bit n: LRn is invalid and holds no EOI maintenance') }, 'empty list registers', emptyLrs(listRegs)),
    ich('ICH_VMCR_EL2', 11, 7, ICH_VMCR, 'virtual machine control (the guest\'s ICV state)'),
    ...Array.from({ length: listRegs }, (_, n) => ichLr(n)),
  ]);
}

export interface VirtLayout {
  decl: RegisterFileDecl;
  listRegs: number;
  hcr: string;
  vtr: string;
  vmcr: string;
  misr: string;
  /** EISR/ELRSR words: LR n is bit n%32 of word n/32. */
  eisr: readonly string[];
  elrsr: readonly string[];
  /** Active-priority registers per group (v2 has one for both). */
  apr: readonly [string, string];
  lr: (n: number) => string;
  /** The list registers' layout (common fields, and the variant HW selects). */
  lrLayout: LrLayout;
  pmr: FieldAt;
  /** The part of an 8-bit priority the virtual PMR holds (v2 VMPriMask bits 7:3, v3 VPMR all 8). */
  pmrPriority: Field;
  eoiMode: FieldAt;
  grpEnable: readonly [FieldAt, FieldAt];
}

/** GICv2 GICH with `listRegs` list registers. */
export function gichLayout(listRegs: number): VirtLayout {
  return {
    listRegs, decl: gichRegisters(listRegs),
    hcr: 'HCR', vtr: 'VTR', vmcr: 'VMCR', misr: 'MISR',
    eisr: ['EISR0', 'EISR1'], elrsr: ['ELRSR0', 'ELRSR1'], apr: ['APR', 'APR'],
    lr: (n) => `LR${n}`,
    lrLayout: GICH_LR_LAYOUT,
    pmr: { reg: 'VMCR', field: GICH_VMCR.VMPriMask },
    pmrPriority: PRIORITY.level,
    eoiMode: { reg: 'VMCR', field: GICH_VMCR.VEM },
    grpEnable: [{ reg: 'VMCR', field: GICH_VMCR.VMGrp0En }, { reg: 'VMCR', field: GICH_VMCR.VMGrp1En }],
  };
}

/** GICv3 ICH_*_EL2 with `listRegs` list registers. */
export function ichLayout(listRegs: number): VirtLayout {
  return {
    listRegs, decl: ichRegisters(listRegs),
    hcr: 'ICH_HCR_EL2', vtr: 'ICH_VTR_EL2', vmcr: 'ICH_VMCR_EL2', misr: 'ICH_MISR_EL2',
    eisr: ['ICH_EISR_EL2'], elrsr: ['ICH_ELRSR_EL2'], apr: ['ICH_AP0R0_EL2', 'ICH_AP1R0_EL2'],
    lr: (n) => `ICH_LR${n}_EL2`,
    lrLayout: ICH_LR_LAYOUT,
    pmr: { reg: 'ICH_VMCR_EL2', field: ICH_VMCR.VPMR },
    pmrPriority: PRIORITY_ALL,
    eoiMode: { reg: 'ICH_VMCR_EL2', field: ICH_VMCR.VEOIM },
    grpEnable: [{ reg: 'ICH_VMCR_EL2', field: ICH_VMCR.VENG0 }, { reg: 'ICH_VMCR_EL2', field: ICH_VMCR.VENG1 }],
  };
}
