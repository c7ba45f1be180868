// The physical gen8+ GPU: its MMIO interrupt registers (gen8Registers.ts), its PCI config space and engines fed
// through execlist submission ports.
// Semantics (facts A.4): ISR shows live status; IIR latches an event only if its IMR bit is clear (a masked event
// is not latched) and is write-1-to-clear; IER gates whether a latched bit reaches the master; each master status
// bit is the OR of (IIR & IER & mask) of its group; the GPU signals its interrupt (MSI, an edge) when the master
// enable (bit 31) is on and some status bit is set, on the transition from "not signalling" to "signalling".
// So the i915 pattern "master off, read and clear IIRs, master on" yields a new edge when events are still latched.
// The interrupt output is an out-port (`irq`): the builder connects it to the function's MSI (gpuMsi.ts).
// Alongside each IIR bit the model keeps the flows riding on it: an event whose IIR bit is already set merges in.
// Engines: four dword writes to RING_ELSP submit a pair of context descriptors; the model reports the submission
// (the `submit` out-port) and the caller, who owns time, later calls completeContext() to raise MI_USER_INTERRUPT and the
// context-switch interrupt of that engine.
// Not modelled: the IIR's second (queued) event slot, PIPESTAT, GT2/GuC routing, forcewake, the PV INFO page
// (a physical read there is not decoded and returns 0).
import { RegisterFile } from '../../core/registers';
import type { FlowGroup } from '../../core/flows';
import { outPort, wireNode, type OutPort, type WireNode } from '../../core/wires';
import {
  elspElement, ENGINE_EVENTS, ENGINES, GEN8_IRQ_MAP, GPU_EVENTS, GPU_MMIO_REGS, IRQ_BANK_FIELDS, IRQ_GROUP_INFO, IRQ_GROUPS,
  MASTER_IRQ_CONTROL, MASTER_STATUS_MASK, type Engine, type GpuEvent, type IrqGroup,
} from './gen8Registers';
import { GPU_PCI_CONFIG_REGS, initGpuConfig } from './gpuConfigSpace';

export type LatchOutcome = 'latched' | 'coalesced' | 'masked';

export interface ElspSubmission {
  engine: Engine;
  /** Context descriptors as written: element 0 (runs first) and element 1 (0n when invalid). */
  element0: bigint;
  element1: bigint;
}

export interface PendingEvent {
  event: GpuEvent;
  flows: FlowGroup;
}

/** A rising edge of the GPU's interrupt output, with the flows latched in enabled IIR bits. */
export type GpuIrqEdge = (flows: FlowGroup) => void;

export class Gen8Gpu {
  readonly regs: RegisterFile;
  readonly config: RegisterFile;
  /** The GPU as a part of the machine's wiring ("host/gpu0"). */
  readonly node: WireNode;
  /** Each rising edge of the interrupt output. */
  readonly irq: OutPort<GpuIrqEdge>;
  /** Four ELSP dwords were written to an engine's port. */
  readonly submit: OutPort<(s: ElspSubmission) => void>;
  /** Counters: events masked by IMR (not latched), merged into a set IIR bit, interrupt edges. */
  readonly stats = { latched: 0, masked: 0, coalesced: 0, edges: 0, submissions: 0 };

  private readonly idx: Record<IrqGroup, { isr: number; imr: number; iir: number; ier: number }>;
  private readonly masterIdx: number;
  private readonly flowsByBit = new Map<number, FlowGroup>();
  private readonly elspDwords = new Map<Engine, bigint[]>();
  private signalling = false;

  constructor(fileId: string, readonly device = 'gpu0', owner = 'host') {
    this.node = wireNode(fileId, 'gpu', owner, device);
    this.irq = outPort(this.node, 'irq', 'irq', () => {});
    this.submit = outPort(this.node, 'submit', 'call', () => {});
    this.regs = new RegisterFile(GPU_MMIO_REGS, `${fileId}/mmio`, owner, device, false);
    this.config = new RegisterFile(GPU_PCI_CONFIG_REGS, `${fileId}/config`, owner, device, false);
    initGpuConfig(this.config);
    const r = this.regs;
    this.idx = Object.fromEntries(IRQ_GROUPS.map((g) => {
      const i = IRQ_GROUP_INFO[g];
      return [g, { isr: r.index(i.isr), imr: r.index(i.imr), iir: r.index(i.iir), ier: r.index(i.ier) }];
    })) as Gen8Gpu['idx'];
    this.masterIdx = r.index('GEN8_MASTER_IRQ');
    for (const g of IRQ_GROUPS) {
      const info = IRQ_GROUP_INFO[g];
      r.onWrite(info.iir, (_f, out) => {
        this.dropClearedFlows(g, out.old & ~out.value);
        this.update();
      });
      r.onWrite(info.imr, () => this.update());
      r.onWrite(info.ier, () => this.update());
    }
    r.onWrite('GEN8_MASTER_IRQ', () => this.update());
    for (const e of ENGINES) r.onWrite(`${e}_ELSP`, (_f, _o, written) => this.elspWrite(e, written));
  }

