// KVM's emulated GIC distributor for one VM, as the guest sees it (arch/arm64/kvm/vgic/vgic-mmio.c, vgic-mmio-v2.c,
// vgic-mmio-v3.c): a virtual register file declared like the physical one (hw/arm/distributorRegisters.ts), the
// shared file for SPIs and one bank per vCPU for SGIs/PPIs (v2: banked at the GICD offsets; v3: the SGI_base frame of
// each vCPU's redistributor), and behind them KVM's per-INTID state (struct vgic_irq): enabled, priority, trigger
// configuration, target vCPU, line level and pending latch.
//
// A vINTID goes to a vCPU (vgic_queue_irq_unlock) when it is enabled and pending; it is pending when latched (an edge,
// an ISPENDR write, an SGI) or, level-sensitive, while its line is high (vgic_irq_is_pending). Once queued, its
// pending and active state lives on the vCPU (ap_list entry or list register), and reads of ISPENDR/ISACTIVER ask
// the vCPU (`refresh`, before every read through the MMIO region).
//
// What differs between the versions KVM emulates (GICD_TYPER, SPI targets by ITARGETSR or IROUTER) is one object
// per version, chosen once from the GIC version (KVM_VGIC_MODELS below).
//
// Not modelled: interrupt groups (IGROUPR, all Group 1), GICD_CTLR gating (KVM checks dist->enabled only when
// deciding whether a blocked vCPU has work, kvm_vgic_vcpu_pending_irq; here it is stored and read back), guest writes
// to ISACTIVER/ICACTIVER (vgic_mmio_write_sactive/cactive: ignored, with a note), SPENDSGIR/CPENDSGIR and SGI
// sources per requester, ICENABLER of an interrupt already queued (KVM prunes it from the ap_list on the next
// sync), moving a queued interrupt when its target changes, v3 SGIs (ICC_SGI1R_EL1 traps) and LPIs.
import { RegisterFile, type Field } from '../../../core/registers';
import { kvmRdBase } from './vgicRedistributor';
import type { FlowGroup } from '../../../core/flows';
import { BITMAPS, GICD_IROUTER, GICD_SGIR, GICD_TYPER_V2, GICD_TYPER_V3, PIDR2, type BitmapName } from '../../../hw/arm/distributorRegisters';
import { bitOf, CpuSet, lowestBit, priorityMask, SGI_LAST, SPI_FIRST } from '../../../hw/arm/gicCommon';
import type { GicVersion } from '../../../hw/arm/gicVersion';

export interface VgicShape {
  version: GicVersion;
  vcpus: number;
  /** SPIs the VM's vGIC implements (KVM_DEV_ARM_VGIC_GRP_NR_IRQS − 32), a multiple of 32. */
  spis: number;
}

/** What the distributor asks of its vGIC, which reaches the vCPUs through its ports. */
export interface VgicSink {
  /** vgic_queue_irq_unlock: queue `vintid` on vCPU `vcpu` and kick it; `from` is the interned place it happens. */
  queue(vintid: number, vcpu: number, priority: number, level: boolean, flows: FlowGroup, from: number): void;
  /** A level vINTID's line fell: it stops being pending on `vcpu` if not yet taken. */
  lower(vintid: number, vcpu: number): void;
  /** ICPENDR of a vINTID queued on `vcpu`. */
  unpend(vintid: number, vcpu: number): void;
  /** Its pending/active state on `vcpu`. */
  stateOn(vintid: number, vcpu: number): { pending: boolean; active: boolean };
  /** The interned place of vCPU `vcpu` (where a guest's MMIO write happens). */
  place(vcpu: number): number;
  /** A vINTID that is not enabled (or has no target) dropped the flows of an assertion. */
  drop(flows: FlowGroup): void;
}

/** JEP106 code of Arm, and KVM's product ID ('K') and implementation revision (KVM_VGIC_IMP_REV_LATEST = 3). */
const IMPLEMENTER_ARM = 0x43b;
const PRODUCT_ID_KVM = 0x4b;
const KVM_VGIC_IMP_REV = 3;
/** KVM holds 5 priority bits per vINTID (VGIC_PRI_BITS, vgic_mmio_write_priority). */
const VGIC_PRI_BITS = 5;
/** v3 without an ITS: INTERRUPT_ID_BITS_SPIS = 10, GICD_TYPER.IDbits = 9. */
const INTERRUPT_ID_BITS_SPIS = 10;

