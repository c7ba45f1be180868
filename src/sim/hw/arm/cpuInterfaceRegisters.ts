// Physical GIC CPU interface registers: GICv2 GICC (memory-mapped, Non-secure view) and GICv3 ICC_*_EL1 (system
// registers; "offset" = encoding × 8, see gicCommon.sysregOffset). A layout names, per version, the register and
// field handle that play each role, so one model class serves both; gicVersion.ts picks the layout of its version.
//
// Not declared (not modelled): GICC_ABPR/AIAR/AEOIR/AHPPIR (Group 0 aliases), GICC_NSAPR, ICC_*0_EL1 (Group 0),
// ICC_SRE_EL1 (system register enable: taken as set), ICC_ASGI1R/SGI0R, GICC_IIDR fields beyond ArchitectureVersion.
import { bits, layout, reg, registerFile, type Field, type RegisterFileDecl } from '../../core/registers';
import { sysregName, sysregOffset } from './gicCommon';

/** A register of a declared file, by name, and one of its fields, by handle. */
export interface FieldAt { reg: string; field: Field }

export interface CpuIfLayout {
  decl: RegisterFileDecl;
  enable: FieldAt;
  eoiMode: FieldAt;
  pmr: FieldAt;
  bpr: FieldAt;
  /** Group priority = bits 7:(BPR - bprOffset + 1): v2 GICC_BPR gives bits 7:BPR+1, v3 ICC_BPR1_EL1 bits 7:BPR. */
  bprOffset: number;
  iar: FieldAt;
  eoir: FieldAt;
  dir: FieldAt;
  rpr: FieldAt;
  hppir: FieldAt;
  /** The active-priority register: bit n = group priority n × 8 is active. */
  apr: string;
}

// ---- GICv2 GICC ----

const PRIORITY_MASK = { Priority: bits(7, 0, 'rw', 'priority mask: only priorities numerically below it are signalled') };

export const GICC_CTLR = layout(32, {
  EOImodeNS: bits(9, 9, 'rw', '0: EOIR drops priority and deactivates; 1: EOIR drops priority only, DIR deactivates', { 0: 'drop+deactivate', 1: 'split (DIR deactivates)' }),
  IRQBypDisGrp1: bits(6, 6, 'rw', 'bypass disable for the IRQ line (no bypass in the model)'),
  FIQBypDisGrp1: bits(5, 5, 'rw', 'bypass disable for the FIQ line (no FIQ in the model)'),
  EnableGrp1: bits(0, 0, 'rw', 'signal Group 1 interrupts to the processor'),
}, 'GICC_CTLR');
const GICC_PMR = layout(32, PRIORITY_MASK, 'GICC_PMR');
const GICC_BPR = layout(32, { BinaryPoint: bits(2, 0, 'rw', 'group priority = priority bits above BinaryPoint (preemption granularity)') }, 'GICC_BPR');
/** GICC_IAR: the acknowledged INTID, and for an SGI the CPU that requested it. */
export const GICC_IAR = layout(32, {
  CPUID: bits(12, 10, 'ro', 'SGI: the requesting CPU'),
  InterruptID: bits(9, 0, 'ro', 'INTID acknowledged by the last read (1023: spurious)'),
}, 'GICC_IAR');
const GICC_EOIR = layout(32, {
  CPUID: bits(12, 10, 'wo', 'SGI: the requesting CPU'),
  EOIINTID: bits(9, 0, 'wo', 'INTID whose priority drops (and, with EOImodeNS 0, is deactivated)'),
}, 'GICC_EOIR');
const GICC_RPR = layout(32, { Priority: bits(7, 0, 'ro', 'running priority: highest active (not priority-dropped) group priority; 0xFF idle') }, 'GICC_RPR');
const GICC_HPPIR = layout(32, {
  CPUID: bits(12, 10, 'ro', 'SGI: the requesting CPU'),
  PENDINTID: bits(9, 0, 'ro', 'highest priority pending INTID forwarded to this interface (1023: none)'),
}, 'GICC_HPPIR');
const GICC_IIDR = layout(32, {
  ProductID: bits(31, 20, 'ro', 'product'),
  ArchitectureVersion: bits(19, 16, 'ro', '2 = GICv2'),
  Implementer: bits(11, 0, 'ro', '0x43B = Arm'),
}, 'GICC_IIDR');
const GICC_DIR = layout(32, {
  CPUID: bits(12, 10, 'wo', 'SGI: the requesting CPU'),
  InterruptID: bits(9, 0, 'wo', 'INTID to deactivate (used with EOImodeNS 1)'),
}, 'GICC_DIR');

