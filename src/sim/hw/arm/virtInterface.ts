// The GIC virtualization interface of one physical CPU: the hypervisor control registers (GICv2 GICH or GICv3
// ICH_*_EL2, as the version object it is built with declares them; one class over both layouts) and the virtual CPU
// interface the guest sees (GICV_IAR/EOIR/DIR, or ICV_* for v3), which works directly on the list registers without
// a trap. List registers are read and written through their declared layout and its HW variants (listRegister.ts).
//
// Behaviour (facts §E.1–§E.3, checked against QEMU's GICv3 CPU interface):
//  - the hypervisor writes a virtual interrupt into a free LR (ELRSR shows the empty ones);
//  - guest acknowledge: the highest-priority LR in the pending state whose priority is below the virtual PMR and
//    whose group priority is below the running priority goes pending → active; its priority becomes active
//    (APR bit); returns the vINTID, or 1023;
//  - guest EOI: drops the running priority; with EOImode 0 it also deactivates, with EOImode 1 DIR does;
//  - deactivate: the LR with that vINTID in the active state loses its active bit (active → invalid,
//    pending+active → pending). HW = 1: the linked physical INTID is deactivated (the `deactivateOut` port,
//    wired to the distributor), no maintenance. HW = 0 with the EOI bit: the LR now counts in EISR and
//    MISR.EOI rises. No matching LR: HCR.EOICount counts it (MISR.LRENP with LRENPIE);
//  - MISR (recomputed after every change): EOI = EISR ≠ 0; U = UIE and at most one valid LR; LRENP = LRENPIE and
//    EOICount ≠ 0; NP = NPIE and no LR in the pending state; VGrp0E/0D/1E/1D from VMCR's group enables;
//  - the maintenance interrupt (PPI 25 of this CPU) is asserted, as a level, while HCR.En and MISR ≠ 0.
// EISR and ELRSR are status derived from the LR contents (an LR with state invalid, HW 0, EOI 1 is in EISR and
// not empty until the hypervisor rewrites it).
//
// Alongside each LR the model keeps the flows of its pending part and of its active part, so the host model
// can attribute hops (the vGIC passes flows in `lrWrite`, acknowledge and deactivate hand them back).
//
// On the machine's wiring it is "host/cpuN/gich" (or ".../ich", its register file's id): the guest's EOI comes in
// (GICV_EOIR); the maintenance output goes to PPI 25 of its CPU, HW deactivations to the distributor. The vIRQ output
// is a port too, left unconnected in the machine: the vCPU looks at it when it runs guest code.
//
// Not modelled: binary point for virtual preemption (every 5-bit priority level preempts: VMCR BPR fields are
// state only), virtual Group 0 as FIQ, vLPIs (GICv4), the ICV trap controls (TC, TALL0/1, TDIR), GICv2 GICV
// register file (the guest's view is the `guest*` methods; its PMR/EOImode/enables live in VMCR as on hardware),
// the UNPREDICTABLE cases beyond a note (two LRs with the same vINTID, HW = 1 with pending+active).
import { fieldsOf, RegisterFile } from '../../core/registers';
import type { FieldAt } from './cpuInterfaceRegisters';
import { groupPriority, lowestBit, PRIORITY, SPURIOUS_INTID } from './gicCommon';
import type { GicVersion } from './gicVersion';
import type { FlowGroup } from '../../core/flows';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { HwDeactivate, LevelIn } from './gicPorts';
import { decodeLr, encodeLr, LR_STATE_CODE, lrMask, type ListRegister, type ListRegisterInit } from './listRegister';
import { HCR, MISR, type VirtLayout } from './virtRegisters';

export type { ListRegister, ListRegisterInit, LrState } from './listRegister';

type HcrField = 'En' | 'UIE' | 'LRENPIE' | 'NPIE' | 'EOICount' | 'VGrp0EIE' | 'VGrp0DIE' | 'VGrp1EIE' | 'VGrp1DIE';

/** Every 5-bit priority level preempts (the virtual binary point is not modelled): group priority = bits 7:3. */
const PREEMPTION_BPR = 2;

/** MISR's reasons, lowest bit first (as misrReasons lists them). */
const MISR_REASONS = fieldsOf(MISR).reverse();

/** Where LR n's bit is in a bitmap spread over 32-bit words (EISR0/1, ELRSR0/1 on v2; one word on v3). */
interface BitAt { reg: number; bit: number }

