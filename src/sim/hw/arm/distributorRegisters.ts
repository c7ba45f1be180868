// GIC distributor register declarations, one set per version: GICv2 GICD, and GICv3 GICD plus the SGI_base frame of
// each redistributor, where the banked SGI/PPI registers live. gicVersion.ts picks the set of its version.
//
// The distributor is split in two declared files so banking is visible in the inspector:
//  - the shared file: CTLR, TYPER, IIDR, the SPI words of every bitmap, SPI priorities and targets (v2
//    ITARGETSR) or routes (v3 IROUTER), SGIR (v2), PIDR2;
//  - a per-CPU bank: word 0 of every bitmap (INTIDs 0..31), IPRIORITYR0..7, ICFGR0/1, and for v2
//    ITARGETSR0..7 (read-only: each reads the CPU's own bit). v2 keeps them at the GICD offsets (banked by the
//    accessing CPU), v3 at SGI_base = RD_base + 0x10000 of that CPU's redistributor (GICR_*).
//
// v3 also declares each redistributor's RD_base frame (GICR_CTLR, IIDR, TYPER with its Last bit, WAKER, PIDR2), which
// the MMIO front end (gicMmio.ts) maps in front of the SGI_base frame.
//
// Not declared (not modelled): IGROUPR/IGRPMODR (all interrupts are Non-secure Group 1), NSACR, SPENDSGIR/
// CPENDSGIR, ISACTIVER for extended ranges, GICR_PROPBASER/PENDBASER and the rest of the LPI registers, the
// identification registers other than PIDR2.
//
// GICD_CTLR view: v2 is the Non-secure view of a GIC with the Security Extensions (bit 0 enables Group 1);
// v3 is the single-security-state view (GICD_CTLR.DS = 1: EnableGrp1 at bit 1, affinity routing always on).
import { bits, layout, reg, registerFile, type Access, type RegisterDecl, type RegisterFileDecl } from '../../core/registers';
import { SPI_FIRST } from './gicCommon';

/** The six one-bit-per-INTID registers: set-/clear- pairs over enable, pending and active state. */
export const BITMAPS = [
  { name: 'ISENABLER', base: 0x100, meaning: 'set-enable: reads 1 = forwarded when pending; write 1 enables' },
  { name: 'ICENABLER', base: 0x180, meaning: 'clear-enable: reads as ISENABLER; write 1 disables' },
  { name: 'ISPENDR', base: 0x200, meaning: 'set-pending: reads 1 = pending (level: line high or latched); write 1 latches pending' },
  { name: 'ICPENDR', base: 0x280, meaning: 'clear-pending: reads as ISPENDR; write 1 clears the latch (a high level line stays pending)' },
  { name: 'ISACTIVER', base: 0x300, meaning: 'set-active: reads 1 = active; write 1 activates' },
  { name: 'ICACTIVER', base: 0x380, meaning: 'clear-active: reads as ISACTIVER; write 1 deactivates' },
] as const;

export type BitmapName = (typeof BITMAPS)[number]['name'];

const IPRIORITYR = 0x400;
const ITARGETSR = 0x800;
const ICFGR = 0xc00;
const SGIR = 0xf00;
const IROUTER = 0x6000;
/** v3: the banked SGI/PPI registers are in the redistributor's second 64 KiB frame. */
export const GICR_SGI_BASE = 0x10000;

function range(a: number, b: number): string {
  return `INTIDs ${a}..${b}`;
}

/**
 * Word `w` (INTIDs 32w..32w+31) of every bitmap, then the priority, target and config words of that range.
 * `targets`: GICv2's ITARGETSR bytes ('rw' for SPIs, 'ro' in the banked words, where each reads the accessing CPU's
 * own bit), or null (GICv3 routes SPIs with IROUTER and has no targets).
 */
