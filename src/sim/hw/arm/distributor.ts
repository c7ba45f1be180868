// GIC distributor (GICv2 GICD, or GICv3 GICD + the SGI/PPI part of each redistributor): per-INTID enable,
// pending, active, priority, trigger configuration and target (v2 ITARGETSR mask) or route (v3 IROUTER).
// SGIs and PPIs are banked per CPU; SPIs are shared.
//
// Pending follows the architecture's two input kinds:
//  - edge-triggered: a rising edge latches pending; acknowledge clears it; an edge while active makes the
//    interrupt active+pending (it is taken again after deactivation);
//  - level-sensitive: pending is "line high OR latched by a write to ISPENDR"; acknowledge clears only the latch,
//    so a line still held high leaves the interrupt active+pending, and it pends again after deactivation.
// An interrupt that is active (or active+pending) is not forwarded again until it is deactivated.
//
// Alongside each pending and active state the model keeps the flow group riding on it: an assertion that finds
// the interrupt already pending joins that group (coalesced), as the hardware has one pending bit per INTID.
//
// The model's arrays are the state; the declared registers are kept in step after every change, and software
// writes to them (driver or inspector) go through hooks into the same state changes. A software access is made by a
// CPU (`accessBy`; the inspector's is cpu0's): it reaches that CPU's bank of SGI/PPI registers (`bankOf`), and a
// GICv2 GICD_SGIR write requests its SGIs from that CPU.
//
// On the machine's wiring the distributor is the GIC's node ("host/gic"): SPI and PPI inputs, SGI requests and the
// deactivations of HW = 1 list registers come in; each CPU interface is told when its highest pending interrupt may
// have changed; whoever forwarded a physical interrupt to a guest is told when the guest deactivated it.
//
// What differs between GICv2 and GICv3 (the register layouts, SPI routing, where SGIs are raised) comes from the
// version object the distributor is built with (gicVersion.ts).
//
// Not modelled: interrupt groups and security (all Non-secure Group 1), SGIs pending per source CPU (one pending
// bit per SGI; the last source is reported in IAR.CPUID), the 1-of-N choice beyond "first CPU to acknowledge
// takes it", LPIs, register-write latency (RWP).
import { RegisterFile, type Field } from '../../core/registers';
import { BITMAPS, checkShape, type BitmapName, type GicdShape } from './distributorRegisters';
import { bitOf, kindOf, priorityMask, SGI_LAST, SPI_FIRST } from './gicCommon';
import type { GicVersion } from './gicVersion';
import type { SpiRoute, SpiRouting } from './spiRouting';
import type { FlowGroup } from '../../core/flows';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { Deactivated, HwDeactivate, LevelIn, SgiIn, Signal } from './gicPorts';

export type { SpiRoute } from './spiRouting';

export type Trigger = 'edge' | 'level';

export interface AssertResult {
  /** True when the interrupt was already pending: the new flows merged into the pending group. */
  coalesced: boolean;
  /** The primary flow of the pending group after this assertion (0 when the input was a falling level). */
  intoFlow: number;
}

export interface DistributorOptions extends GicdShape {
  version: GicVersion;
  /** Register file ids are `${idPrefix}/gicd` and `${idPrefix}/cpuN/gicd-bank`; default "host". */
  idPrefix?: string;
  owner?: string;
  /** Priority bits held per INTID (GIC-400: 5, i.e. 32 levels); default 5. */
  priorityBits?: number;
}

/** Where an INTID's state shows in the declared registers (the same in every bank: they share one declaration). */
interface IntidRegisters {
  /** Register index of each bitmap word holding it, in BITMAPS order, and its bit there. */
  bitmaps: number[];
  bit: number;
  /** IPRIORITYR<n> and its byte p<intid>. */
  prio: { reg: number; field: Field };
  /** ICFGR<n> and its bit int<intid> (SGIs: none, always edge). */
  cfg: { reg: number; field: Field } | null;
}

