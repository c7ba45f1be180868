// The GPU mediator core (no host/KVM wiring): the physical GPU, the vGPUs (the host's view included), the MMIO
// trap table with its two access paths, the physical → virtual interrupt fan-out, and workload completion.
//
// Access paths (seed 002): a guest's MMIO access is trapped by the hypervisor (the caller charges the exit) and
// forwarded here; the host driver's access cannot be trapped (KVM's host i915 runs in the same mode as KVM), so
// the mediator's read/write hooks in the host driver redirect it proactively, and it falls through to the physical
// register only when the register is passed through. Each access reports which path and outcome it took, so the
// caller charges costs and logs hops.
//
// Fan-out (seed 000): "In pirq handler, it simply checks physical pending events, and loop all VM's virtual
// imr/ier to decide whether to pend virtual iir. At the end of pirq handling, kick off an asynchronous event to
// either host i915 or guest i915, if there's pending virtual iir." Per event and vGPU the outcome is delivered
// (vIIR bit set), masked (vIMR bit set: dropped, not latched, as propagate_event) or coalesced (the vIIR bit was
// still set); at the end check_pending_irq decides per vGPU whether an injection is needed. The kick-off itself
// (MSI emulation into the vLAPIC, or the host strategy tasklet / hardirq-tail / self-IPI) is the caller's.
//
// Nested emulation: an access that starts while another access of this mediator is being emulated is flagged
// `nested` and counted: that is what happens when an emulated write (ELSP) raises a virtual interrupt and the host's
// i915 handler is run synchronously inside the emulation (seed 000's "hardirq-tail" hazard).
import type { Gen8Gpu, PendingEvent } from '../hw/gpu/gen8Gpu';
import { ENGINE_EVENTS, IMR_ALL_MASKED, IRQ_GROUP_INFO, IRQ_GROUPS, MASTER_IRQ_CONTROL, type Engine, type GpuEvent } from '../hw/gpu/gen8Registers';
import { inPvInfoPage } from '../hw/gpu/pvInfoRegisters';
import type { FlowGroup } from '../core/flows';
import { checkPendingIrq, propagateEvent, triggerVirtualEvent, type CheckPendingResult, type InjectDecision, type PropagateOutcome } from './interrupt';
import { defaultTrapTable, type MmioTrapTable } from './trapTable';
import { Vgpu, type EmulationEffect, type VgpuOptions } from './vgpu';

export type AccessPath = 'guest-trap' | 'host-hook';
export type AccessOutcome = 'emulated' | 'passthrough' | 'untracked';

export interface MmioAccess {
  vgpu: string;
  path: AccessPath;
  op: 'read' | 'write';
  offset: number;
  register: string | null;
  outcome: AccessOutcome;
  handler: string | null;
  /** Read: the value returned. Write: the value the register holds afterwards. */
  value: bigint;
  /** The physical register was read or written. */
  touchedHardware: boolean;
  /** Started while another access was being emulated (nested emulation). */
  nested: boolean;
  effects: EmulationEffect[];
  refusedFields: string[];
}

export interface FanoutRecord {
  flow: number;
  event: GpuEvent;
  vgpu: string;
  outcome: PropagateOutcome;
}

export interface VgpuFanout {
  vgpu: string;
  delivered: number;
  masked: number;
  coalesced: number;
  pending: CheckPendingResult;
  /** check_pending_irq ended in an injection that would be sent (MSI, or a host virq). */
  needsInjection: boolean;
  decision: InjectDecision | null;
}

export interface FanoutResult {
  events: PendingEvent[];
  records: FanoutRecord[];
  perVgpu: VgpuFanout[];
}

export class Mediator {
  readonly vgpus: Vgpu[] = [];
  readonly stats = { guestTraps: 0, hostHooks: 0, emulated: 0, passthrough: 0, untracked: 0, nested: 0, pirqs: 0 };
  /** The last nested access: which register was being emulated and which one was accessed inside it. */
  lastNested: { outer: string; inner: string } | null = null;
  private depth = 0;
  private outer: string[] = [];

  constructor(readonly gpu: Gen8Gpu, readonly trapTable: MmioTrapTable = defaultTrapTable()) {}

  /** True while an access is being emulated (an access starting now would be nested). */
  get emulating(): boolean {
    return this.depth > 0;
  }

  addVgpu(opts: VgpuOptions): Vgpu {
    if (this.vgpus.some((v) => v.opts.id === opts.id)) throw new Error(`vGPU id ${opts.id} already used`);
    const v = new Vgpu(opts);
    this.vgpus.push(v);
    return v;
  }

  vgpu(name: string): Vgpu {
    const v = this.vgpus.find((x) => x.name === name);
    if (!v) throw new Error(`no vGPU for ${name}`);
    return v;
  }

  read(v: Vgpu, offset: number): MmioAccess {
    return this.access(v, 'read', offset, 0n);
  }

  write(v: Vgpu, offset: number, value: bigint): MmioAccess {
    return this.access(v, 'write', offset, value);
  }