function words(w: number, base: number, targets: Access | null): RegisterDecl[] {
  const out: RegisterDecl[] = [];
  const lo = 32 * w;
  for (const b of BITMAPS) {
    const access = b.name.startsWith('IC') ? 'w1c' : 'rw';
    out.push(reg(`${b.name}${w}`, base + b.base + 4 * w, 32, {
      ints: bits(31, 0, access, `${b.meaning}; bit n = INTID ${lo}+n`),
    }, { meaning: `${b.name.slice(0, 2) === 'IS' ? 'set' : 'clear'} ${b.name.slice(2, -1).toLowerCase()}, ${range(lo, lo + 31)}` }));
  }
  for (let r = 8 * w; r < 8 * w + 8; r++) {
    const f: Record<string, ReturnType<typeof bits>> = {};
    for (let k = 0; k < 4; k++) f[`p${4 * r + k}`] = bits(8 * k + 7, 8 * k, 'rw', `priority of INTID ${4 * r + k} (0 highest; unimplemented low bits read 0)`);
    out.push(reg(`IPRIORITYR${r}`, base + IPRIORITYR + 4 * r, 32, f, { meaning: `priorities, ${range(4 * r, 4 * r + 3)}` }));
  }
  if (targets) {
    for (let r = 8 * w; r < 8 * w + 8; r++) {
      const f: Record<string, ReturnType<typeof bits>> = {};
      for (let k = 0; k < 4; k++) {
        f[`t${4 * r + k}`] = bits(8 * k + 7, 8 * k, targets,
          targets === 'ro' ? `INTID ${4 * r + k}: reads the accessing CPU's own bit` : `CPU target mask of INTID ${4 * r + k} (bit n = cpu n)`);
      }
      out.push(reg(`ITARGETSR${r}`, base + ITARGETSR + 4 * r, 32, f, { meaning: `CPU targets, ${range(4 * r, 4 * r + 3)}` }));
    }
  }
  for (let r = 2 * w; r < 2 * w + 2; r++) {
    const f: Record<string, ReturnType<typeof bits>> = {};
    const sgis = r === 0;
    for (let k = 0; k < 16; k++) {
      f[`int${16 * r + k}`] = bits(2 * k + 1, 2 * k + 1, sgis ? 'ro' : 'rw',
        sgis ? `SGI ${k}: always edge` : `INTID ${16 * r + k}: 0 level-sensitive, 1 edge-triggered`, { 0: 'level', 1: 'edge' });
    }
    out.push(reg(`ICFGR${r}`, base + ICFGR + 4 * r, 32, f, {
      reset: sgis ? 0xaaaaaaaa : 0,
      meaning: `trigger configuration, ${range(16 * r, 16 * r + 15)}`,
    }));
  }
  return out;
}

export interface GicdShape {
  cpus: number;
  /** Number of SPIs, a multiple of 32 (INTIDs 32..32+spis-1). */
  spis: number;
}

export function checkShape(s: GicdShape): void {
  if (s.spis < 0 || s.spis % 32 !== 0 || s.spis > 988) throw new Error(`GIC: spis must be a multiple of 32 up to 988, got ${s.spis}`);
  if (s.cpus < 1 || s.cpus > 8) throw new Error(`GIC: 1..8 CPUs are modelled (GICv2 targets are an 8-bit mask), got ${s.cpus}`);
}

/** GICD_CTLR, Non-secure view of a GICv2 with the Security Extensions. */
export const GICD_CTLR_V2 = layout(32, {
  EnableGrp1: bits(0, 0, 'rw', 'Non-secure view: forward pending Group 1 interrupts to the CPU interfaces'),
}, 'GICD_CTLR');

/** GICD_CTLR of a GICv3 with one security state (DS = 1). */
export const GICD_CTLR_V3 = layout(32, {
  RWP: bits(31, 31, 'ro', 'register write pending (writes take effect at once in the model: always 0)'),
  DS: bits(6, 6, 'ro', 'disable security: single security state (modelled as 1)'),
  ARE: bits(4, 4, 'ro', 'affinity routing enable (modelled as always on)'),
  EnableGrp1: bits(1, 1, 'rw', 'forward pending Group 1 interrupts'),
  EnableGrp0: bits(0, 0, 'rw', 'forward pending Group 0 interrupts (no Group 0 interrupt is modelled)'),
}, 'GICD_CTLR');

const TYPER_COMMON = {
  SecurityExtn: bits(10, 10, 'ro', 'security extensions (0: one security state in the model)'),
  CPUNumber: bits(7, 5, 'ro', 'number of CPU interfaces minus 1'),
  ITLinesNumber: bits(4, 0, 'ro', 'INTIDs supported = 32 × (ITLinesNumber + 1)'),
};

export const GICD_TYPER_V2 = layout(32, TYPER_COMMON, 'GICD_TYPER');

export const GICD_TYPER_V3 = layout(32, {
  ...TYPER_COMMON,
  IDbits: bits(23, 19, 'ro', 'INTID bits supported minus 1 (9: no LPIs)'),
}, 'GICD_TYPER');

