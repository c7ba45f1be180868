// The GIC virtualization interface of one physical CPU: the hypervisor control registers (GICv2 GICH or GICv3
// ICH_*_EL2, from the version object it is built with, one class over both layouts) and the virtual CPU interface the guest sees
// (GICV_IAR/EOIR/DIR, or ICV_* for v3), which works directly on the list registers without a trap.
//
// Behaviour (facts §E.1–§E.3, checked against QEMU's GICv3 CPU interface):
//  - the hypervisor writes a virtual interrupt into a free LR (ELRSR shows the empty ones);
//  - guest acknowledge: the highest-priority LR in the pending state whose priority is below the virtual PMR and
//    whose group priority is below the running priority goes pending → active; its priority becomes active
//    (APR bit); returns the vINTID, or 1023;
//  - guest EOI: drops the running priority; with EOImode 0 it also deactivates, with EOImode 1 DIR does;
//  - deactivate: the LR with that vINTID in the active state loses its active bit (active → invalid,
//    pending+active → pending). HW = 1: the linked physical INTID is deactivated (the `onPhysicalDeactivate`
//    hook, wired to the distributor), no maintenance. HW = 0 with the EOI bit: the LR now counts in EISR and
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
// Not modelled: binary point for virtual preemption (every 5-bit priority level preempts: VMCR BPR fields are
// state only), virtual Group 0 as FIQ, vLPIs (GICv4), the ICV trap controls (TC, TALL0/1, TDIR), GICv2 GICV
// register file (the guest's view is the `guest*` methods; its PMR/EOImode/enables live in VMCR as on hardware),
// the UNPREDICTABLE cases beyond a note (two LRs with the same vINTID, HW = 1 with pending+active).
import { RegisterFile, fieldMask } from '../../core/registers';
import type { FieldAt } from './cpuInterfaceRegisters';
import { SPURIOUS_INTID } from './gicCommon';
import type { GicVersion } from './gicVersion';
import type { FlowGroup } from '../../core/flows';
import { lrFieldPositions, type VirtLayout } from './virtRegisters';

export type LrState = 'invalid' | 'pending' | 'active' | 'pending+active';

const STATE_CODE: Record<LrState, number> = { invalid: 0, pending: 1, active: 2, 'pending+active': 3 };
const STATE_NAME: readonly LrState[] = ['invalid', 'pending', 'active', 'pending+active'];

/** A decoded list register. */
export interface ListRegister {
  state: LrState;
  vintid: number;
  /** 8-bit priority (the LR holds the top bits its field has: v2 5 bits, v3 8 bits). */
  priority: number;
  group: 0 | 1;
  hw: boolean;
  /** HW = 1: the physical INTID deactivated with the virtual one (0 when HW = 0). */
  pintid: number;
  /** HW = 0: maintenance interrupt when the guest deactivates it (false when HW = 1). */
  eoi: boolean;
  /** v2, HW = 0: SGI source CPU (0 otherwise). */
  cpuid: number;
}

export type ListRegisterInit = Pick<ListRegister, 'state' | 'vintid' | 'priority'> & Partial<Omit<ListRegister, 'state' | 'vintid' | 'priority'>>;