export interface GuestAck {
  /** vINTID, or 1023 when nothing can be acknowledged. */
  intid: number;
  lr: number;
  priority: number;
  flows: FlowGroup;
}

export interface VirtInterfaceOptions {
  /** List registers implemented (VTR.ListRegs + 1); default 4. v2: 1..64, v3: 1..16. */
  listRegs?: number;
  idPrefix?: string;
  owner?: string;
}

export class GicVirtInterface {
  readonly regs: RegisterFile;
  readonly layout: VirtLayout;
  readonly listRegs: number;
  readonly node: WireNode;
  /** The maintenance interrupt output (PPI 25 of this CPU), sent when its level changes. */
  readonly maintenanceOut: OutPort<LevelIn>;
  /** A HW = 1 list register was deactivated by the guest: deactivate `pintid` in the physical distributor. */
  readonly deactivateOut: OutPort<HwDeactivate>;
  /** The virtual IRQ to the vCPU, sent when its level changes. */
  readonly virqOut: OutPort<(level: boolean) => void>;
  /** The guest's EOI (GICV_EOIR / ICV_EOIR1_EL1 write). */
  readonly eoiIn: InPort<(intid: number) => void>;
  /** Guest errors and UNPREDICTABLE cases met, newest last. */
  readonly notes: string[] = [];

  private readonly lrIdx: number[];
  private readonly pendFlows: FlowGroup[];
  private readonly actFlows: FlowGroup[];
  private readonly hcrIdx: number;
  private readonly misrIdx: number;
  private readonly eisrAt: BitAt[];
  private readonly elrsrAt: BitAt[];
  private readonly eisrRegs: number[];
  private readonly elrsrRegs: number[];
  /** The active-priority registers (one on v2, one per group on v3), and the one of each group. */
  private readonly aprRegs: number[];
  private readonly aprOfGroup: readonly [number, number];
  private maint = false;
  private virq = false;

  constructor(readonly version: GicVersion, readonly cpu: number, opts: VirtInterfaceOptions = {}) {
    this.listRegs = opts.listRegs ?? 4;
    this.layout = version.virt(this.listRegs);
    const prefix = opts.idPrefix ?? 'host';
    this.regs = new RegisterFile(this.layout.decl, `${prefix}/cpu${cpu}/${version.virtFile}`, opts.owner ?? 'host', `cpu${cpu}`, false);
    const r = this.regs;
    this.node = wireNode(r.id, 'gic-virt-if', opts.owner ?? 'host', `${version.virtFile.toUpperCase()} cpu${cpu}`);
    this.maintenanceOut = outPort<LevelIn>(this.node, 'maintenance', 'irq', () => {});
    this.deactivateOut = outPort<HwDeactivate>(this.node, 'deactivate', 'eoi', () => {});
    this.virqOut = outPort<(level: boolean) => void>(this.node, 'virq', 'irq', () => {});
    this.eoiIn = inPort(this.node, 'eoi', 'eoi', (intid: number) => this.guestEoi(intid));
    this.lrIdx = Array.from({ length: this.listRegs }, (_, n) => r.index(this.layout.lr(n)));
    this.pendFlows = Array.from({ length: this.listRegs }, () => []);
    this.actFlows = Array.from({ length: this.listRegs }, () => []);
    this.hcrIdx = r.index(this.layout.hcr);
    this.misrIdx = r.index(this.layout.misr);
    this.eisrRegs = this.layout.eisr.map((name) => r.index(name));
    this.elrsrRegs = this.layout.elrsr.map((name) => r.index(name));
    const at = (words: number[]) => Array.from({ length: this.listRegs }, (_, n) => ({ reg: words[Math.floor(n / 32)]!, bit: n % 32 }));
    this.eisrAt = at(this.eisrRegs);
    this.elrsrAt = at(this.elrsrRegs);
    this.aprRegs = [...new Set(this.layout.apr)].map((name) => r.index(name));
    this.aprOfGroup = [r.index(this.layout.apr[0]), r.index(this.layout.apr[1])];
    const again = () => this.recompute();
    for (let n = 0; n < this.listRegs; n++) {
      // A software write selects its layout by HW: the bits the other layout held are reserved and read 0.
      r.onWrite(this.layout.lr(n), (_f, o) => {
        const m = lrMask(this.layout.lrLayout, this.layout.lrLayout.common.hw.on(o.value));
        if ((o.value & ~m) !== 0n) r.set(this.lrIdx[n]!, o.value & m);
        this.recompute();
      });
    }
    r.onWrite(this.layout.hcr, again);
    r.onWrite(this.layout.vmcr, again);
    for (const a of new Set(this.layout.apr)) r.onWrite(a, again);
    this.recompute();
  }