const GICC = registerFile('GICv2 CPU interface (GICC)', [
  reg('CTLR', 0x00, 32, GICC_CTLR, { meaning: 'CPU interface control (Non-secure view)' }),
  reg('PMR', 0x04, 32, GICC_PMR, { meaning: 'priority mask' }),
  reg('BPR', 0x08, 32, GICC_BPR, { reset: 2, meaning: 'binary point' }),
  reg('IAR', 0x0c, 32, GICC_IAR, { reset: 1023, meaning: 'interrupt acknowledge (a read acknowledges: pending → active)' }),
  reg('EOIR', 0x10, 32, GICC_EOIR, { meaning: 'end of interrupt' }),
  reg('RPR', 0x14, 32, GICC_RPR, { reset: 0xff, meaning: 'running priority' }),
  reg('HPPIR', 0x18, 32, GICC_HPPIR, { reset: 1023, meaning: 'highest priority pending interrupt' }),
  reg('APR0', 0xd0, 32, { Active: bits(31, 0, 'ro', 'bit n: group priority n×8 is active (5 priority bits)') }, { meaning: 'active priorities' }),
  reg('IIDR', 0xfc, 32, GICC_IIDR, { reset: GICC_IIDR.ArchitectureVersion.of(2) | GICC_IIDR.Implementer.of(0x43b), meaning: 'CPU interface identification' }),
  reg('DIR', 0x1000, 32, GICC_DIR, { meaning: 'deactivate interrupt' }),
]);

export const GICC_LAYOUT: CpuIfLayout = {
  decl: GICC,
  enable: { reg: 'CTLR', field: GICC_CTLR.EnableGrp1 },
  eoiMode: { reg: 'CTLR', field: GICC_CTLR.EOImodeNS },
  pmr: { reg: 'PMR', field: GICC_PMR.Priority },
  bpr: { reg: 'BPR', field: GICC_BPR.BinaryPoint },
  bprOffset: 0,
  iar: { reg: 'IAR', field: GICC_IAR.InterruptID },
  eoir: { reg: 'EOIR', field: GICC_EOIR.EOIINTID },
  dir: { reg: 'DIR', field: GICC_DIR.InterruptID },
  rpr: { reg: 'RPR', field: GICC_RPR.Priority },
  hppir: { reg: 'HPPIR', field: GICC_HPPIR.PENDINTID },
  apr: 'APR0',
};

// ---- GICv3 ICC_*_EL1 ----

const S = (crn: number, crm: number, op2: number) => ({ off: sysregOffset(3, 0, crn, crm, op2), enc: sysregName(3, 0, crn, crm, op2) });

function sys(name: string, crn: number, crm: number, op2: number, fields: Parameters<typeof reg>[3], meaning: string, reset: bigint | number = 0) {
  const s = S(crn, crm, op2);
  return reg(name, s.off, 64, fields, { reset, meaning: `${meaning} (${s.enc})` });
}