/** The version-dependent part of KVM's distributor emulation. */
interface KvmVgicModel {
  /** GICD_TYPER (vgic_mmio_read_v2_misc / vgic_mmio_read_v3_misc). */
  typer(s: VgicShape): bigint;
  /** Makes the SPI routing registers drive `dist.retarget`, and says how to program one SPI to one vCPU. */
  installRouting(dist: VgicDistributor): void;
  route(dist: VgicDistributor, vintid: number, vcpu: number): void;
}

/** GICv2: ITARGETSR bytes masked to the vCPUs that exist; the target is the lowest one set, vCPU 0 when none. */
const KVM_V2: KvmVgicModel = {
  // vgic_mmio_read_v2_misc: (nr_irqs >> 5) − 1 | (online_vcpus − 1) << 5
  typer: (s) => GICD_TYPER_V2.ITLinesNumber.of(s.spis / 32) | GICD_TYPER_V2.CPUNumber.of(s.vcpus - 1),
  installRouting(dist) {
    const regs = dist.regs;
    for (let r = SPI_FIRST / 4; r < (SPI_FIRST + dist.spis) / 4; r++) {
      const i = regs.index(`ITARGETSR${r}`);
      regs.onWrite(`ITARGETSR${r}`, (_f, o) => {
        for (let id = 4 * r; id < 4 * r + 4; id++) {
          // vgic_mmio_write_target: targets = byte & GENMASK(online_vcpus − 1, 0); target_vcpu = __ffs(targets) or 0
          const t = regs.fieldDecl(i, `t${id}`);
          const mask = t.num(o.value) & CpuSet.all(dist.vcpus);
          regs.deposit(i, t, mask);
          dist.retarget(id, mask === 0 ? 0 : lowestBit(mask));
        }
      });
    }
  },
  route(dist, vintid, vcpu) {
    const i = dist.regs.index(`ITARGETSR${Math.floor(vintid / 4)}`);
    dist.regs.write(i, dist.regs.fieldDecl(i, `t${vintid}`).set(dist.regs.raw(i), CpuSet.of(vcpu)));
  },
};

/** GICv3: IROUTER holds Aff2.Aff1.Aff0 (the vCPU index is Aff0 in the model); no vCPU with that affinity: none. */
const KVM_V3: KvmVgicModel = {
  // vgic_mmio_read_v3_misc: (nr_irqs >> 5) − 1 | (INTERRUPT_ID_BITS_SPIS − 1) << 19 (no ITS)
  typer: (s) => GICD_TYPER_V3.ITLinesNumber.of(s.spis / 32) | GICD_TYPER_V3.IDbits.of(INTERRUPT_ID_BITS_SPIS - 1),
  installRouting(dist) {
    const R = GICD_IROUTER;
    for (let id = SPI_FIRST; id < SPI_FIRST + dist.spis; id++) {
      const i = dist.regs.index(`IROUTER${id}`);
      dist.regs.onWrite(`IROUTER${id}`, (_f, o) => {
        // vgic_mmio_write_irouter: mpidr = val & GENMASK(23, 0) (IRM and Aff3 are not kept); kvm_mpidr_to_vcpu
        const v = o.value;
        dist.regs.set(i, R.Aff2.of(R.Aff2.get(v)) | R.Aff1.of(R.Aff1.get(v)) | R.Aff0.of(R.Aff0.get(v)));
        const aff0 = R.Aff0.num(v);
        dist.retarget(id, R.Aff2.on(v) || R.Aff1.on(v) || aff0 >= dist.vcpus ? -1 : aff0);
      });
    }
  },
  route(dist, vintid, vcpu) {
    dist.regs.write(dist.regs.index(`IROUTER${vintid}`), GICD_IROUTER.Aff0.of(vcpu));
  },
};

/** The model KVM emulates for each GIC version (the vGIC follows the host's GIC here). */
const KVM_VGIC_MODELS: Readonly<Record<GicVersion['name'], KvmVgicModel>> = { v2: KVM_V2, v3: KVM_V3 };

/** Bit n of a bitmap word with one bit per INTID (an ISENABLER write of one INTID): not a register field. */
function intidBit(n: number): bigint {
  return 1n << BigInt(n); // a bitmap indexed by INTID
}

/** Where one INTID shows in a file: the word of each bitmap, its priority byte, its config bit. */
interface At {
  bitmaps: number[];
  bit: number;
  prio: { reg: number; field: Field };
  cfg: { reg: number; field: Field } | null;
}