  // ---- list register encoding (through the declared layout: common fields and the variant HW selects) ----

  encode(lr: ListRegisterInit): bigint {
    return encodeLr(this.layout.lrLayout, lr);
  }

  decode(raw: bigint): ListRegister {
    return decodeLr(this.layout.lrLayout, raw);
  }

  // ---- hypervisor side ----

  lrRead(n: number): ListRegister {
    return this.decode(this.regs.raw(this.lr(n)));
  }

  /**
   * Writes list register `n` (KVM's LR write: the whole register, every field of the layout its HW bit selects).
   * `flows` ride on the LR's pending part, or on its active part when it is written active only. An LR rewritten
   * with the same vINTID while active keeps its active flows.
   */
  lrWrite(n: number, lr: ListRegisterInit, flows: FlowGroup = []): void {
    const old = this.lrRead(n);
    const pending = lr.state === 'pending' || lr.state === 'pending+active';
    const active = lr.state === 'active' || lr.state === 'pending+active';
    const keepActive = active && (old.state === 'active' || old.state === 'pending+active') && old.vintid === lr.vintid;
    if (lr.hw && lr.state === 'pending+active') this.notes.push(`LR${n}: HW = 1 with pending+active (KVM never writes it; the pending state lives in the distributor)`);
    for (let k = 0; k < this.listRegs; k++) {
      if (k === n || lr.state === 'invalid') continue;
      const o = this.lrRead(k);
      if (o.state !== 'invalid' && o.vintid === lr.vintid) this.notes.push(`LR${n} and LR${k} both hold vINTID ${lr.vintid} (UNPREDICTABLE)`);
    }
    this.pendFlows[n] = pending ? flows.slice() : [];
    this.actFlows[n] = keepActive ? this.actFlows[n]! : active && !pending ? flows.slice() : [];
    this.writeLr(n, this.encode(lr));
  }

  /** Writes LR `n` as all zeros (invalid, no EOI bit): frees it and clears its EISR bit. */
  lrClear(n: number): void {
    this.pendFlows[n] = [];
    this.actFlows[n] = [];
    this.writeLr(n, 0n);
  }

  lrFlows(n: number): { pending: FlowGroup; active: FlowGroup } {
    return { pending: this.pendFlows[n]!, active: this.actFlows[n]! };
  }

  /** Indexes of the empty list registers (ELRSR). */
  freeLrs(): number[] {
    const out: number[] = [];
    for (let n = 0; n < this.listRegs; n++) if (this.bitAt(this.elrsrAt[n]!)) out.push(n);
    return out;
  }

  /** Indexes of the list registers with a pending EOI maintenance (EISR). */
  eisrLrs(): number[] {
    const out: number[] = [];
    for (let n = 0; n < this.listRegs; n++) if (this.bitAt(this.eisrAt[n]!)) out.push(n);
    return out;
  }

  hcr(field: HcrField): number {
    return HCR[field].num(this.regs.raw(this.hcrIdx));
  }

  /** Software write of HCR fields (others keep their value). */
  setHcr(fields: Partial<Record<HcrField, number | boolean>>): void {
    let v = this.regs.raw(this.hcrIdx);
    for (const [name, val] of Object.entries(fields) as [HcrField, number | boolean][]) v = HCR[name].set(v, val);
    this.regs.write(this.hcrIdx, v);
  }

  /** MISR value (maintenance reasons). */
  misr(): number {
    return Number(this.regs.raw(this.misrIdx));
  }

  misrReasons(): string[] {
    const v = this.regs.raw(this.misrIdx);
    return MISR_REASONS.filter((f) => f.on(v)).map((f) => f.name);
  }

  /** The maintenance interrupt output's level: HCR.En and MISR ≠ 0. */
  get maintenance(): boolean {
    return this.maint;
  }

  // ---- guest side (the virtual CPU interface) ----