const INTID = (access: 'ro' | 'wo', meaning: string) => layout(64, { INTID: bits(23, 0, access, meaning) }).INTID;
const ICC_PMR = layout(64, PRIORITY_MASK, 'ICC_PMR_EL1');
const ICC_DIR = INTID('wo', 'INTID to deactivate (used with EOImode 1)');
const ICC_RPR = layout(64, { Priority: bits(7, 0, 'ro', 'running priority; 0xFF idle') }, 'ICC_RPR_EL1');
/** ICC_SGI1R_EL1: a write raises a Group 1 SGI. */
export const ICC_SGI1R = layout(64, {
  Aff3: bits(55, 48, 'wo', 'affinity 3 of the targets'),
  IRM: bits(40, 40, 'wo', '1: all PEs but the requester; 0: TargetList', { 0: 'list', 1: 'others' }),
  Aff2: bits(39, 32, 'wo', 'affinity 2 of the targets'),
  INTID: bits(27, 24, 'wo', 'SGI number 0..15'),
  Aff1: bits(23, 16, 'wo', 'affinity 1 of the targets'),
  TargetList: bits(15, 0, 'wo', 'bit n: the PE with Aff0 = n (the CPU index in the model)'),
}, 'ICC_SGI1R_EL1');
/** ICC_IAR1_EL1: the acknowledged INTID (no source CPU: GICv3 SGIs are banked per source). */
export const ICC_IAR1 = INTID('ro', 'INTID acknowledged by the last read (1023: spurious)');
const ICC_EOIR1 = INTID('wo', 'INTID whose priority drops (and, with EOImode 0, is deactivated)');
const ICC_HPPIR1 = INTID('ro', 'highest priority pending Group 1 INTID (1023: none)');
const ICC_BPR1 = layout(64, { BinaryPoint: bits(2, 0, 'rw', 'Group 1 group priority = priority bits 7:BinaryPoint') }, 'ICC_BPR1_EL1');
const ICC_CTLR = layout(64, {
  IDbits: bits(13, 11, 'ro', 'INTID bits: 0 = 16 bits'),
  PRIbits: bits(10, 8, 'ro', 'priority bits minus 1 (4: 32 levels)'),
  EOImode: bits(1, 1, 'rw', '0: EOIR drops priority and deactivates; 1: EOIR drops priority only, DIR deactivates', { 0: 'drop+deactivate', 1: 'split (DIR deactivates)' }),
  CBPR: bits(0, 0, 'rw', 'common binary point (not modelled)'),
}, 'ICC_CTLR_EL1');
const ICC_IGRPEN1 = layout(64, { Enable: bits(0, 0, 'rw', 'signal Group 1 interrupts to the processor') }, 'ICC_IGRPEN1_EL1');

const ICC = registerFile('GICv3 CPU interface (ICC_*_EL1)', [
  sys('ICC_PMR_EL1', 4, 6, 0, ICC_PMR, 'priority mask'),
  sys('ICC_AP1R0_EL1', 12, 9, 0, { Active: bits(31, 0, 'ro', 'bit n: Group 1 group priority n×8 is active (5 priority bits)') }, 'active priorities, Group 1'),
  sys('ICC_DIR_EL1', 12, 11, 1, { INTID: ICC_DIR }, 'deactivate interrupt'),
  sys('ICC_RPR_EL1', 12, 11, 3, ICC_RPR, 'running priority', 0xff),
  sys('ICC_SGI1R_EL1', 12, 11, 5, ICC_SGI1R, 'Group 1 SGI generation (write sends)'),
  sys('ICC_IAR1_EL1', 12, 12, 0, { INTID: ICC_IAR1 }, 'interrupt acknowledge, Group 1', 1023),
  sys('ICC_EOIR1_EL1', 12, 12, 1, { INTID: ICC_EOIR1 }, 'end of interrupt, Group 1'),
  sys('ICC_HPPIR1_EL1', 12, 12, 2, { INTID: ICC_HPPIR1 }, 'highest priority pending interrupt, Group 1', 1023),
  sys('ICC_BPR1_EL1', 12, 12, 3, ICC_BPR1, 'binary point, Group 1', 3),
  sys('ICC_CTLR_EL1', 12, 12, 4, ICC_CTLR, 'CPU interface control', ICC_CTLR.PRIbits.of(4)),
  sys('ICC_IGRPEN1_EL1', 12, 12, 7, ICC_IGRPEN1, 'Group 1 enable'),
]);

export const ICC_LAYOUT: CpuIfLayout = {
  decl: ICC,
  enable: { reg: 'ICC_IGRPEN1_EL1', field: ICC_IGRPEN1.Enable },
  eoiMode: { reg: 'ICC_CTLR_EL1', field: ICC_CTLR.EOImode },
  pmr: { reg: 'ICC_PMR_EL1', field: ICC_PMR.Priority },
  bpr: { reg: 'ICC_BPR1_EL1', field: ICC_BPR1.BinaryPoint },
  bprOffset: 1,
  iar: { reg: 'ICC_IAR1_EL1', field: ICC_IAR1 },
  eoir: { reg: 'ICC_EOIR1_EL1', field: ICC_EOIR1 },
  dir: { reg: 'ICC_DIR_EL1', field: ICC_DIR },
  rpr: { reg: 'ICC_RPR_EL1', field: ICC_RPR.Priority },
  hppir: { reg: 'ICC_HPPIR1_EL1', field: ICC_HPPIR1 },
  apr: 'ICC_AP1R0_EL1',
};