export class VgicDistributor {
  readonly version: GicVersion;
  readonly vcpus: number;
  readonly spis: number;
  /** The shared registers (GICD). */
  readonly regs: RegisterFile;
  /** Per vCPU, the banked SGI/PPI registers (v2 GICD banked words, v3 GICR SGI_base frame). */
  readonly banks: RegisterFile[];
  /** GICv3: each vCPU's redistributor RD_base frame (vgic_v3_rd_registers); none on v2. */
  readonly rdBase: RegisterFile[];
  /** Guest errors and accesses the model ignores, newest last. */
  readonly notes: string[] = [];
  private readonly model: KvmVgicModel;
  private readonly prioMask = priorityMask(VGIC_PRI_BITS);
  private readonly ctlr: number;
  /** The vCPU whose access is being handled (the region sets it; GICD_SGIR's requester). */
  accessing = 0;

  // State per slot (vgic_irq): slot = vcpu*32 + intid for INTIDs 0..31, vcpus*32 + (intid − 32) for SPIs.
  private readonly enabled: Uint8Array;
  private readonly prio: Uint8Array;
  private readonly edge: Uint8Array;
  private readonly line: Uint8Array;
  private readonly latch: Uint8Array;
  /** SPIs: the target vCPU (target_vcpu), −1 for none. */
  private readonly target: Int8Array;
  /** The vCPU it was last queued on (vgic_irq.vcpu), −1 when never. */
  private readonly queuedOn: Int8Array;
  private readonly at: At[] = [];

  constructor(shape: VgicShape, private readonly sink: VgicSink, vmName: string) {
    if (shape.spis % 32 !== 0 || shape.spis < 0) throw new Error(`vGIC: spis must be a multiple of 32, got ${shape.spis}`);
    this.version = shape.version;
    this.vcpus = shape.vcpus;
    this.spis = shape.spis;
    this.model = KVM_VGIC_MODELS[shape.version.name];
    // GICv2 has 8 CPU interfaces (KVM: VGIC_V2_MAX_CPUS); the declarations are shaped for at most 8.
    this.regs = new RegisterFile(shape.version.gicd({ cpus: Math.min(shape.vcpus, 8), spis: shape.spis }), `${vmName}/gicd`, vmName, 'gicd', true);
    const bank = shape.version.gicdBank();
    this.banks = Array.from({ length: shape.vcpus }, (_, c) => new RegisterFile(bank, `${vmName}/vcpu${c}/gicd-bank`, vmName, `vcpu${c}`, true));
    this.ctlr = this.regs.index('CTLR');
    const n = shape.vcpus * 32 + shape.spis;
    this.enabled = new Uint8Array(n);
    this.prio = new Uint8Array(n);
    this.edge = new Uint8Array(n);
    this.line = new Uint8Array(n);
    this.latch = new Uint8Array(n);
    this.target = new Int8Array(n);
    this.queuedOn = new Int8Array(n).fill(-1);
    // kvm_vgic_vcpu_init / vgic_allocate_private_irqs: SGIs enabled and edge, PPIs level; kvm_vgic_dist_init: SPIs
    // edge (VGIC_CONFIG_EDGE is 0), targeting vCPU 0.
    for (let c = 0; c < shape.vcpus; c++) for (let id = 0; id <= SGI_LAST; id++) { this.enabled[c * 32 + id] = 1; this.edge[c * 32 + id] = 1; }
    for (let i = 0; i < shape.spis; i++) this.edge[shape.vcpus * 32 + i] = 1;
    for (let id = 0; id < SPI_FIRST + shape.spis; id++) this.at.push(this.locate(id < SPI_FIRST ? this.banks[0]! : this.regs, id));
    // vgic_mmio_read_v2_misc / vgic_mmio_read_v3_misc: GICD_IIDR and GICD_TYPER as KVM reports them.
    const iidr = this.regs.index('IIDR');
    this.regs.setField(iidr, 'ProductID', PRODUCT_ID_KVM);
    this.regs.setField(iidr, 'Revision', KVM_VGIC_IMP_REV);
    this.regs.setField(iidr, 'Implementer', IMPLEMENTER_ARM);
    this.regs.set(this.regs.index('TYPER'), this.model.typer(shape));
    this.rdBase = shape.version.cpuFrames === 'gicr' ? Array.from({ length: shape.vcpus }, (_, c) => kvmRdBase(vmName, c, shape.vcpus)) : [];
    // vgic_mmio_read_v3_idregs: GICD_PIDR2 (and GICR_PIDR2) read 0x3b — ArchRev 3, Arm's JEP106 code.
    if (shape.version.cpuFrames === 'gicr') for (const f of [this.regs, ...this.rdBase]) f.set(f.index(f === this.regs ? 'PIDR2' : 'GICR_PIDR2'), PIDR2.ArchRev.of(3) | PIDR2.JEDEC.of(1) | PIDR2.DES_1.of(3));
    this.installHooks();
    for (let c = 0; c < shape.vcpus; c++) for (let id = 0; id < SPI_FIRST; id++) this.sync(id, c);
    for (let id = SPI_FIRST; id < SPI_FIRST + shape.spis; id++) this.sync(id, 0);
  }