export class GicDistributor {
  readonly version: GicVersion;
  readonly cpus: number;
  readonly spis: number;
  readonly regs: RegisterFile;
  /** Per-CPU banked SGI/PPI registers (v2 GICD banked words, v3 GICR SGI_base frame). */
  readonly banks: RegisterFile[];
  readonly prioMask: number;
  private readonly ctlr: number;
  /** The GIC as a part of the machine's wiring. */
  readonly node: WireNode;
  /** Per CPU: its highest pending interrupt may have changed (its CPU interface re-evaluates). */
  readonly toCpu: OutPort<Signal>[];
  /** SGI requests (GICD_SGIR, ICC_SGI1R_EL1, a hypervisor's kick). */
  readonly sgiIn: InPort<SgiIn>;
  /** Per CPU: the virtualization interface deactivates the physical INTID of a guest's HW = 1 list register. */
  readonly hwDeactivateIn: InPort<HwDeactivate>[];
  /** Guest errors and ignored accesses (e.g. deactivating an inactive INTID), newest last. */
  readonly notes: string[] = [];

  // State per slot: slot = cpu*32 + intid for INTIDs 0..31, cpus*32 + (intid-32) for SPIs.
  private readonly enabled: Uint8Array;
  private readonly latch: Uint8Array;
  private readonly line: Uint8Array;
  private readonly active: Uint8Array;
  private readonly edge: Uint8Array;
  private readonly prio: Uint8Array;
  /** Where each SPI goes: v2 target masks, v3 routes. */
  private readonly routing: SpiRouting;
  private readonly sgiSource: Uint8Array;
  private readonly pendingFlows: (FlowGroup | null)[];
  private readonly activeFlows: (FlowGroup | null)[];
  private readonly allCpus: number[];
  /** Per INTID, where it shows in the registers, found once by the declared names. */
  private readonly at: IntidRegisters[] = [];
  /** Input ports made so far, per slot (an SPI's slot, or a PPI's in its CPU's bank). */
  private readonly inputs: InPort<LevelIn>[] = [];
  private readonly deactivated: OutPort<Deactivated>[] = [];
  /** The CPU making the current software access (see `accessBy`). */
  private accessor = 0;

  constructor(opts: DistributorOptions) {
    checkShape(opts);
    this.version = opts.version;
    this.cpus = opts.cpus;
    this.spis = opts.spis;
    this.prioMask = priorityMask(opts.priorityBits ?? 5);
    const prefix = opts.idPrefix ?? 'host';
    const owner = opts.owner ?? 'host';
    this.regs = new RegisterFile(opts.version.gicd(opts), `${prefix}/gicd`, owner, 'gicd', false);
    this.ctlr = this.regs.index('CTLR');
    const bankDecl = opts.version.gicdBank();
    this.banks = [];
    for (let c = 0; c < opts.cpus; c++) {
      this.banks.push(new RegisterFile(bankDecl, `${prefix}/cpu${c}/gicd-bank`, owner, `cpu${c}`, false));
    }
    const n = opts.cpus * 32 + opts.spis;
    this.enabled = new Uint8Array(n);
    this.latch = new Uint8Array(n);
    this.line = new Uint8Array(n);
    this.active = new Uint8Array(n);
    this.edge = new Uint8Array(n);
    this.prio = new Uint8Array(n);
    this.routing = opts.version.spiRouting(opts.cpus, n);
    this.sgiSource = new Uint8Array(n);
    this.pendingFlows = new Array<FlowGroup | null>(n).fill(null);
    this.activeFlows = new Array<FlowGroup | null>(n).fill(null);
    this.allCpus = Array.from({ length: opts.cpus }, (_, i) => i);
    for (let c = 0; c < opts.cpus; c++) for (let id = 0; id <= SGI_LAST; id++) this.edge[c * 32 + id] = 1;
    for (let id = 0; id < SPI_FIRST + this.spis; id++) this.at.push(this.locate(id < SPI_FIRST ? this.banks[0]! : this.regs, id));
    this.node = wireNode(`${prefix}/gic`, 'gic', owner, 'GIC');
    this.toCpu = this.allCpus.map((c) => outPort<Signal>(this.node, `cpu${c}`, 'irq', () => {}));
    this.sgiIn = inPort<SgiIn>(this.node, 'sgi', 'ipi', (intid, source, targets, flows) => this.sendSgi(intid, source, targets, flows));
    this.hwDeactivateIn = this.allCpus.map((c) => inPort<HwDeactivate>(this.node, `deactivate cpu${c}`, 'eoi', (pintid, flows) => {
      this.deactivate(pintid, c);
      this.deactivated[this.slot(pintid, c)]?.send(flows);
    }));
    this.installHooks();
    this.syncAll();
  }