export interface DeactivateEvent {
  lr: number;
  vintid: number;
  hw: boolean;
  pintid: number;
  /** True when the LR had the EOI bit (HW = 0): MISR.EOI is raised. */
  eoiMaintenance: boolean;
  /** The LR is left pending (it was pending+active). */
  stillPending: boolean;
  flows: FlowGroup;
}

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
  /** The maintenance interrupt output (PPI 25 of this CPU) changed level. */
  onMaintenance: ((level: boolean) => void) | null = null;
  /** A HW = 1 list register was deactivated by the guest: deactivate `pintid` in the physical distributor. */
  onPhysicalDeactivate: ((pintid: number, flows: FlowGroup) => void) | null = null;
  /** Every guest deactivation of a list register (for the host model's flow accounting). */
  onDeactivate: ((ev: DeactivateEvent) => void) | null = null;
  /** The virtual IRQ to the vCPU changed level. */
  onVirq: ((level: boolean) => void) | null = null;
  /** Guest errors and UNPREDICTABLE cases met, newest last. */
  readonly notes: string[] = [];

  private readonly pos: ReturnType<typeof lrFieldPositions>;
  private readonly lrIdx: number[];
  private readonly pendFlows: FlowGroup[];
  private readonly actFlows: FlowGroup[];
  private readonly hcrIdx: number;
  private readonly misrIdx: number;
  private maint = false;
  private virq = false;

  constructor(readonly version: GicVersion, readonly cpu: number, opts: VirtInterfaceOptions = {}) {
    this.listRegs = opts.listRegs ?? 4;
    this.layout = version.virt(this.listRegs);
    const prefix = opts.idPrefix ?? 'host';
    this.regs = new RegisterFile(this.layout.decl, `${prefix}/cpu${cpu}/${version.virtFile}`, opts.owner ?? 'host', `cpu${cpu}`, false);
    this.pos = lrFieldPositions(this.layout);
    this.lrIdx = Array.from({ length: this.listRegs }, (_, n) => this.regs.index(this.layout.lr(n)));
    this.pendFlows = Array.from({ length: this.listRegs }, () => []);
    this.actFlows = Array.from({ length: this.listRegs }, () => []);
    this.hcrIdx = this.regs.index(this.layout.hcr);
    this.misrIdx = this.regs.index(this.layout.misr);
    const again = () => this.recompute();
    for (let n = 0; n < this.listRegs; n++) this.regs.onWrite(this.layout.lr(n), again);
    this.regs.onWrite(this.layout.hcr, again);
    this.regs.onWrite(this.layout.vmcr, again);
    for (const a of new Set(this.layout.apr)) this.regs.onWrite(a, again);
    this.recompute();
  }

  // ---- list register encoding (from the declaration's field positions) ----

  encode(lr: ListRegisterInit): bigint {
    const p = this.pos;
    const put = (v: number, f: { msb: number; lsb: number }) => (BigInt(v) & ((1n << BigInt(f.msb - f.lsb + 1)) - 1n)) << BigInt(f.lsb);
    const prioWidth = p.priority.msb - p.priority.lsb + 1;
    let v = put(lr.vintid, p.vINTID)
      | put((lr.priority & 0xff) >> (8 - prioWidth), p.priority)
      | put(STATE_CODE[lr.state], p.state)
      | put(lr.group ?? 1, p.group);
    if (lr.hw) {
      v |= put(1, p.hw) | put(lr.pintid ?? 0, p.pINTID);
    } else {
      if (lr.eoi) v |= 1n << BigInt(p.eoiBit);
      if (this.layout.cpuidBits && lr.cpuid) v |= put(lr.cpuid & ((1 << this.layout.cpuidBits) - 1), { msb: p.pINTID.lsb + this.layout.cpuidBits - 1, lsb: p.pINTID.lsb });
    }
    return v;
  }

  decode(raw: bigint): ListRegister {
    const p = this.pos;
    const get = (f: { msb: number; lsb: number }) => Number((raw >> BigInt(f.lsb)) & ((1n << BigInt(f.msb - f.lsb + 1)) - 1n));
    const prioWidth = p.priority.msb - p.priority.lsb + 1;
    const hw = get(p.hw) === 1;
    const pField = get(p.pINTID);
    return {
      state: STATE_NAME[get(p.state)]!,
      vintid: get(p.vINTID),
      priority: (get(p.priority) << (8 - prioWidth)) & 0xff,
      group: get(p.group) as 0 | 1,
      hw,
      pintid: hw ? pField : 0,
      eoi: !hw && ((raw >> BigInt(p.eoiBit)) & 1n) === 1n,
      cpuid: !hw && this.layout.cpuidBits ? pField & ((1 << this.layout.cpuidBits) - 1) : 0,
    };
  }

  // ---- hypervisor side ----

  lrRead(n: number): ListRegister {
    return this.decode(this.regs.raw(this.lr(n)));
  }

  /**
   * Writes list register `n` (a software write through the declaration, as KVM's LR write). `flows` ride on the
   * LR's pending part, or on its active part when it is written active only. An LR rewritten with the same
   * vINTID while active keeps its active flows.
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
    this.regs.write(this.lr(n), this.encode(lr));
  }

  /** Writes LR `n` as all zeros (invalid, no EOI bit): frees it and clears its EISR bit. */
  lrClear(n: number): void {
    this.pendFlows[n] = [];
    this.actFlows[n] = [];
    this.regs.write(this.lr(n), 0n);
  }

  lrFlows(n: number): { pending: FlowGroup; active: FlowGroup } {
    return { pending: this.pendFlows[n]!, active: this.actFlows[n]! };
  }

  /** Indexes of the empty list registers (ELRSR). */
  freeLrs(): number[] {
    const out: number[] = [];
    for (let n = 0; n < this.listRegs; n++) if (this.bitOf(this.layout.elrsr, n)) out.push(n);
    return out;
  }

  /** Indexes of the list registers with a pending EOI maintenance (EISR). */
  eisrLrs(): number[] {
    const out: number[] = [];
    for (let n = 0; n < this.listRegs; n++) if (this.bitOf(this.layout.eisr, n)) out.push(n);
    return out;
  }

  hcr(field: 'En' | 'UIE' | 'LRENPIE' | 'NPIE' | 'EOICount' | 'VGrp0EIE' | 'VGrp0DIE' | 'VGrp1EIE' | 'VGrp1DIE'): number {
    return Number(this.regs.getField(this.hcrIdx, field));
  }

  /** Software write of HCR fields (others keep their value). */
  setHcr(fields: Partial<Record<'En' | 'UIE' | 'LRENPIE' | 'NPIE' | 'EOICount' | 'VGrp0EIE' | 'VGrp0DIE' | 'VGrp1EIE' | 'VGrp1DIE', number | boolean>>): void {
    let v = this.regs.raw(this.hcrIdx);
    for (const [name, val] of Object.entries(fields)) {
      const f = this.regs.fieldDecl(this.hcrIdx, name);
      v = (v & ~fieldMask(f)) | ((BigInt(Number(val)) << BigInt(f.lsb)) & fieldMask(f));
    }
    this.regs.write(this.hcrIdx, v);
  }

  /** MISR value (maintenance reasons). */
  misr(): number {
    return Number(this.regs.raw(this.misrIdx));
  }

  misrReasons(): string[] {
    const d = this.layout.decl.registers.find((r) => r.name === this.layout.misr)!;
    const v = this.regs.raw(this.misrIdx);
    return d.fields.filter((f) => ((v >> BigInt(f.lsb)) & 1n) === 1n).map((f) => f.name).reverse();
  }

  /** The maintenance interrupt output: HCR.En and MISR ≠ 0. */
  get maintenance(): boolean {
    return this.maint;
  }

  // ---- guest side (the virtual CPU interface) ----

  /** What a guest driver does at boot: enable Group 1, set the priority mask, choose the EOI mode. */
  guestSetup(o: { enable?: boolean; pmr?: number; splitEoi?: boolean } = {}): void {
    this.writeField(this.layout.grpEnable[1], (o.enable ?? true) ? 1 : 0);
    this.guestSetPmr(o.pmr ?? 0xf8);
    this.writeField(this.layout.eoiMode, o.splitEoi ? 1 : 0);
  }

  guestSetPmr(priority: number): void {
    this.writeField(this.layout.pmr, (priority & 0xff) >> (8 - this.width(this.layout.pmr)));
  }

  guestPmr(): number {
    return (this.field(this.layout.pmr) << (8 - this.width(this.layout.pmr))) & 0xff;
  }

  get guestSplitEoi(): boolean {
    return this.field(this.layout.eoiMode) === 1;
  }

  /** Running priority of the virtual CPU interface (lowest active group priority; 0xFF idle). */
  guestRunningPriority(): number {
    const a = this.activeBits();
    if (a === 0) return 0xff;
    return (31 - Math.clz32(a & -a)) << 3;
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
    if ((bestPrio & 0xf8) >= this.guestRunningPriority()) return -1;
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
    const aprName = this.layout.apr[lr.group];
    const ai = this.regs.index(aprName);
    this.regs.set(ai, this.regs.raw(ai) | (1n << BigInt(lr.priority >> 3)));
    this.regs.set(this.lr(n), this.encode({ ...lr, state: 'active' }));
    this.recompute();
    return { intid: lr.vintid, lr: n, priority: lr.priority, flows };
  }

  /** GICV_EOIR / ICV_EOIR1_EL1 write: priority drop, and deactivate unless EOImode is 1. */
  guestEoi(intid: number): void {
    const a = this.activeBits();
    if (a === 0) {
      this.notes.push(`guest EOI of vINTID ${intid} with no active priority: ignored`);
      return;
    }
    const bit = a & -a;
    for (const name of new Set(this.layout.apr)) {
      const i = this.regs.index(name);
      this.regs.set(i, this.regs.raw(i) & ~BigInt(bit >>> 0));
    }
    if (!this.guestSplitEoi) this.deactivate(intid);
    this.recompute();
  }

  /** GICV_DIR / ICV_DIR_EL1 write: deactivate (meant for EOImode 1). */
  guestDir(intid: number): void {
    if (!this.guestSplitEoi) this.notes.push(`guest DIR of vINTID ${intid} with EOImode 0 (UNPREDICTABLE): deactivated anyway`);
    this.deactivate(intid);
    this.recompute();
  }

  // ---- internals ----

  private deactivate(intid: number): void {
    let n = -1;
    for (let k = 0; k < this.listRegs; k++) {
      const lr = this.lrRead(k);
      if ((lr.state === 'active' || lr.state === 'pending+active') && lr.vintid === intid) { n = k; break; }
    }
    if (n < 0) {
      const c = this.hcr('EOICount');
      this.regs.setField(this.hcrIdx, 'EOICount', Math.min(31, c + 1));
      return;
    }
    const lr = this.lrRead(n);
    const stillPending = lr.state === 'pending+active';
    const flows = this.actFlows[n]!;
    this.actFlows[n] = [];
    this.regs.set(this.lr(n), this.encode({ ...lr, state: stillPending ? 'pending' : 'invalid' }));
    if (lr.hw) this.onPhysicalDeactivate?.(lr.pintid, flows);
    this.onDeactivate?.({ lr: n, vintid: intid, hw: lr.hw, pintid: lr.pintid, eoiMaintenance: lr.eoi, stillPending, flows });
  }

  /** EISR, ELRSR, MISR from the LR contents and HCR/VMCR; then the maintenance and vIRQ outputs. */
  private recompute(): void {
    let eisr = 0n;
    let elrsr = 0n;
    let valid = 0;
    let seenPending = false;
    for (let n = 0; n < this.listRegs; n++) {
      const lr = this.lrRead(n);
      if (lr.state === 'invalid') {
        if (!lr.hw && lr.eoi) eisr |= 1n << BigInt(n);
        else elrsr |= 1n << BigInt(n);
      } else valid++;
      if (lr.state === 'pending') seenPending = true;
    }
    const hcr = (f: string) => this.regs.getField(this.hcrIdx, f) === 1n;
    const eng0 = this.field(this.layout.grpEnable[0]) === 1;
    const eng1 = this.field(this.layout.grpEnable[1]) === 1;
    let misr = 0;
    if (eisr !== 0n) misr |= 1 << 0;
    if (hcr('UIE') && valid < 2) misr |= 1 << 1;
    if (hcr('LRENPIE') && this.regs.getField(this.hcrIdx, 'EOICount') !== 0n) misr |= 1 << 2;
    if (hcr('NPIE') && !seenPending) misr |= 1 << 3;
    if (hcr('VGrp0EIE') && eng0) misr |= 1 << 4;
    if (hcr('VGrp0DIE') && !eng0) misr |= 1 << 5;
    if (hcr('VGrp1EIE') && eng1) misr |= 1 << 6;
    if (hcr('VGrp1DIE') && !eng1) misr |= 1 << 7;
    this.setBitmap(this.layout.eisr, eisr);
    this.setBitmap(this.layout.elrsr, elrsr);
    this.regs.set(this.misrIdx, BigInt(misr));
    const maint = hcr('En') && misr !== 0;
    if (maint !== this.maint) {
      this.maint = maint;
      this.onMaintenance?.(maint);
    }
    const virq = this.guestIrqPending();
    if (virq !== this.virq) {
      this.virq = virq;
      this.onVirq?.(virq);
    }
  }

  private setBitmap(names: readonly string[], v: bigint): void {
    names.forEach((name, w) => this.regs.set(this.regs.index(name), (v >> BigInt(32 * w)) & 0xffffffffn));
  }

  private bitOf(names: readonly string[], n: number): boolean {
    const name = names[n >> 5];
    return name !== undefined && this.regs.testBit(this.regs.index(name), n & 31);
  }

  private activeBits(): number {
    let a = 0;
    for (const name of new Set(this.layout.apr)) a |= Number(this.regs.raw(this.regs.index(name)) & 0xffffffffn);
    return a;
  }

  private lr(n: number): number {
    const i = this.lrIdx[n];
    if (i === undefined) throw new Error(`${this.regs.id}: no LR${n} (${this.listRegs} implemented)`);
    return i;
  }

  private field(at: FieldAt): number {
    return at.field.num(this.regs.raw(this.regs.index(at.reg)));
  }

  private width(at: FieldAt): number {
    return at.field.width;
  }

  /** A software write of one field (read-modify-write: the register's other fields keep their value). */
  private writeField(at: FieldAt, value: number): void {
    const i = this.regs.index(at.reg);
    this.regs.write(i, at.field.set(this.regs.raw(i), value));
  }
}