  /** Its register files, for the machine's inspector (virtual = true). */
  get registerFiles(): RegisterFile[] {
    return [this.regs, ...this.banks, ...this.rdBase];
  }

  get enabledGlobally(): boolean {
    return this.regs.field(this.ctlr, this.version.gicdEnableGrp1) === 1n;
  }

  isSpi(vintid: number): boolean {
    return vintid >= SPI_FIRST && vintid < SPI_FIRST + this.spis;
  }

  isEnabled(vintid: number, vcpu = 0): boolean { return this.enabled[this.slot(vintid, vcpu)] === 1; }
  priorityOf(vintid: number, vcpu = 0): number { return this.prio[this.slot(vintid, vcpu)]!; }
  isLevel(vintid: number, vcpu = 0): boolean { return this.edge[this.slot(vintid, vcpu)] === 0; }
  /** The SPI's target vCPU, or −1 (v3: no vCPU has the affinity IROUTER names). */
  targetOf(vintid: number): number { return this.target[this.slot(vintid, 0)]!; }

  /**
   * The guest driver's setup of one SPI (what Linux's gic_configure_irq and irq_set_affinity write), as software
   * writes of ICFGR, IPRIORITYR, the target register and ISENABLER: the hooks apply them as for any guest write.
   */
  program(vintid: number, r: { vcpu: number; priority: number; level: boolean; enabled?: boolean }): void {
    this.requireSpi(vintid);
    const at = this.at[vintid]!;
    const f = this.regs;
    if (at.cfg) f.write(at.cfg.reg, at.cfg.field.set(f.raw(at.cfg.reg), r.level ? 0 : 1));
    f.write(at.prio.reg, at.prio.field.set(f.raw(at.prio.reg), r.priority));
    this.model.route(this, vintid, r.vcpu);
    const word = (r.enabled ?? true) ? at.bitmaps[0]! : at.bitmaps[1]!;
    f.write(word, intidBit(at.bit));
  }

  /**
   * An SPI's input as kvm_vgic_inject_irq sets it (KVM_IRQ_LINE, an irqfd): level-sensitive, the line follows
   * `level` and a fall stops a not-yet-taken interrupt pending; edge, each `level` true is an edge and latches
   * pending. Then the vINTID is queued if it is enabled and pending; otherwise the flows end here.
   */
  input(vintid: number, level: boolean, flows: FlowGroup, from: number): void {
    if (!this.isSpi(vintid)) return this.sink.drop(flows);
    const s = this.slot(vintid, 0);
    if (this.edge[s] === 0) {
      this.line[s] = level ? 1 : 0;
      if (!level) {
        const on = this.queuedOn[s]! >= 0 ? this.queuedOn[s]! : this.target[s]!;
        if (on >= 0) this.sink.lower(vintid, on);
        this.sync(vintid, 0);
        return;
      }
    } else {
      if (!level) return;
      this.latch[s] = 1;
    }
    this.tryQueue(vintid, 0, flows, from);
  }

  /** GICD_SGIR (v2, vgic_mmio_write_sgir): SGI `intid` from vCPU `source` to each vCPU in `targets`. */
  sendSgi(intid: number, source: number, targets: readonly number[]): void {
    for (const c of targets) {
      this.latch[this.slot(intid, c)] = 1;
      this.tryQueue(intid, c, [], this.sink.place(source));
    }
  }

