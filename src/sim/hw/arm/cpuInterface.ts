// The physical GIC CPU interface of one CPU (GICv2 GICC or GICv3 ICC_*_EL1, one class over both layouts).
//
//  - Signalling: the distributor's highest pending interrupt for this CPU raises IRQ when its priority is below
//    PMR and its group priority is below the running priority (it may preempt).
//  - Acknowledge (IAR read): pending → active, priority becomes running (an active-priority bit), returns the
//    INTID; 1023 (spurious) when nothing can be signalled.
//  - EOI (EOIR write): priority drop; with EOImode 0 also deactivate. With EOImode 1 (the split KVM uses on the
//    host, so a forwarded interrupt stays active until the guest deactivates it) DIR deactivates.
//
// On the machine's wiring it is "host/cpuN/gicc": the distributor tells it to re-evaluate; it signals its core.
//
// Not modelled: Group 0/FIQ and bypass, CBPR/ABPR, the priority-drop order check beyond a note (an EOIR that is
// not for the most recently acknowledged interrupt drops that interrupt's priority and records a guest error),
// GICv3 ICC_SRE_EL1 (system registers always enabled), NMIs.
import { RegisterFile } from '../../core/registers';
import type { CpuIfLayout, FieldAt } from './cpuInterfaceRegisters';
import type { GicDistributor } from './distributor';
import { groupPriority, PRIORITY, SGI_LAST, SPURIOUS_INTID } from './gicCommon';
import type { FlowGroup } from '../../core/flows';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { Signal } from './gicPorts';

export interface AckResult {
  /** The acknowledged INTID, or 1023 (spurious). */
  intid: number;
  /** Flows that rode on the pending interrupt. */
  flows: FlowGroup;
  priority: number;
  /** SGI: the requesting CPU. */
  source?: number;
}

export class GicCpuInterface {
  readonly regs: RegisterFile;
  readonly layout: CpuIfLayout;
  readonly node: WireNode;
  /** The distributor: the highest pending interrupt for this CPU may have changed. */
  readonly distIn: InPort<Signal>;
  /** The IRQ output to the core, sent each time it is re-evaluated as asserted. */
  readonly irqOut: OutPort<Signal>;
  /** Guest errors and ignored accesses, newest last. */
  readonly notes: string[] = [];
  /** Active priorities not yet dropped, in acknowledge order (what the APRs record). */
  private readonly running: { intid: number; gprio: number }[] = [];
  private lastFlows: FlowGroup = [];
  private irq = false;

  constructor(readonly dist: GicDistributor, readonly cpu: number, opts: { idPrefix?: string; owner?: string } = {}) {
    this.layout = dist.version.cpuIf;
    const prefix = opts.idPrefix ?? 'host';
    this.regs = new RegisterFile(this.layout.decl, `${prefix}/cpu${cpu}/gicc`, opts.owner ?? 'host', `cpu${cpu}`, false);
    this.node = wireNode(this.regs.id, 'gic-cpu-if', opts.owner ?? 'host', `GICC cpu${cpu}`);
    this.distIn = inPort<Signal>(this.node, 'dist', 'irq', () => this.update());
    this.irqOut = outPort<Signal>(this.node, 'irq', 'irq', () => {});
    const L = this.layout;
    this.regs.onWrite(L.eoir.reg, (_f, _o, written) => this.doEoi(L.eoir.field.num(written)));
    this.regs.onWrite(L.dir.reg, (_f, _o, written) => this.doDir(L.dir.field.num(written)));
    this.regs.onWrite(L.pmr.reg, (_f, o) => {
      // Only the implemented priority bits are held (as in the distributor's priorities).
      this.regs.set(this.regs.index(L.pmr.reg), L.pmr.field.of(dist.implementedPriority(L.pmr.field.num(o.value))));
      this.update();
    });
    this.regs.onWrite(L.enable.reg, () => this.update());
    if (L.eoiMode.reg !== L.enable.reg) this.regs.onWrite(L.eoiMode.reg, () => this.update());
    this.regs.onWrite(L.bpr.reg, () => this.update());
    dist.version.cpuInterfaceSgi(this.regs, cpu, dist.cpus, (intid, source, targets) => dist.sendSgi(intid, source, targets));
  }

  // ---- configuration ----

  get enabled(): boolean { return this.field(this.layout.enable) === 1; }
  setEnabled(on: boolean): void { this.write(this.layout.enable, on ? 1 : 0); }

  /** True with EOImode 1: EOIR only drops priority, DIR deactivates. */
  get splitEoi(): boolean { return this.field(this.layout.eoiMode) === 1; }
  setSplitEoi(on: boolean): void { this.write(this.layout.eoiMode, on ? 1 : 0); }

