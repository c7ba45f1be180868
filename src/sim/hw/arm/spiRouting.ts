// How a distributor routes its SPIs, one object per GIC version (gicVersion.ts picks it):
//  - GICv2: an 8-bit CPU target mask per SPI (GICD_ITARGETSR, one byte per INTID; the banked SGI/PPI bytes read
//    the accessing CPU's own bit);
//  - GICv3: GICD_IROUTER<n> per SPI: one PE by affinity (Aff0 is the CPU index in the model), or 1 of N (IRM = 1).
// The routing state lives here (a slot per INTID, as in the distributor); the distributor asks `isTargeted` when it
// picks the highest pending interrupt for a CPU, and keeps the routing registers in step through `sync`.
//
// Not modelled: affinity levels 1..3 (Aff0 only), the 1-of-N choice beyond "first CPU to acknowledge takes it".
import type { Field, RegisterFile } from '../../core/registers';
import { GICD_IROUTER } from './distributorRegisters';
import { CpuSet, SPI_FIRST } from './gicCommon';

/** Route of an SPI: a CPU index, or 'any' (v3 IRM = 1; on v2 a mask of every CPU). */
export type SpiRoute = number | 'any';

/** What the routing registers' write hooks change in the distributor. */
export interface RoutedDistributor {
  readonly cpus: number;
  readonly spis: number;
  setTargets(intid: number, mask: number): void;
  setRoute(intid: number, route: SpiRoute): void;
}

export interface SpiRouting {
  /** v2: the SPI's CPU target mask (bit n = cpu n). v3 has no target masks and refuses. */
  setTargets(slot: number, mask: number): void;
  /** One CPU, or any. */
  setRoute(slot: number, route: SpiRoute): void;
  /** Does the route of the interrupt at `slot` include `cpu`? */
  isTargeted(slot: number, cpu: number): boolean;
  /** Keeps the routing register field of `intid` (state at `slot`, bank of `cpu` for INTIDs 0..31) in step. */
  sync(file: RegisterFile, intid: number, cpu: number, slot: number): void;
  /** Software writes to the routing registers of the shared file go to `dist`. */
  installHooks(regs: RegisterFile, dist: RoutedDistributor): void;
}

/** GICv2: ITARGETSR masks. */
export class TargetMaskRouting implements SpiRouting {
  private readonly mask: Uint8Array;
  /** Per INTID, the ITARGETSR register index and its byte (declared names t<intid>), found once. */
  private readonly reg: number[] = [];
  private readonly byte: Field[] = [];

  constructor(private readonly cpus: number, slots: number) {
    this.mask = new Uint8Array(slots);
  }

  setTargets(slot: number, mask: number): void {
    // Bits for CPU interfaces that do not exist are RAZ/WI (KVM: vgic_mmio_write_target masks with the online vCPUs).
    this.mask[slot] = CpuSet.within(mask, this.cpus);
  }

  setRoute(slot: number, route: SpiRoute): void {
    this.mask[slot] = route === 'any' ? CpuSet.all(this.cpus) : CpuSet.of(route);
  }

  isTargeted(slot: number, cpu: number): boolean {
    return CpuSet.has(this.mask[slot]!, cpu);
  }

  sync(file: RegisterFile, intid: number, cpu: number, slot: number): void {
    this.locate(file, intid);
    // A banked byte (SGI/PPI) reads the accessing CPU's own bit.
    file.deposit(this.reg[intid]!, this.byte[intid]!, intid < SPI_FIRST ? CpuSet.of(cpu) : this.mask[slot]!);
  }

  installHooks(regs: RegisterFile, dist: RoutedDistributor): void {
    for (let r = SPI_FIRST / 4; r < (SPI_FIRST + dist.spis) / 4; r++) {
      regs.onWrite(`ITARGETSR${r}`, (_f, o) => {
        for (let intid = 4 * r; intid < 4 * r + 4; intid++) {
          this.locate(regs, intid);
          dist.setTargets(intid, this.byte[intid]!.num(o.value));
        }
      });
    }
  }

  /** The register and byte of `intid` (the banked file and the shared one share offsets and names). */
  private locate(file: RegisterFile, intid: number): void {
    if (this.byte[intid]) return;
    const i = file.index(`ITARGETSR${Math.floor(intid / 4)}`);
    this.reg[intid] = i;
    this.byte[intid] = file.fieldDecl(i, `t${intid}`);
  }
}

/** GICv3: IROUTER routes, -1 for 1 of N. */
export class AffinityRouting implements SpiRouting {
  private readonly route: Int16Array;
  private readonly reg: number[] = [];

  constructor(private readonly cpus: number, slots: number) {
    this.route = new Int16Array(slots);
  }

  setTargets(): void {
    throw new Error('GICv3 routes SPIs with IROUTER: use setRoute');
  }

  setRoute(slot: number, route: SpiRoute): void {
    this.route[slot] = route === 'any' ? -1 : route;
  }

  isTargeted(slot: number, cpu: number): boolean {
    const r = this.route[slot]!;
    return r === -1 || r === cpu;
  }

  sync(file: RegisterFile, intid: number, _cpu: number, slot: number): void {
    if (intid < SPI_FIRST) return; // SGIs and PPIs are not routed: they belong to their redistributor
    const i = (this.reg[intid] ??= file.index(`IROUTER${intid}`));
    const r = this.route[slot]!;
    file.deposit(i, GICD_IROUTER.IRM, r === -1 ? 1 : 0);
    file.deposit(i, GICD_IROUTER.Aff0, r === -1 ? 0 : r);
  }

  installHooks(regs: RegisterFile, dist: RoutedDistributor): void {
    for (let id = SPI_FIRST; id < SPI_FIRST + dist.spis; id++) {
      regs.onWrite(`IROUTER${id}`, (_f, o) => {
        dist.setRoute(id, GICD_IROUTER.IRM.on(o.value) ? 'any' : Math.min(GICD_IROUTER.Aff0.num(o.value), this.cpus - 1));
      });
    }
  }
}