  /** What a guest driver does at boot: enable Group 1, set the priority mask, choose the EOI mode. */
  guestSetup(o: { enable?: boolean; pmr?: number; splitEoi?: boolean } = {}): void {
    this.guestSetEnabled(o.enable ?? true);
    this.guestSetPmr(o.pmr ?? 0xf8);
    this.guestSetSplitEoi(o.splitEoi ?? false);
  }

  /** The guest's GICV_CTLR.EnableGrp1 / ICC_IGRPEN1_EL1 (VMCR). */
  get guestEnabled(): boolean {
    return this.field(this.layout.grpEnable[1]) === 1;
  }

  guestSetEnabled(on: boolean): void {
    this.writeField(this.layout.grpEnable[1], on ? 1 : 0);
  }

  /** The guest's EOImode (VMCR.VEM / VEOIM). */
  guestSetSplitEoi(on: boolean): void {
    this.writeField(this.layout.eoiMode, on ? 1 : 0);
  }

  guestSetPmr(priority: number): void {
    this.writeField(this.layout.pmr, this.layout.pmrPriority.num(BigInt(priority)));
  }

  guestPmr(): number {
    return Number(this.layout.pmrPriority.of(this.field(this.layout.pmr)));
  }

  get guestSplitEoi(): boolean {
    return this.field(this.layout.eoiMode) === 1;
  }

  /** Running priority of the virtual CPU interface (lowest active group priority; 0xFF idle). */
  guestRunningPriority(): number {
    const level = this.activeLevel();
    return level < 0 ? 0xff : Number(PRIORITY.level.of(level));
  }

  /** The list register the guest would acknowledge now, or -1. */
  guestHppiLr(): number {
    if (this.hcr('En') !== 1) return -1;
    let best = -1;
    let bestPrio = 0x100;
    for (let n = 0; n < this.listRegs; n++) {
      const lr = this.lrRead(n);
      if (lr.state !== 'pending') continue;
      if (this.field(this.layout.grpEnable[lr.group]) !== 1) continue;
      if (lr.priority < bestPrio) { best = n; bestPrio = lr.priority; }
    }
    if (best < 0) return -1;
    if (bestPrio >= this.guestPmr()) return -1;
    if (groupPriority(bestPrio, PREEMPTION_BPR) >= this.guestRunningPriority()) return -1;
    return best;
  }

  /** The vIRQ line to the vCPU. */
  guestIrqPending(): boolean {
    return this.guestHppiLr() >= 0;
  }

  /** GICV_IAR / ICV_IAR1_EL1 read: pending → active, or 1023. */
  guestAck(): GuestAck {
    const n = this.guestHppiLr();
    if (n < 0) return { intid: SPURIOUS_INTID, lr: -1, priority: 0xff, flows: [] };
    const lr = this.lrRead(n);
    const flows = this.pendFlows[n]!;
    this.actFlows[n] = flows;
    this.pendFlows[n] = [];
    // Its group priority becomes active: bit n of the group's active-priority register is group priority n × 8.
    this.regs.setBit(this.aprOfGroup[lr.group], PRIORITY.level.num(BigInt(lr.priority)), true);
    this.regs.deposit(this.lr(n), this.layout.lrLayout.common.state, LR_STATE_CODE.active);
    this.recompute();
    return { intid: lr.vintid, lr: n, priority: lr.priority, flows };
  }

  /** GICV_EOIR / ICV_EOIR1_EL1 write: priority drop, and deactivate unless EOImode is 1. */
  guestEoi(intid: number): void {
    const level = this.activeLevel();
    if (level < 0) {
      this.notes.push(`guest EOI of vINTID ${intid} with no active priority: ignored`);
      return;
    }
    for (const i of this.aprRegs) this.regs.setBit(i, level, false);
    if (!this.guestSplitEoi) this.deactivateLr(intid);
    this.recompute();
  }

  /** GICV_DIR / ICV_DIR_EL1 write: deactivate (meant for EOImode 1). */
  guestDir(intid: number): void {
    if (!this.guestSplitEoi) this.notes.push(`guest DIR of vINTID ${intid} with EOImode 0 (UNPREDICTABLE): deactivated anyway`);
    this.deactivateLr(intid);
    this.recompute();
  }

  // ---- internals ----