  // ---- software access by a CPU ----

  /**
   * Runs `fn` as a software access made by `cpu`: a GICD_SGIR write inside it is requested by `cpu` (filters "all
   * but me" and "me only"). Accesses with no CPU (the inspector) are cpu0's.
   */
  accessBy<T>(cpu: number, fn: () => T): T {
    if (cpu < 0 || cpu >= this.cpus) throw new Error(`GICD: no cpu${cpu}`);
    const before = this.accessor;
    this.accessor = cpu;
    try {
      return fn();
    } finally {
      this.accessor = before;
    }
  }

  /** The banked SGI/PPI registers `cpu` sees (v2: at the GICD offsets; v3: its redistributor's SGI_base frame). */
  bankOf(cpu: number): RegisterFile {
    const b = this.banks[cpu];
    if (!b) throw new Error(`GICD: no cpu${cpu}`);
    return b;
  }

  // ---- configuration (what a driver does through the registers; these go through the same state) ----

  get enabledGlobally(): boolean {
    return this.regs.field(this.ctlr, this.version.gicdEnableGrp1) === 1n;
  }

  setEnabledGlobally(on: boolean): void {
    this.regs.deposit(this.ctlr, this.version.gicdEnableGrp1, on);
    this.notify(this.allCpus);
  }

  /** Enable or disable forwarding of `intid` (cpu: the bank for SGIs/PPIs). */
  enable(intid: number, on: boolean, cpu = 0): void {
    const s = this.slot(intid, cpu);
    this.enabled[s] = on ? 1 : 0;
    this.changed(intid, cpu);
  }

  /** `priority` with only the bits this distributor implements (the others read as 0). */
  implementedPriority(priority: number): number {
    return priority & this.prioMask;
  }

  setPriority(intid: number, priority: number, cpu = 0): void {
    const s = this.slot(intid, cpu);
    this.prio[s] = this.implementedPriority(priority);
    this.changed(intid, cpu);
  }

  setTrigger(intid: number, trigger: Trigger, cpu = 0): void {
    if (intid <= SGI_LAST) return; // SGIs are always edge
    const s = this.slot(intid, cpu);
    this.edge[s] = trigger === 'edge' ? 1 : 0;
    this.changed(intid, cpu);
  }

  /** v2: the SPI's CPU target mask (bit n = cpu n). GICv3 routes SPIs with IROUTER and refuses. */
  setTargets(intid: number, mask: number): void {
    this.requireSpi(intid);
    this.routing.setTargets(this.slot(intid, 0), mask);
    this.changed(intid, 0);
  }

  /** Route the SPI to one CPU, or to any (v3 IRM = 1; on v2 a one-CPU or all-CPU target mask). */
  setRoute(intid: number, route: SpiRoute): void {
    this.requireSpi(intid);
    this.routing.setRoute(this.slot(intid, 0), route);
    this.changed(intid, 0);
  }

  // ---- inputs ----

  /** The input of SPI `intid` as a port (a device's level line, with no latency: see spiInput.ts for the timed one). */
  spiIn(intid: number): InPort<LevelIn> {
    this.requireSpi(intid);
    return (this.inputs[this.slot(intid, 0)] ??= inPort<LevelIn>(this.node, `spi ${intid}`, 'irq', (level, flows) => this.assertSpi(intid, level, flows)));
  }

  /** The input of PPI `intid` of `cpu` as a port (the timer, the maintenance interrupt). */
  ppiIn(cpu: number, intid: number): InPort<LevelIn> {
    if (kindOf(intid) !== 'ppi') throw new Error(`INTID ${intid} is not a PPI`);
    return (this.inputs[this.slot(intid, cpu)] ??= inPort<LevelIn>(this.node, `ppi ${intid} cpu${cpu}`, 'irq', (level, flows) => this.setPpi(cpu, intid, level, flows)));
  }

  /** Told when a guest deactivated `intid` (of `cpu`, for a PPI) through an HW = 1 list register. */
  deactivatedOut(intid: number, cpu = 0): OutPort<Deactivated> {
    const s = this.slot(intid, cpu);
    const name = intid < SPI_FIRST ? `deactivated ${intid} cpu${cpu}` : `deactivated ${intid}`;
    return (this.deactivated[s] ??= outPort<Deactivated>(this.node, name, 'eoi', () => {}));
  }