/** GICD_SGIR (GICv2): a write raises an SGI. */
export const GICD_SGIR = layout(32, {
  TargetListFilter: bits(25, 24, 'wo', '0 the CPUs in CPUTargetList, 1 all but the requester, 2 the requester only', { 0: 'list', 1: 'others', 2: 'self' }),
  CPUTargetList: bits(23, 16, 'wo', 'bit n = CPU interface n'),
  NSATT: bits(15, 15, 'wo', 'security attribute of the SGI (not modelled)'),
  SGIINTID: bits(3, 0, 'wo', 'SGI number 0..15'),
}, 'GICD_SGIR');

/** GICD_IROUTER<n> (GICv3): the route of one SPI. */
export const GICD_IROUTER = layout(64, {
  Aff3: bits(39, 32, 'rw', 'affinity level 3'),
  IRM: bits(31, 31, 'rw', '1: route to any one participating PE (1 of N); 0: to the PE named by Aff3.Aff2.Aff1.Aff0', { 0: 'targeted', 1: '1-of-N' }),
  Aff2: bits(23, 16, 'rw', 'affinity level 2'),
  Aff1: bits(15, 8, 'rw', 'affinity level 1'),
  Aff0: bits(7, 0, 'rw', 'affinity level 0 (the CPU index in the model)'),
}, 'GICD_IROUTER');

export const PIDR2 = layout(32, {
  ArchRev: bits(7, 4, 'ro', 'GIC architecture revision (2 = GICv2, 3 = GICv3)'),
  JEDEC: bits(3, 3, 'ro', '1: the designer is identified by a JEP106 code'),
  DES_1: bits(2, 0, 'ro', 'JEP106 identity code bits [6:4] (Arm: 0x3B → 3)'),
}, 'GICD_PIDR2');

/** What both versions declare alike: TYPER, IIDR and the SPI words of every bitmap, priority and config register. */
function shared(s: GicdShape, typer: bigint, typerLayout: typeof GICD_TYPER_V2, targets: Access | null): RegisterDecl[] {
  checkShape(s);
  const spiWords = s.spis / 32;
  const regs: RegisterDecl[] = [
    reg('TYPER', 0x004, 32, typerLayout, { reset: typer, meaning: 'interrupt controller type' }),
    reg('IIDR', 0x008, 32, {
      ProductID: bits(31, 24, 'ro', 'product'),
      Variant: bits(19, 16, 'ro', 'variant'),
      Revision: bits(15, 12, 'ro', 'revision'),
      Implementer: bits(11, 0, 'ro', 'JEP106 implementer (0x43B = Arm)'),
    }, { reset: 0x43b, meaning: 'implementer identification' }),
  ];
  for (let w = 1; w <= spiWords; w++) regs.push(...words(w, 0, targets));
  return regs;
}

function typerOf(s: GicdShape): bigint {
  return GICD_TYPER_V2.ITLinesNumber.of(s.spis / 32) | GICD_TYPER_V2.CPUNumber.of(s.cpus - 1);
}

/** GICv2: the shared (non-banked) distributor registers, SPI targets by ITARGETSR, SGIs raised by SGIR. */
export function gicdV2Registers(s: GicdShape): RegisterFileDecl {
  return registerFile('GICv2 distributor (GICD)', [
    reg('CTLR', 0x000, 32, GICD_CTLR_V2, { meaning: 'distributor control (GICD_CTLR, Non-secure view)' }),
    ...shared(s, typerOf(s), GICD_TYPER_V2, 'rw'),
    reg('SGIR', SGIR, 32, GICD_SGIR, { meaning: 'software generated interrupt (write sends)' }),
    reg('PIDR2', 0xfe8, 32, PIDR2, { reset: PIDR2.ArchRev.of(2), meaning: 'peripheral ID 2 (architecture revision)' }),
  ]);
}

/** GICv3: the shared distributor registers (affinity routing on), SPI routes by IROUTER. */
export function gicdV3Registers(s: GicdShape): RegisterFileDecl {
  const regs: RegisterDecl[] = [
    reg('CTLR', 0x000, 32, GICD_CTLR_V3, { reset: GICD_CTLR_V3.DS.of(1) | GICD_CTLR_V3.ARE.of(1), meaning: 'distributor control (GICD_CTLR, DS = 1)' }),
    ...shared(s, typerOf(s) | GICD_TYPER_V3.IDbits.of(9), GICD_TYPER_V3, null),
    reg('PIDR2', 0xffe8, 32, PIDR2, { reset: PIDR2.ArchRev.of(3), meaning: 'peripheral ID 2 (architecture revision)' }),
  ];
  for (let id = SPI_FIRST; id < SPI_FIRST + s.spis; id++) {
    regs.push(reg(`IROUTER${id}`, IROUTER + 8 * id, 64, GICD_IROUTER, { meaning: `routing of SPI ${id}` }));
  }
  return registerFile('GICv3 distributor (GICD)', regs);
}