  /** Brings the pending and active bitmaps up to date with the vCPUs (before the guest reads them). */
  refresh(): void {
    for (let c = 0; c < this.vcpus; c++) for (let id = 0; id < SPI_FIRST; id++) this.sync(id, c);
    for (let id = SPI_FIRST; id < SPI_FIRST + this.spis; id++) this.sync(id, 0);
  }

  /** The routing registers' hooks: the SPI's target vCPU changed (−1: none). */
  retarget(vintid: number, vcpu: number): void {
    this.target[this.slot(vintid, 0)] = vcpu;
  }

  // ---- internals ----

  /** vgic_queue_irq_unlock: an enabled, pending vINTID goes to its vCPU (the pending state moves to its ap_list). */
  private tryQueue(vintid: number, cpu: number, flows: FlowGroup, from: number): void {
    const s = this.slot(vintid, cpu);
    const to = vintid < SPI_FIRST ? cpu : this.target[s]!;
    if (this.enabled[s] !== 1 || !this.pendingHere(s) || to < 0) {
      this.sink.drop(flows);
      this.sync(vintid, cpu);
      return;
    }
    this.latch[s] = 0;
    this.queuedOn[s] = to;
    this.sink.queue(vintid, to, this.prio[s]!, this.edge[s] === 0, flows, from);
    this.sync(vintid, cpu);
  }

  /** Pending in the distributor, not yet handed to a vCPU: latched, or a level line high (vgic_irq_is_pending). */
  private pendingHere(s: number): boolean {
    return this.latch[s] === 1 || (this.edge[s] === 0 && this.line[s] === 1);
  }

  private state(s: number, vintid: number): { pending: boolean; active: boolean } {
    const on = this.queuedOn[s]!;
    const v = on >= 0 ? this.sink.stateOn(vintid, on) : { pending: false, active: false };
    // A level interrupt is pending while its line is high or software latched it (irq_is_pending: line_level ||
    // pending_latch); a list register still holding it pending after the line fell does not count (the MMIO exit
    // folds the LRs first, vgic_v2_fold_lr_state). An edge one queued on a vCPU is pending until the guest takes it.
    return { pending: (this.edge[s] === 1 && v.pending) || this.pendingHere(s), active: v.active };
  }

  private slot(intid: number, cpu: number): number {
    if (intid < SPI_FIRST) {
      if (cpu < 0 || cpu >= this.vcpus) throw new Error(`vGIC: no vcpu${cpu}`);
      return cpu * 32 + intid;
    }
    this.requireSpi(intid);
    return this.vcpus * 32 + (intid - SPI_FIRST);
  }

  private requireSpi(intid: number): void {
    if (!this.isSpi(intid)) throw new Error(`vGIC: vINTID ${intid} is not an implemented SPI (32..${SPI_FIRST + this.spis - 1})`);
  }

  private fileFor(intid: number, cpu: number): RegisterFile {
    return intid < SPI_FIRST ? this.banks[cpu]! : this.regs;
  }

  private locate(file: RegisterFile, intid: number): At {
    const word = Math.floor(intid / 32);
    const prioReg = file.index(`IPRIORITYR${Math.floor(intid / 4)}`);
    const cfgReg = intid > SGI_LAST ? file.index(`ICFGR${Math.floor(intid / 16)}`) : -1;
    return {
      bitmaps: BITMAPS.map((b) => file.index(`${b.name}${word}`)),
      bit: intid % 32,
      prio: { reg: prioReg, field: file.fieldDecl(prioReg, `p${intid}`) },
      cfg: cfgReg < 0 ? null : { reg: cfgReg, field: file.fieldDecl(cfgReg, `int${intid}`) },
    };
  }

  /** State → the declared registers of `intid` (in the bank of `cpu` for INTIDs 0..31). */
  private sync(intid: number, cpu: number): void {
    const f = this.fileFor(intid, cpu);
    const s = this.slot(intid, cpu);
    const at = this.at[intid]!;
    const st = this.state(s, intid);
    const [isen, icen, ispend, icpend, isact, icact] = at.bitmaps as [number, number, number, number, number, number];
    f.setBit(isen, at.bit, this.enabled[s] === 1);
    f.setBit(icen, at.bit, this.enabled[s] === 1);
    f.setBit(ispend, at.bit, st.pending);
    f.setBit(icpend, at.bit, st.pending);
    f.setBit(isact, at.bit, st.active);
    f.setBit(icact, at.bit, st.active);
    f.deposit(at.prio.reg, at.prio.field, this.prio[s]!);
    if (at.cfg) f.deposit(at.cfg.reg, at.cfg.field, this.edge[s]!);
    // v2's banked ITARGETSR bytes read the accessing vCPU's own bit (vgic_mmio_read_target of a private IRQ).
    if (intid < SPI_FIRST && f.has(`ITARGETSR${Math.floor(intid / 4)}`)) {
      const i = f.index(`ITARGETSR${Math.floor(intid / 4)}`);
      f.deposit(i, f.fieldDecl(i, `t${intid}`), CpuSet.of(cpu));
    }
  }

