// The GIC architecture version, decided once when the GIC is built (the scenario's `gic`): GICV2 and GICV3 each hold
// the register layouts of their version (distributor and its per-CPU banks, CPU interface, virtualization interface)
// and the behaviour that differs between them:
//  - SPI routing: an 8-bit ITARGETSR target mask (v2) or an IROUTER affinity route (v3);
//  - where software raises an SGI: a GICD_SGIR write (v2, the requester is the writing CPU) or an ICC_SGI1R_EL1
//    write at the CPU interface (v3);
//  - the SGI source CPU reported in IAR (v2 GICC_IAR.CPUID; v3 has none);
//  - the register-file names ('gich' vs 'ich');
//  - whether ISPENDR0/ICPENDR0 pend SGIs (v3) or ignore their SGI bits (v2);
//  - which per-CPU frames sit in the physical address map (v2 GICC/GICH/GICV, v3 GICR), for gicMmio.ts.
// The distributor, CPU interface, virtualization interface and MMIO front end call these; nothing else asks which
// version it has.
import type { RegisterFile, RegisterFileDecl } from '../../core/registers';
import { GICC_IAR, GICC_LAYOUT, ICC_IAR1, ICC_LAYOUT, ICC_SGI1R, type CpuIfLayout } from './cpuInterfaceRegisters';
import {
  GICD_CTLR_V2, GICD_CTLR_V3, GICD_SGIR, gicdV2BankRegisters, gicdV2Registers, gicdV3BankRegisters, gicdV3Registers,
  type GicdShape,
} from './distributorRegisters';
import { CpuSet } from './gicCommon';
import { AffinityRouting, TargetMaskRouting, type SpiRouting } from './spiRouting';
import type { Field } from '../../core/registers';
import { gichLayout, ichLayout, type VirtLayout } from './virtRegisters';

/** Raises SGI `intid` from CPU `source` on each CPU of `targets`. */
export type SendSgi = (intid: number, source: number, targets: number[]) => void;

/** What a distributor SGI register needs: the CPUs, the sender, the CPU making the access, where guest errors go. */
export interface DistributorSgiContext {
  cpus: number;
  send: SendSgi;
  /** The CPU whose access this is (GICD_SGIR: the requesting CPU is the one writing it). */
  requester: () => number;
  note: (text: string) => void;
}

export interface GicVersion {
  readonly name: 'v2' | 'v3';
  /** The distributor's shared registers, and the banked SGI/PPI registers of one CPU. */
  gicd(shape: GicdShape): RegisterFileDecl;
  gicdBank(): RegisterFileDecl;
  /** GICD_CTLR's Group 1 enable (v2 bit 0 of the Non-secure view, v3 bit 1). */
  readonly gicdEnableGrp1: Field;
  /** The routing state and registers of a distributor with `slots` interrupts. */
  spiRouting(cpus: number, slots: number): SpiRouting;
  /** Hooks the distributor's SGI register, if the version has one there (v2 GICD_SGIR). */
  distributorSgi(regs: RegisterFile, ctx: DistributorSgiContext): void;
  /** Hooks the CPU interface's SGI register, if the version has one there (v3 ICC_SGI1R_EL1). */
  cpuInterfaceSgi(regs: RegisterFile, cpu: number, cpus: number, send: SendSgi): void;
  /** The physical CPU interface's registers and the roles of their fields. */
  readonly cpuIf: CpuIfLayout;
  /** The IAR value for an acknowledged `intid` (an SGI's requesting CPU is `source`). */
  iar(intid: number, source: number | undefined): bigint;
  /** The virtualization interface's registers with `listRegs` list registers. */
  virt(listRegs: number): VirtLayout;
  /**
   * Do ISPENDR0/ICPENDR0 writes change SGIs' pending state? GICv2: no, the SGI bits are WI (SGIs are pended by
   * GICD_SGIR/SPENDSGIR; KVM's vgic_mmio_write_spending/cpending skip them, is_vgic_v2_sgi); GICv3 GICR: yes.
   */
  readonly sgiPendingByBitmap: boolean;
  /** The last part of its register-file id: host/cpuN/<virtFile>. */
  readonly virtFile: string;
  /**
   * What each CPU has in the physical address map besides the distributor: memory-mapped CPU and virtualization
   * interfaces (v2 GICC, GICH, GICV), or a redistributor (v3 GICR; its CPU interfaces are system registers).
   */
  readonly cpuFrames: 'gicc' | 'gicr';
}

function cpusIn(cpus: number, pick: (c: number) => boolean): number[] {
  const out: number[] = [];
  for (let c = 0; c < cpus; c++) if (pick(c)) out.push(c);
  return out;
}

export const GICV2: GicVersion = {
  name: 'v2',
  gicd: gicdV2Registers,
  gicdBank: gicdV2BankRegisters,
  gicdEnableGrp1: GICD_CTLR_V2.EnableGrp1,
  spiRouting: (cpus, slots) => new TargetMaskRouting(cpus, slots),
  distributorSgi(regs, { cpus, send, requester, note }) {
    // GICD_SGIR (GIC architecture spec v2, 4.3.15): TargetListFilter 0 = the CPUs in CPUTargetList (bits for CPU
    // interfaces that do not exist are ignored), 1 = every CPU but the requester, 2 = the requester only, 3 reserved.
    // The requester is the CPU whose write this is.
    regs.onWrite('SGIR', (_f, _o, written) => {
      const S = GICD_SGIR;
      const filter = S.TargetListFilter.num(written);
      const list = S.CPUTargetList.num(written);
      const intid = S.SGIINTID.num(written);
      const me = requester();
      const pick: ((c: number) => boolean) | undefined = [
        (c: number) => CpuSet.has(list, c),
        (c: number) => c !== me,
        (c: number) => c === me,
      ][filter];
      if (!pick) {
        note(`GICD_SGIR write by cpu${me} with TargetListFilter 3 (reserved): no SGI sent`);
        return;
      }
      send(intid, me, cpusIn(cpus, pick));
    });
  },
  cpuInterfaceSgi() {},
  cpuIf: GICC_LAYOUT,
  iar: (intid, source) => GICC_IAR.InterruptID.of(intid) | (source !== undefined ? GICC_IAR.CPUID.of(source) : 0n),
  virt: gichLayout,
  sgiPendingByBitmap: false,
  virtFile: 'gich',
  cpuFrames: 'gicc',
};

export const GICV3: GicVersion = {
  name: 'v3',
  gicd: gicdV3Registers,
  gicdBank: gicdV3BankRegisters,
  gicdEnableGrp1: GICD_CTLR_V3.EnableGrp1,
  spiRouting: (cpus, slots) => new AffinityRouting(cpus, slots),
  distributorSgi() {},
  cpuInterfaceSgi(regs, cpu, cpus, send) {
    regs.onWrite('ICC_SGI1R_EL1', (_f, _o, w) => {
      const others = ICC_SGI1R.IRM.on(w);
      const list = ICC_SGI1R.TargetList.num(w);
      send(ICC_SGI1R.INTID.num(w), cpu, cpusIn(cpus, (c) => (others ? c !== cpu : CpuSet.has(list, c))));
    });
  },
  cpuIf: ICC_LAYOUT,
  iar: (intid) => ICC_IAR1.of(intid),
  virt: ichLayout,
  sgiPendingByBitmap: true,
  virtFile: 'ich',
  cpuFrames: 'gicr',
};

/** The version a scenario names. */
export const GIC_VERSIONS: Readonly<Record<GicVersion['name'], GicVersion>> = { v2: GICV2, v3: GICV3 };