/** GICv2: the banked SGI/PPI registers of one CPU, at the GICD offsets (banked by the accessing CPU). */
export function gicdV2BankRegisters(): RegisterFileDecl {
  return registerFile('GICv2 distributor, banked SGI/PPI registers (GICD)', words(0, 0, 'ro'));
}

/** GICv3: the SGI_base frame of one CPU's redistributor (GICR_*), RD_base + 0x10000. */
export function gicdV3BankRegisters(): RegisterFileDecl {
  return registerFile('GICv3 redistributor SGI_base frame (GICR)', words(0, GICR_SGI_BASE, null));
}

// ---- GICv3 redistributor RD_base frame ----

/** GICR_CTLR: no LPIs in the model, writes take effect at once. */
export const GICR_CTLR = layout(32, {
  UWP: bits(31, 31, 'ro', 'upstream write pending (always 0)'),
  RWP: bits(3, 3, 'ro', 'register write pending (always 0)'),
  EnableLPIs: bits(0, 0, 'ro', 'LPIs enabled (no LPIs are modelled: RAZ/WI)'),
}, 'GICR_CTLR');

/** GICR_TYPER (64-bit): who this redistributor serves, and whether it is the last one of the series. */
export const GICR_TYPER = layout(64, {
  Aff3: bits(63, 56, 'ro', 'affinity level 3 of the PE it serves'),
  Aff2: bits(55, 48, 'ro', 'affinity level 2'),
  Aff1: bits(47, 40, 'ro', 'affinity level 1'),
  Aff0: bits(39, 32, 'ro', 'affinity level 0 (the CPU index in the model)'),
  ProcessorNumber: bits(23, 8, 'ro', 'the PE\'s number (the CPU index in the model)'),
  Last: bits(4, 4, 'ro', '1: the last redistributor of a contiguous series (software stops scanning here)'),
  DirectLPI: bits(3, 3, 'ro', 'direct LPI injection registers (0: no LPIs)'),
  VLPIS: bits(1, 1, 'ro', 'virtual LPIs (0: no GICv4)'),
  PLPIS: bits(0, 0, 'ro', 'physical LPIs (0: no LPIs)'),
}, 'GICR_TYPER');

/** GICR_WAKER: the PE's power handshake; ChildrenAsleep follows ProcessorSleep at once in the model. */
export const GICR_WAKER = layout(32, {
  ChildrenAsleep: bits(2, 2, 'ro', '1: the interface to the PE is quiescent (follows ProcessorSleep at once)'),
  ProcessorSleep: bits(1, 1, 'rw', '1: the PE is asleep (software clears it to wake the redistributor)'),
}, 'GICR_WAKER');

/** GICv3: the RD_base frame of one redistributor (per-CPU values of TYPER are deposited when it is built). */
export function gicrRdRegisters(): RegisterFileDecl {
  return registerFile('GICv3 redistributor RD_base frame (GICR)', [
    reg('GICR_CTLR', 0x0000, 32, GICR_CTLR, { meaning: 'redistributor control' }),
    reg('GICR_IIDR', 0x0004, 32, {
      ProductID: bits(31, 24, 'ro', 'product'),
      Revision: bits(15, 12, 'ro', 'revision'),
      Implementer: bits(11, 0, 'ro', 'JEP106 implementer (0x43B = Arm)'),
    }, { reset: 0x43b, meaning: 'implementer identification' }),
    reg('GICR_TYPER', 0x0008, 64, GICR_TYPER, { meaning: 'redistributor type (affinity, Last)' }),
    reg('GICR_WAKER', 0x0014, 32, GICR_WAKER, {
      reset: GICR_WAKER.ChildrenAsleep.of(1) | GICR_WAKER.ProcessorSleep.of(1), meaning: 'power management handshake',
    }),
    reg('GICR_PIDR2', 0xffe8, 32, PIDR2, { reset: PIDR2.ArchRev.of(3), meaning: 'peripheral ID 2 (architecture revision)' }),
  ]);
}