  get pmr(): number { return this.field(this.layout.pmr); }
  setPmr(priority: number): void { this.write(this.layout.pmr, priority); }

  get bpr(): number { return this.field(this.layout.bpr); }

  // ---- state ----

  /** Running priority: the highest (numerically lowest) active group priority, 0xFF when idle. */
  runningPriority(): number {
    let p = 0xff;
    for (const r of this.running) if (r.gprio < p) p = r.gprio;
    return p;
  }

  /** The IRQ output to the core. */
  irqPending(): boolean {
    return this.signalled() !== null;
  }

  /** The highest pending interrupt forwarded to this CPU (ignores PMR and running priority), or 1023. */
  hppir(): number {
    return this.dist.highestPending(this.cpu)?.intid ?? SPURIOUS_INTID;
  }

  // ---- operations ----

  /** IAR read: acknowledge the signalled interrupt (pending → active) or return 1023. */
  ack(): AckResult {
    const hp = this.signalled();
    const iar = this.regs.index(this.layout.iar.reg);
    if (!hp) {
      this.regs.set(iar, BigInt(SPURIOUS_INTID));
      return { intid: SPURIOUS_INTID, flows: [], priority: 0xff };
    }
    const source = hp.intid <= SGI_LAST ? this.dist.sgiSourceOf(hp.intid, this.cpu) : undefined;
    this.regs.set(iar, this.dist.version.iar(hp.intid, source));
    this.running.push({ intid: hp.intid, gprio: this.gprio(hp.priority) });
    const flows = this.dist.acknowledge(hp.intid, this.cpu); // notifies: update() runs
    return { intid: hp.intid, flows, priority: hp.priority, ...(source !== undefined ? { source } : {}) };
  }

  /** EOIR write. Returns the flows deactivated (none with EOImode 1). */
  eoi(intid: number): FlowGroup {
    this.lastFlows = [];
    this.regs.write(this.regs.index(this.layout.eoir.reg), BigInt(intid));
    return this.lastFlows;
  }

  /** DIR write: deactivate. Returns the flows that were active. */
  dir(intid: number): FlowGroup {
    this.lastFlows = [];
    this.regs.write(this.regs.index(this.layout.dir.reg), BigInt(intid));
    return this.lastFlows;
  }

  /** Re-evaluate the registers that show state and the IRQ output (the distributor calls this on changes). */
  update(): void {
    const r = this.regs;
    const L = this.layout;
    r.set(r.index(L.rpr.reg), L.rpr.field.of(this.runningPriority()));
    r.set(r.index(L.hppir.reg), L.hppir.field.of(this.hppir()));
    // Bit n of the active-priority register: group priority n × 8 is active.
    const apr = r.index(L.apr);
    r.set(apr, 0n);
    for (const x of this.running) r.setBit(apr, PRIORITY.level.num(BigInt(x.gprio)), true);
    this.irq = this.signalled() !== null;
    if (this.irq) this.irqOut.send();
  }

  // ---- internals ----

  private signalled(): { intid: number; priority: number } | null {
    if (!this.enabled) return null;
    const hp = this.dist.highestPending(this.cpu);
    if (!hp) return null;
    if (hp.priority >= this.pmr) return null;
    if (this.gprio(hp.priority) >= this.runningPriority()) return null;
    return hp;
  }

  private gprio(priority: number): number {
    return groupPriority(priority, Math.max(0, this.bpr - this.layout.bprOffset));
  }

  private doEoi(intid: number): void {
    let i = -1;
    for (let k = this.running.length - 1; k >= 0; k--) if (this.running[k]!.intid === intid) { i = k; break; }
    if (i < 0) {
      this.notes.push(`EOIR for INTID ${intid} with no active priority for it: ignored`);
      return;
    }
    if (i !== this.running.length - 1) this.notes.push(`EOIR for INTID ${intid} is not for the most recently acknowledged interrupt`);
    this.running.splice(i, 1);
    if (!this.splitEoi) this.lastFlows = this.dist.deactivate(intid, this.cpu);
    this.update();
  }

  private doDir(intid: number): void {
    if (!this.splitEoi) this.notes.push(`DIR for INTID ${intid} with EOImode 0 (UNPREDICTABLE): deactivated anyway`);
    this.lastFlows = this.dist.deactivate(intid, this.cpu);
    this.update();
  }

  private field(at: FieldAt): number {
    return at.field.num(this.regs.raw(this.regs.index(at.reg)));
  }

  /** A software write of one field (read-modify-write: the register's other fields keep their value). */
  private write(at: FieldAt, value: number): void {
    const i = this.regs.index(at.reg);
    this.regs.write(i, at.field.set(this.regs.raw(i), value));
  }
}
