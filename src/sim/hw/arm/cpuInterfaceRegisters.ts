// Physical GIC CPU interface registers: GICv2 GICC (memory-mapped, Non-secure view) and GICv3 ICC_*_EL1 (system
// registers; "offset" = encoding × 8, see gicCommon.sysregOffset). A layout names, per version, the register and
// field that play each role, so one model class serves both.
//
// Not declared (not modelled): GICC_ABPR/AIAR/AEOIR/AHPPIR (Group 0 aliases), GICC_NSAPR, ICC_*0_EL1 (Group 0),
// ICC_SRE_EL1 (system register enable: taken as set), ICC_ASGI1R/SGI0R, GICC_IIDR fields beyond ArchitectureVersion.
import { bits, reg, registerFile, type RegisterFileDecl } from '../../core/registers';
import { sysregName, sysregOffset, type GicVersion } from './gicCommon';

export interface FieldRef { reg: string; field: string }

export interface CpuIfLayout {
  version: GicVersion;
  decl: RegisterFileDecl;
  enable: FieldRef;
  eoiMode: FieldRef;
  pmr: FieldRef;
  bpr: FieldRef;
  /** Group priority = bits 7:(BPR - bprOffset + 1): v2 GICC_BPR gives bits 7:BPR+1, v3 ICC_BPR1_EL1 bits 7:BPR. */
  bprOffset: number;
  iar: FieldRef;
  eoir: FieldRef;
  dir: FieldRef;
  rpr: FieldRef;
  hppir: FieldRef;
  apr: string;
  /** v2: IAR/HPPIR carry the SGI source CPU in bits 12:10. */
  cpuidField: string | null;
  /** v3: ICC_SGI1R_EL1 (SGIs are raised from the CPU interface). */
  sgi: string | null;
}

const GICC = registerFile('GICv2 CPU interface (GICC)', [
  reg('CTLR', 0x00, 32, {
    EOImodeNS: bits(9, 9, 'rw', '0: EOIR drops priority and deactivates; 1: EOIR drops priority only, DIR deactivates', { 0: 'drop+deactivate', 1: 'split (DIR deactivates)' }),
    IRQBypDisGrp1: bits(6, 6, 'rw', 'bypass disable for the IRQ line (no bypass in the model)'),
    FIQBypDisGrp1: bits(5, 5, 'rw', 'bypass disable for the FIQ line (no FIQ in the model)'),
    EnableGrp1: bits(0, 0, 'rw', 'signal Group 1 interrupts to the processor'),
  }, { meaning: 'CPU interface control (Non-secure view)' }),
  reg('PMR', 0x04, 32, { Priority: bits(7, 0, 'rw', 'priority mask: only priorities numerically below it are signalled') }, { meaning: 'priority mask' }),
  reg('BPR', 0x08, 32, { BinaryPoint: bits(2, 0, 'rw', 'group priority = priority bits above BinaryPoint (preemption granularity)') }, { reset: 2, meaning: 'binary point' }),
  reg('IAR', 0x0c, 32, {
    CPUID: bits(12, 10, 'ro', 'SGI: the requesting CPU'),
    InterruptID: bits(9, 0, 'ro', 'INTID acknowledged by the last read (1023: spurious)'),
  }, { reset: 1023, meaning: 'interrupt acknowledge (a read acknowledges: pending → active)' }),
  reg('EOIR', 0x10, 32, {
    CPUID: bits(12, 10, 'wo', 'SGI: the requesting CPU'),
    EOIINTID: bits(9, 0, 'wo', 'INTID whose priority drops (and, with EOImodeNS 0, is deactivated)'),
  }, { meaning: 'end of interrupt' }),
  reg('RPR', 0x14, 32, { Priority: bits(7, 0, 'ro', 'running priority: highest active (not priority-dropped) group priority; 0xFF idle') }, { reset: 0xff, meaning: 'running priority' }),
  reg('HPPIR', 0x18, 32, {
    CPUID: bits(12, 10, 'ro', 'SGI: the requesting CPU'),
    PENDINTID: bits(9, 0, 'ro', 'highest priority pending INTID forwarded to this interface (1023: none)'),
  }, { reset: 1023, meaning: 'highest priority pending interrupt' }),
  reg('APR0', 0xd0, 32, { Active: bits(31, 0, 'ro', 'bit n: group priority n×8 is active (5 priority bits)') }, { meaning: 'active priorities' }),
  reg('IIDR', 0xfc, 32, {
    ProductID: bits(31, 20, 'ro', 'product'),
    ArchitectureVersion: bits(19, 16, 'ro', '2 = GICv2'),
    Implementer: bits(11, 0, 'ro', '0x43B = Arm'),
  }, { reset: 0x2043b, meaning: 'CPU interface identification' }),
  reg('DIR', 0x1000, 32, {
    CPUID: bits(12, 10, 'wo', 'SGI: the requesting CPU'),
    InterruptID: bits(9, 0, 'wo', 'INTID to deactivate (used with EOImodeNS 1)'),
  }, { meaning: 'deactivate interrupt' }),
]);

const S = (crn: number, crm: number, op2: number) => ({ off: sysregOffset(3, 0, crn, crm, op2), enc: sysregName(3, 0, crn, crm, op2) });

function sys(name: string, crn: number, crm: number, op2: number, fields: Parameters<typeof reg>[3], meaning: string, reset = 0) {
  const s = S(crn, crm, op2);
  return reg(name, s.off, 64, fields, { reset, meaning: `${meaning} (${s.enc})` });
}