  /** One MMIO access by the VM (trapped) or the host driver (redirected by the mediator's hooks). */
  access(v: Vgpu, op: 'read' | 'write', offset: number, value: bigint): MmioAccess {
    const path: AccessPath = v.isHost ? 'host-hook' : 'guest-trap';
    if (v.isHost) this.stats.hostHooks++;
    else this.stats.guestTraps++;
    const nested = this.depth > 0;
    // Each result is one literal, keys in this order (vgpu, path, op, offset, nested, refusedFields, register, …): a
    // spread of a shared base, a key overridden, made V8 build every result property by property.
    const vgpu = v.name;
    const entry = this.trapTable.lookup(offset);
    if (nested) {
      this.stats.nested++;
      this.lastNested = { outer: this.outer[this.outer.length - 1]!, inner: `${v.name}:${entry?.register ?? hex(offset)}` };
    }
    const pvIndex = entry?.file === 'pvinfo' || inPvInfoPage(offset) ? v.pvInfoIndex(offset) : -1;
    if (!entry || (entry.file === 'pvinfo' && pvIndex < 0)) {
      this.stats.untracked++;
      return { vgpu, path, op, offset, nested, refusedFields: [], register: entry?.register ?? null, outcome: 'untracked', handler: null, value: 0n, touchedHardware: false, effects: [] };
    }
    if (entry.mode === 'passthrough') {
      this.stats.passthrough++;
      const hw = this.gpu.regs;
      const i = hw.index(entry.register);
      let out = 0n;
      let refused: string[] = [];
      if (op === 'read') out = hw.read(i);
      else {
        const w = hw.write(i, value);
        out = w.value;
        refused = w.refusedFields;
      }
      return { vgpu, path, op, offset, nested, refusedFields: refused, register: entry.register, outcome: 'passthrough', handler: entry.handler, value: out, touchedHardware: true, effects: [] };
    }
    this.stats.emulated++;
    const file = entry.file === 'pvinfo' ? v.pvinfo! : v.regs;
    const i = entry.file === 'pvinfo' ? pvIndex : file.index(entry.register);
    this.depth++;
    this.outer.push(`${v.name}:${entry.register}`);
    try {
      const { value: res, effects } = v.collect(() => {
        if (op === 'read') return { v: file.read(i), refused: [] as string[] };
        const w = file.write(i, value);
        return { v: file.raw(i), refused: w.refusedFields };
      });
      return { vgpu, path, op, offset, nested, refusedFields: res.refused, register: entry.register, outcome: 'emulated', handler: entry.handler, value: res.v, touchedHardware: false, effects };
    } finally {
      this.depth--;
      this.outer.pop();
    }
  }

  /**
   * Physical → virtual fan-out of the events the pirq handler read: per vGPU and event, propagate_event; then per
   * vGPU check_pending_irq. `targets` restricts the vGPUs considered (default: all, the host's view included).
   */
  fanOut(events: PendingEvent[], targets: readonly Vgpu[] = this.vgpus): FanoutResult {
    const records: FanoutRecord[] = [];
    const perVgpu: VgpuFanout[] = [];
    for (const v of targets) {
      const acc: VgpuFanout = { vgpu: v.name, delivered: 0, masked: 0, coalesced: 0, pending: { kind: 'idle' }, needsInjection: false, decision: null };
      for (const e of events) {
        const outcome = propagateEvent(v, e.event, e.flows);
        const flows = e.flows.length ? e.flows : [0];
        flows.forEach((flow, n) => {
          // Later flows of one physical IIR bit ride on the first: masked with it, or coalesced into it.
          const o: PropagateOutcome = n === 0 || outcome !== 'delivered' ? outcome : 'coalesced';
          records.push({ flow, event: e.event, vgpu: v.name, outcome: o });
          acc[o]++;
        });
      }
      acc.pending = checkPendingIrq(v);
      if (acc.pending.kind === 'inject') {
        acc.decision = acc.pending.decision;
        acc.needsInjection = acc.pending.decision.injected;
      }
      perVgpu.push(acc);
    }
    return { events, records, perVgpu };
  }

  /** The mediator's physical interrupt handler: acknowledge the physical GPU, then fan the events out. */
  pirqHandler(targets?: readonly Vgpu[]): FanoutResult {
    this.stats.pirqs++;
    return this.fanOut(this.gpu.acknowledge(), targets);
  }

  /** A virtual event for one vGPU (vblank timer, workload completion): trigger_virtual_event, with its effects. */
  trigger(v: Vgpu, event: GpuEvent, flows: FlowGroup = []): { outcome: PropagateOutcome; pending: CheckPendingResult; effects: EmulationEffect[] } {
    const { value, effects } = v.collect(() => triggerVirtualEvent(v, event, flows));
    return { ...value, effects };
  }

  /**
   * The vGPU's workload on `engine` completed on the hardware: GVT raises the workload's MI_USER_INTERRUPT and the
   * context-switch (active-to-idle) event for the owning vGPU only.
   */
  completeWorkload(v: Vgpu, engine: Engine, flows: FlowGroup = []): { user: PropagateOutcome; ctxSwitch: PropagateOutcome; effects: EmulationEffect[] } {
    const ev = ENGINE_EVENTS[engine];
    v.busyEngines.delete(engine);
    const { value, effects } = v.collect(() => ({
      user: triggerVirtualEvent(v, ev.user, flows).outcome,
      ctxSwitch: triggerVirtualEvent(v, ev.ctxSwitch).outcome,
    }));
    return { ...value, effects };
  }

  /**
   * Physical masks as the union of what the vGPUs want (seed 000: "host may have MI_USER_INTERRUPT disabled, while
   * a VM may have it enabled"): a physical IMR bit is clear if any vIMR bit is clear, IER is the OR of the vIERs,
   * and the master is enabled.
   */
  syncPhysicalMasks(): void {
    const hw = this.gpu.regs;
    for (const g of IRQ_GROUPS) {
      const info = IRQ_GROUP_INFO[g];
      let imr = IMR_ALL_MASKED;
      let ier = 0n;
      for (const v of this.vgpus) {
        imr &= v.regs.raw(v.groupIdx[g].imr);
        ier |= v.regs.raw(v.groupIdx[g].ier);
      }
      hw.write(hw.index(info.imr), imr);
      hw.write(hw.index(info.ier), ier);
    }
    hw.write(hw.index('GEN8_MASTER_IRQ'), MASTER_IRQ_CONTROL.of(1));
  }
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}