  /**
   * An SPI input from a device. Level-sensitive: `level` is the line level (pending follows it). Edge-triggered:
   * each call with `level` true is one edge and latches pending; false is ignored but for the line's record.
   */
  assertSpi(intid: number, level: boolean, flows: FlowGroup = []): AssertResult {
    this.requireSpi(intid);
    return this.input(intid, 0, level, flows);
  }

  /** A pulse on an edge input (rise and fall at once). */
  edgeSpi(intid: number, flows: FlowGroup = []): AssertResult {
    const r = this.assertSpi(intid, true, flows);
    this.assertSpi(intid, false);
    return r;
  }

  /** A PPI input of `cpu` (the architected timer, the maintenance interrupt, a PMU). */
  setPpi(cpu: number, intid: number, level: boolean, flows: FlowGroup = []): AssertResult {
    if (kindOf(intid) !== 'ppi') throw new Error(`INTID ${intid} is not a PPI`);
    return this.input(intid, cpu, level, flows);
  }

  /** A software generated interrupt from `source` to each CPU in `targets`. */
  sendSgi(intid: number, source: number, targets: readonly number[], flows: FlowGroup = []): void {
    if (intid > SGI_LAST) throw new Error(`INTID ${intid} is not an SGI`);
    for (const c of targets) {
      const s = this.slot(intid, c);
      this.sgiSource[s] = source;
      this.latchPending(s, flows);
      this.changed(intid, c);
    }
  }

  // ---- state ----

  isEnabled(intid: number, cpu = 0): boolean { return this.enabled[this.slot(intid, cpu)] === 1; }
  isActive(intid: number, cpu = 0): boolean { return this.active[this.slot(intid, cpu)] === 1; }
  isPending(intid: number, cpu = 0): boolean { return this.pendingAt(this.slot(intid, cpu)); }
  lineLevel(intid: number, cpu = 0): boolean { return this.line[this.slot(intid, cpu)] === 1; }
  priorityOf(intid: number, cpu = 0): number { return this.prio[this.slot(intid, cpu)]!; }
  triggerOf(intid: number, cpu = 0): Trigger { return this.edge[this.slot(intid, cpu)] ? 'edge' : 'level'; }
  sgiSourceOf(intid: number, cpu: number): number { return this.sgiSource[this.slot(intid, cpu)]!; }
  pendingFlowsOf(intid: number, cpu = 0): FlowGroup { return this.pendingFlows[this.slot(intid, cpu)] ?? []; }
  activeFlowsOf(intid: number, cpu = 0): FlowGroup { return this.activeFlows[this.slot(intid, cpu)] ?? []; }

  /** Does the SPI's target/route include `cpu`? */
  isTargeted(intid: number, cpu: number): boolean {
    return this.routing.isTargeted(this.slot(intid, 0), cpu);
  }

  /**
   * The highest-priority interrupt the distributor forwards to `cpu`: enabled, pending, not active, targeted.
   * Ties go to the lowest INTID (the GIC's usual choice; the architecture leaves it IMPLEMENTATION DEFINED).
   */
  highestPending(cpu: number): { intid: number; priority: number } | null {
    if (!this.enabledGlobally) return null;
    let best = -1;
    let bestPrio = 0x100;
    const base = cpu * 32;
    for (let id = 0; id < SPI_FIRST; id++) {
      const s = base + id;
      if (this.candidate(s) && this.prio[s]! < bestPrio) { best = id; bestPrio = this.prio[s]!; }
    }
    const spiBase = this.cpus * 32;
    for (let i = 0; i < this.spis; i++) {
      const s = spiBase + i;
      if (!this.candidate(s) || this.prio[s]! >= bestPrio) continue;
      if (!this.isTargeted(SPI_FIRST + i, cpu)) continue;
      best = SPI_FIRST + i;
      bestPrio = this.prio[s]!;
    }
    return best < 0 ? null : { intid: best, priority: bestPrio };
  }