const ICC = registerFile('GICv3 CPU interface (ICC_*_EL1)', [
  sys('ICC_PMR_EL1', 4, 6, 0, { Priority: bits(7, 0, 'rw', 'priority mask: only priorities numerically below it are signalled') }, 'priority mask'),
  sys('ICC_AP1R0_EL1', 12, 9, 0, { Active: bits(31, 0, 'ro', 'bit n: Group 1 group priority n×8 is active (5 priority bits)') }, 'active priorities, Group 1'),
  sys('ICC_DIR_EL1', 12, 11, 1, { INTID: bits(23, 0, 'wo', 'INTID to deactivate (used with EOImode 1)') }, 'deactivate interrupt'),
  sys('ICC_RPR_EL1', 12, 11, 3, { Priority: bits(7, 0, 'ro', 'running priority; 0xFF idle') }, 'running priority', 0xff),
  sys('ICC_SGI1R_EL1', 12, 11, 5, {
    Aff3: bits(55, 48, 'wo', 'affinity 3 of the targets'),
    IRM: bits(40, 40, 'wo', '1: all PEs but the requester; 0: TargetList', { 0: 'list', 1: 'others' }),
    Aff2: bits(39, 32, 'wo', 'affinity 2 of the targets'),
    INTID: bits(27, 24, 'wo', 'SGI number 0..15'),
    Aff1: bits(23, 16, 'wo', 'affinity 1 of the targets'),
    TargetList: bits(15, 0, 'wo', 'bit n: the PE with Aff0 = n (the CPU index in the model)'),
  }, 'Group 1 SGI generation (write sends)'),
  sys('ICC_IAR1_EL1', 12, 12, 0, { INTID: bits(23, 0, 'ro', 'INTID acknowledged by the last read (1023: spurious)') }, 'interrupt acknowledge, Group 1', 1023),
  sys('ICC_EOIR1_EL1', 12, 12, 1, { INTID: bits(23, 0, 'wo', 'INTID whose priority drops (and, with EOImode 0, is deactivated)') }, 'end of interrupt, Group 1'),
  sys('ICC_HPPIR1_EL1', 12, 12, 2, { INTID: bits(23, 0, 'ro', 'highest priority pending Group 1 INTID (1023: none)') }, 'highest priority pending interrupt, Group 1', 1023),
  sys('ICC_BPR1_EL1', 12, 12, 3, { BinaryPoint: bits(2, 0, 'rw', 'Group 1 group priority = priority bits 7:BinaryPoint') }, 'binary point, Group 1', 3),
  sys('ICC_CTLR_EL1', 12, 12, 4, {
    IDbits: bits(13, 11, 'ro', 'INTID bits: 0 = 16 bits'),
    PRIbits: bits(10, 8, 'ro', 'priority bits minus 1 (4: 32 levels)'),
    EOImode: bits(1, 1, 'rw', '0: EOIR drops priority and deactivates; 1: EOIR drops priority only, DIR deactivates', { 0: 'drop+deactivate', 1: 'split (DIR deactivates)' }),
    CBPR: bits(0, 0, 'rw', 'common binary point (not modelled)'),
  }, 'CPU interface control', 4 << 8),
  sys('ICC_IGRPEN1_EL1', 12, 12, 7, { Enable: bits(0, 0, 'rw', 'signal Group 1 interrupts to the processor') }, 'Group 1 enable'),
]);

export const CPU_IF_LAYOUTS: Readonly<Record<GicVersion, CpuIfLayout>> = {
  v2: {
    version: 'v2', decl: GICC,
    enable: { reg: 'CTLR', field: 'EnableGrp1' },
    eoiMode: { reg: 'CTLR', field: 'EOImodeNS' },
    pmr: { reg: 'PMR', field: 'Priority' },
    bpr: { reg: 'BPR', field: 'BinaryPoint' },
    bprOffset: 0,
    iar: { reg: 'IAR', field: 'InterruptID' },
    eoir: { reg: 'EOIR', field: 'EOIINTID' },
    dir: { reg: 'DIR', field: 'InterruptID' },
    rpr: { reg: 'RPR', field: 'Priority' },
    hppir: { reg: 'HPPIR', field: 'PENDINTID' },
    apr: 'APR0',
    cpuidField: 'CPUID',
    sgi: null,
  },
  v3: {
    version: 'v3', decl: ICC,
    enable: { reg: 'ICC_IGRPEN1_EL1', field: 'Enable' },
    eoiMode: { reg: 'ICC_CTLR_EL1', field: 'EOImode' },
    pmr: { reg: 'ICC_PMR_EL1', field: 'Priority' },
    bpr: { reg: 'ICC_BPR1_EL1', field: 'BinaryPoint' },
    bprOffset: 1,
    iar: { reg: 'ICC_IAR1_EL1', field: 'INTID' },
    eoir: { reg: 'ICC_EOIR1_EL1', field: 'INTID' },
    dir: { reg: 'ICC_DIR_EL1', field: 'INTID' },
    rpr: { reg: 'ICC_RPR_EL1', field: 'Priority' },
    hppir: { reg: 'ICC_HPPIR1_EL1', field: 'INTID' },
    apr: 'ICC_AP1R0_EL1',
    cpuidField: null,
    sgi: 'ICC_SGI1R_EL1',
  },
};