  // ---- software writes → state ----

  private installHooks(): void {
    const files = [
      ...this.banks.map((file, cpu) => ({ file, cpu, words: [0] })),
      { file: this.regs, cpu: 0, words: Array.from({ length: this.spis / 32 }, (_, i) => i + 1) },
    ];
    for (const { file, cpu, words } of files) {
      for (const w of words) {
        for (const b of BITMAPS) {
          file.onWrite(`${b.name}${w}`, (_f, _o, written) => {
            for (let k = 0; k < 32; k++) if (bitOf(written, k) && 32 * w + k < SPI_FIRST + this.spis) this.bitmapWrite(b.name, 32 * w + k, cpu);
            for (let k = 0; k < 32 && 32 * w + k < SPI_FIRST + this.spis; k++) this.sync(32 * w + k, cpu);
          });
        }
        for (let r = 8 * w; r < 8 * w + 8; r++) {
          // vgic_mmio_write_priority: each byte, with the priority bits KVM keeps
          file.onWrite(`IPRIORITYR${r}`, (_f, o) => {
            for (let id = 4 * r; id < 4 * r + 4; id++) {
              this.prio[this.slot(id, cpu)] = this.at[id]!.prio.field.num(o.value) & this.prioMask;
              this.sync(id, cpu);
            }
          });
        }
        for (let r = 2 * w; r < 2 * w + 2; r++) {
          // vgic_mmio_write_config: SGIs and PPIs are not configurable (the write is ignored)
          file.onWrite(`ICFGR${r}`, (_f, o) => {
            for (let id = 16 * r; id < 16 * r + 16; id++) {
              if (id >= SPI_FIRST) this.edge[this.slot(id, cpu)] = this.at[id]!.cfg!.field.on(o.value) ? 1 : 0;
              this.sync(id, cpu);
            }
          });
        }
      }
    }
    this.model.installRouting(this);
    if (this.regs.has('SGIR')) {
      // vgic_mmio_write_sgir: filter 0 the listed vCPUs, 1 all but the requester, 2 the requester only, 3 reserved
      this.regs.onWrite('SGIR', (_f, _o, w) => {
        const S = GICD_SGIR;
        const filter = S.TargetListFilter.num(w);
        const list = S.CPUTargetList.num(w);
        const me = this.accessing;
        const targets: number[] = [];
        for (let c = 0; c < this.vcpus; c++) {
          if (filter === 0 ? CpuSet.has(list, c) : filter === 1 ? c !== me : filter === 2 ? c === me : false) targets.push(c);
        }
        this.sendSgi(S.SGIINTID.num(w), me, targets);
      });
    }
  }

  private bitmapWrite(name: BitmapName, intid: number, cpu: number): void {
    const s = this.slot(intid, cpu);
    switch (name) {
      case 'ISENABLER': // vgic_mmio_write_senable: enable, and queue it if pending
        this.enabled[s] = 1;
        this.tryQueue(intid, cpu, [], this.sink.place(this.accessing));
        break;
      case 'ICENABLER': // vgic_mmio_write_cenable
        this.enabled[s] = 0;
        break;
      case 'ISPENDR': // vgic_mmio_write_spending: pending_latch, then vgic_queue_irq_unlock
        this.latch[s] = 1;
        this.tryQueue(intid, cpu, [], this.sink.place(this.accessing));
        break;
      case 'ICPENDR': { // vgic_mmio_write_cpending: pending_latch cleared (a level line still high stays pending)
        this.latch[s] = 0;
        const on = this.queuedOn[s]!;
        if (on >= 0 && !(this.edge[s] === 0 && this.line[s] === 1)) this.sink.unpend(intid, on);
        break;
      }
      case 'ISACTIVER':
      case 'ICACTIVER':
        this.notes.push(`${name} write for vINTID ${intid} (vcpu${cpu}): not modelled, ignored`);
        break;
    }
  }
}