  /**
   * A CPU interface acknowledges `intid` for `cpu`: pending → active. The pending flows become the active ones.
   * For a level input still high the interrupt is now active+pending with an empty flow group (the same
   * assertion, not a new event).
   */
  acknowledge(intid: number, cpu: number): FlowGroup {
    const s = this.slot(intid, cpu);
    if (!this.pendingAt(s)) throw new Error(`GICD: acknowledge of INTID ${intid} (cpu${cpu}) that is not pending`);
    this.latch[s] = 0;
    this.active[s] = 1;
    const flows = this.pendingFlows[s] ?? [];
    this.activeFlows[s] = flows;
    this.pendingFlows[s] = this.pendingAt(s) ? [] : null;
    this.changed(intid, cpu);
    return flows;
  }

  /**
   * Deactivate (EOIR with EOImode 0, DIR, ICACTIVER, or a guest deactivate of a HW list register): active →
   * inactive, or active+pending → pending. A level line still high is pending again at once. Returns the flows
   * that were active.
   */
  deactivate(intid: number, cpu: number): FlowGroup {
    const s = this.slot(intid, cpu);
    if (!this.active[s]) {
      this.notes.push(`deactivate of INTID ${intid} (cpu${cpu}) that is not active: ignored`);
      return [];
    }
    this.active[s] = 0;
    const flows = this.activeFlows[s] ?? [];
    this.activeFlows[s] = null;
    this.changed(intid, cpu);
    return flows;
  }

  /** ISPENDR: latch pending by software. */
  setPending(intid: number, cpu = 0, flows: FlowGroup = []): void {
    this.latchPending(this.slot(intid, cpu), flows);
    this.changed(intid, cpu);
  }

  /** ICPENDR: clear the latch (a level line still high stays pending). */
  clearPending(intid: number, cpu = 0): void {
    const s = this.slot(intid, cpu);
    this.latch[s] = 0;
    if (!this.pendingAt(s)) this.pendingFlows[s] = null;
    this.changed(intid, cpu);
  }

  // ---- internals ----

  private input(intid: number, cpu: number, level: boolean, flows: FlowGroup): AssertResult {
    const s = this.slot(intid, cpu);
    const wasPending = this.pendingAt(s);
    this.line[s] = level ? 1 : 0;
    if (!level) {
      if (!this.pendingAt(s)) this.pendingFlows[s] = null;
      this.changed(intid, cpu);
      return { coalesced: false, intoFlow: 0 };
    }
    // Edge-triggered: every assertion is one edge and latches pending (the line level itself is not a state).
    if (this.edge[s]) this.latch[s] = 1;
    const g = this.pendingFlows[s];
    let into: number;
    if (g) {
      for (const f of flows) g.push(f);
      into = g[0] ?? flows[0] ?? 0;
    } else {
      this.pendingFlows[s] = flows.slice();
      into = flows[0] ?? 0;
    }
    this.changed(intid, cpu);
    return { coalesced: wasPending, intoFlow: into };
  }

  private latchPending(s: number, flows: FlowGroup): void {
    this.latch[s] = 1;
    const g = this.pendingFlows[s];
    if (g) for (const f of flows) g.push(f);
    else this.pendingFlows[s] = flows.slice();
  }

  private pendingAt(s: number): boolean {
    return this.latch[s] === 1 || (this.edge[s] === 0 && this.line[s] === 1);
  }

  private candidate(s: number): boolean {
    return this.enabled[s] === 1 && this.active[s] === 0 && this.pendingAt(s);
  }

  slot(intid: number, cpu: number): number {
    if (intid < SPI_FIRST) {
      if (cpu < 0 || cpu >= this.cpus) throw new Error(`GICD: no cpu${cpu}`);
      return cpu * 32 + intid;
    }
    this.requireSpi(intid);
    return this.cpus * 32 + (intid - SPI_FIRST);
  }

  private requireSpi(intid: number): void {
    if (intid < SPI_FIRST || intid >= SPI_FIRST + this.spis) throw new Error(`GICD: INTID ${intid} is not an implemented SPI (32..${SPI_FIRST + this.spis - 1})`);
  }

  private changed(intid: number, cpu: number): void {
    this.syncIntid(intid, cpu);
    this.notify(intid < SPI_FIRST ? [cpu] : this.allCpus);
  }

  private notify(cpus: readonly number[]): void {
    for (const c of cpus) this.toCpu[c]!.send();
  }

  // ---- registers: state → register values ----

  private fileFor(intid: number, cpu: number): RegisterFile {
    return intid < SPI_FIRST ? this.banks[cpu]! : this.regs;
  }