  /** A hardware event: ISR pulses; IIR latches it unless IMR masks it. */
  raise(event: GpuEvent, flows: FlowGroup = []): LatchOutcome {
    const { group, bit } = GPU_EVENTS[event];
    const x = this.idx[group];
    const r = this.regs;
    if (r.testBit(x.imr, bit)) {
      this.stats.masked++;
      return 'masked';
    }
    const key = this.key(group, bit);
    if (r.testBit(x.iir, bit)) {
      const g = this.flowsByBit.get(key);
      if (g) for (const f of flows) g.push(f);
      else this.flowsByBit.set(key, flows.slice());
      this.stats.coalesced++;
      return 'coalesced';
    }
    r.setBit(x.iir, bit, true);
    this.flowsByBit.set(key, flows.slice());
    this.stats.latched++;
    this.update();
    return 'latched';
  }

  /** Live status of a level condition (e.g. a pipe inside vblank): ISR follows, IIR latches on the rising edge. */
  setLive(event: GpuEvent, on: boolean, flows: FlowGroup = []): LatchOutcome | null {
    const { group, bit } = GPU_EVENTS[event];
    const isr = this.idx[group].isr;
    const was = this.regs.testBit(isr, bit);
    this.regs.setBit(isr, bit, on);
    return on && !was ? this.raise(event, flows) : null;
  }

  /** True while the interrupt output is asserted (master enable on, some status bit set). */
  get asserted(): boolean {
    return this.signalling;
  }

  /** Latched, enabled events as the interrupt handler sees them, with their flows (nothing cleared). */
  pendingEvents(): PendingEvent[] {
    const out: PendingEvent[] = [];
    for (const [name, info] of Object.entries(GPU_EVENTS) as [GpuEvent, (typeof GPU_EVENTS)[GpuEvent]][]) {
      const x = this.idx[info.group];
      if (this.regs.testBit(x.iir, info.bit) && this.regs.testBit(x.ier, info.bit)) {
        out.push({ event: name, flows: this.flowsByBit.get(this.key(info.group, info.bit)) ?? [] });
      }
    }
    return out;
  }

  /**
   * The gen8 handler's register sequence on this GPU: master off, read the pending IIRs, write them back to clear,
   * master on (software writes through the declarations, so hooks and the log see them). Returns what was read.
   */
  acknowledge(): PendingEvent[] {
    const r = this.regs;
    r.write(this.masterIdx, 0n);
    const pending = this.pendingEvents();
    for (const g of IRQ_GROUPS) {
      const v = r.raw(this.idx[g].iir) & r.raw(this.idx[g].ier);
      if (v !== 0n) r.write(this.idx[g].iir, v);
    }
    r.write(this.masterIdx, MASTER_IRQ_CONTROL.of(1));
    return pending;
  }

  /** The engine finished its submitted context: MI_USER_INTERRUPT then the context-switch (CSB) interrupt. */
  completeContext(engine: Engine, flows: FlowGroup = []): { user: LatchOutcome; ctxSwitch: LatchOutcome } {
    const ev = ENGINE_EVENTS[engine];
    return { user: this.raise(ev.user, flows), ctxSwitch: this.raise(ev.ctxSwitch, []) };
  }

  /** Master status value the hardware computes from IIR & IER. */
  masterStatus(): bigint {
    let status = 0n;
    for (const m of GEN8_IRQ_MAP) {
      const x = this.idx[m.group];
      const val = this.regs.raw(x.iir) & this.regs.raw(x.ier);
      if (m.bits.on(val)) status = m.master.set(status, 1);
    }
    return status;
  }

  private update(): void {
    const r = this.regs;
    const enabled = MASTER_IRQ_CONTROL.on(r.raw(this.masterIdx));
    const status = this.masterStatus();
    r.set(this.masterIdx, MASTER_IRQ_CONTROL.set(status & MASTER_STATUS_MASK, enabled));
    const now = enabled && status !== 0n;
    if (now && !this.signalling) {
      this.signalling = true;
      this.stats.edges++;
      this.irq.send(this.pendingEvents().flatMap((p) => p.flows));
    } else if (!now) {
      this.signalling = false;
    }
  }

  private dropClearedFlows(g: IrqGroup, cleared: bigint): void {
    // Flows ride only on named event bits.
    for (const f of IRQ_BANK_FIELDS[g]) if (f.on(cleared)) this.flowsByBit.delete(this.key(g, f.lsb));
  }

  private elspWrite(engine: Engine, dword: bigint): void {
    const q = this.elspDwords.get(engine) ?? [];
    q.push(dword);
    if (q.length < 4) {
      this.elspDwords.set(engine, q);
      return;
    }
    this.elspDwords.set(engine, []);
    // Order of the writes: element 1 upper, element 1 lower, element 0 upper, element 0 lower.
    const element1 = elspElement(q[0]!, q[1]!);
    const element0 = elspElement(q[2]!, q[3]!);
    this.stats.submissions++;
    this.submit.send({ engine, element0, element1 });
  }

  private key(g: IrqGroup, bit: number): number {
    return IRQ_GROUPS.indexOf(g) * 32 + bit;
  }
}