  private deactivateLr(intid: number): void {
    let n = -1;
    for (let k = 0; k < this.listRegs; k++) {
      const lr = this.lrRead(k);
      if ((lr.state === 'active' || lr.state === 'pending+active') && lr.vintid === intid) { n = k; break; }
    }
    if (n < 0) {
      this.regs.deposit(this.hcrIdx, HCR.EOICount, Math.min(31, this.hcr('EOICount') + 1));
      return;
    }
    const lr = this.lrRead(n);
    const stillPending = lr.state === 'pending+active';
    const flows = this.actFlows[n]!;
    this.actFlows[n] = [];
    this.regs.deposit(this.lr(n), this.layout.lrLayout.common.state, LR_STATE_CODE[stillPending ? 'pending' : 'invalid']);
    if (lr.hw) this.deactivateOut.send(lr.pintid, flows);
  }

  /** EISR, ELRSR, MISR from the LR contents and HCR/VMCR; then the maintenance and vIRQ outputs. */
  private recompute(): void {
    const r = this.regs;
    for (const i of this.eisrRegs) r.set(i, 0n);
    for (const i of this.elrsrRegs) r.set(i, 0n);
    let eisr = false;
    let valid = 0;
    let seenPending = false;
    for (let n = 0; n < this.listRegs; n++) {
      const lr = this.lrRead(n);
      if (lr.state === 'invalid') {
        const at = !lr.hw && lr.eoi ? this.eisrAt[n]! : this.elrsrAt[n]!;
        r.setBit(at.reg, at.bit, true);
        if (at === this.eisrAt[n]) eisr = true;
      } else valid++;
      if (lr.state === 'pending') seenPending = true;
    }
    const hcr = r.raw(this.hcrIdx);
    const eng0 = this.field(this.layout.grpEnable[0]) === 1;
    const eng1 = this.field(this.layout.grpEnable[1]) === 1;
    let misr = 0n;
    if (eisr) misr |= MISR.EOI.of(1);
    if (HCR.UIE.on(hcr) && valid < 2) misr |= MISR.U.of(1);
    if (HCR.LRENPIE.on(hcr) && HCR.EOICount.on(hcr)) misr |= MISR.LRENP.of(1);
    if (HCR.NPIE.on(hcr) && !seenPending) misr |= MISR.NP.of(1);
    if (HCR.VGrp0EIE.on(hcr) && eng0) misr |= MISR.VGrp0E.of(1);
    if (HCR.VGrp0DIE.on(hcr) && !eng0) misr |= MISR.VGrp0D.of(1);
    if (HCR.VGrp1EIE.on(hcr) && eng1) misr |= MISR.VGrp1E.of(1);
    if (HCR.VGrp1DIE.on(hcr) && !eng1) misr |= MISR.VGrp1D.of(1);
    r.set(this.misrIdx, misr);
    const maint = HCR.En.on(hcr) && misr !== 0n;
    if (maint !== this.maint) {
      this.maint = maint;
      this.maintenanceOut.send(maint);
    }
    const virq = this.guestIrqPending();
    if (virq !== this.virq) {
      this.virq = virq;
      this.virqOut.send(virq);
    }
  }

  /** A hypervisor write of a whole list register (every field is RW: the value is stored as written). */
  private writeLr(n: number, value: bigint): void {
    this.regs.set(this.lr(n), value);
    this.recompute();
  }

  private bitAt(at: BitAt): boolean {
    return this.regs.testBit(at.reg, at.bit);
  }

  /** The highest active group priority's level (the lowest bit set in the active-priority registers), or -1. */
  private activeLevel(): number {
    let level = -1;
    for (const i of this.aprRegs) {
      const l = lowestBit(Number(this.regs.raw(i)));
      if (l >= 0 && (level < 0 || l < level)) level = l;
    }
    return level;
  }

  private lr(n: number): number {
    const i = this.lrIdx[n];
    if (i === undefined) throw new Error(`${this.regs.id}: no LR${n} (${this.listRegs} implemented)`);
    return i;
  }

  private field(at: FieldAt): number {
    return at.field.num(this.regs.raw(this.regs.index(at.reg)));
  }

  /** A software write of one field (read-modify-write: the register's other fields keep their value). */
  private writeField(at: FieldAt, value: number): void {
    const i = this.regs.index(at.reg);
    this.regs.write(i, at.field.set(this.regs.raw(i), value));
  }
}