  /** The registers and fields that show `intid` in `file` (the word of each bitmap, its priority byte, its config bit). */
  private locate(file: RegisterFile, intid: number): IntidRegisters {
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

  private syncIntid(intid: number, cpu: number): void {
    const f = this.fileFor(intid, cpu);
    const s = this.slot(intid, cpu);
    const at = this.at[intid]!;
    const [isen, icen, ispend, icpend, isact, icact] = at.bitmaps as [number, number, number, number, number, number];
    f.setBit(isen, at.bit, this.enabled[s] === 1);
    f.setBit(icen, at.bit, this.enabled[s] === 1);
    f.setBit(ispend, at.bit, this.pendingAt(s));
    f.setBit(icpend, at.bit, this.pendingAt(s));
    f.setBit(isact, at.bit, this.active[s] === 1);
    f.setBit(icact, at.bit, this.active[s] === 1);
    f.deposit(at.prio.reg, at.prio.field, this.prio[s]!);
    if (at.cfg) f.deposit(at.cfg.reg, at.cfg.field, this.edge[s]!);
    this.routing.sync(f, intid, cpu, s);
  }

  private syncAll(): void {
    for (let c = 0; c < this.cpus; c++) for (let id = 0; id < SPI_FIRST; id++) this.syncIntid(id, c);
    for (let id = SPI_FIRST; id < SPI_FIRST + this.spis; id++) this.syncIntid(id, 0);
  }

  // ---- registers: software writes → state ----

  private installHooks(): void {
    this.regs.onWrite('CTLR', () => this.notify(this.allCpus));
    const files: { file: RegisterFile; cpu: number; words: number[] }[] = [
      ...this.banks.map((file, cpu) => ({ file, cpu, words: [0] })),
      { file: this.regs, cpu: 0, words: Array.from({ length: this.spis / 32 }, (_, i) => i + 1) },
    ];
    for (const { file, cpu, words } of files) {
      for (const w of words) {
        for (const b of BITMAPS) {
          file.onWrite(`${b.name}${w}`, (_f, _o, written) => {
            for (let k = 0; k < 32; k++) if (bitOf(written, k)) this.bitmapWrite(b.name, 32 * w + k, cpu);
            for (let k = 0; k < 32; k++) this.syncIntid(32 * w + k, cpu);
          });
        }
        for (let r = 8 * w; r < 8 * w + 8; r++) {
          file.onWrite(`IPRIORITYR${r}`, (_f, o) => {
            for (let id = 4 * r; id < 4 * r + 4; id++) this.setPriority(id, this.at[id]!.prio.field.num(o.value), cpu);
          });
        }
        for (let r = 2 * w; r < 2 * w + 2; r++) {
          if (r === 0) continue;
          file.onWrite(`ICFGR${r}`, (_f, o) => {
            for (let id = 16 * r; id < 16 * r + 16; id++) this.setTrigger(id, this.at[id]!.cfg!.field.on(o.value) ? 'edge' : 'level', cpu);
          });
        }
      }
    }
    this.routing.installHooks(this.regs, this);
    this.version.distributorSgi(this.regs, {
      cpus: this.cpus,
      send: (intid, source, targets) => this.sendSgi(intid, source, targets),
      requester: () => this.accessor,
      note: (text) => this.notes.push(text),
    });
  }

  private bitmapWrite(name: BitmapName, intid: number, cpu: number): void {
    if (intid >= SPI_FIRST + this.spis) return;
    if (intid <= SGI_LAST && (name === 'ISPENDR' || name === 'ICPENDR') && !this.version.sgiPendingByBitmap) return;
    const s = this.slot(intid, cpu);
    switch (name) {
      case 'ISENABLER': this.enabled[s] = 1; break;
      case 'ICENABLER': this.enabled[s] = 0; break;
      case 'ISPENDR': this.latchPending(s, []); break;
      case 'ICPENDR':
        this.latch[s] = 0;
        if (!this.pendingAt(s)) this.pendingFlows[s] = null;
        break;
      case 'ISACTIVER': this.active[s] = 1; if (!this.activeFlows[s]) this.activeFlows[s] = []; break;
      case 'ICACTIVER': this.active[s] = 0; this.activeFlows[s] = null; break;
    }
    this.notify(intid < SPI_FIRST ? [cpu] : this.allCpus);
  }
}
