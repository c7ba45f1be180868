// The GPU mediator on an x86 KVM host: what turns the mediator core (mediator.ts, interrupt.ts) into hops on CPUs.
// - The physical GPU's MSI goes to a host vector whose handler is the mediator's pirq handler (seed 000): read the
//   physical pending events, then per vGPU propagate them through its vIMR/vIER, then kick each vGPU that has a
//   virtual interrupt to inject. Render events go to the vGPU whose request completed (XenGT forwarded ring events
//   to their render owner); events no request owns go to every vGPU.
// - Guest injection: the vGPU's msi_trigger eventfd → KVM irqfd (the MSI route is the vGPU's virtual MSI) → vLAPIC.
// - Host injection: one strategy chosen at build (seed 000): tasklet (softirq after hard-irq exit), hardirq-tail
//   (the host i915 handler called directly: at the end of the pirq handler, and inside register emulation when an
//   emulated write raises a virtual interrupt, whose register accesses are then emulated again: nested emulation,
//   logged as `gvt.emulation.nested` and counted), or self-ipi (a second vector, raised by a self IPI).
// - MMIO paths: a guest's access is a VM exit (EPT_MISCONFIG, GVT's MMIO region) and an emulation; the host
//   driver's goes through the mediator's hooks (no exit). Effects of an access (an injection, a submission, the
//   vblank timer switching) become the steps that follow it.
// - The physical engines run submitted requests in order; each completion is a new flow owned by the submitter.
// - Virtual vblank: one timer per vGPU at its refresh while its pipe A is enabled, stopping with the sources.
// - Display IRQ (seed 001): per vGPU with display events, the strategy of `displayIrq` and the VMM's consumer.
// Not modelled: GVT's scheduler time slices (requests run in submission order), the workload's command scan beyond
// its cost, the CPU time of GVT's own dispatch thread, the host i915's per-event work beyond one handler cost.
import type { CostModel } from '../core/costModel';
import type { Simulator } from '../core/simulator';
import type { CostName } from '../costs';
import type { Eventfd } from '../host/eventfd';
import type { Irqfd } from '../host/kvm/irqfd';
import type { Vcpu } from '../host/kvm/vcpu';
import type { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import type { PendingEvent } from '../hw/gpu/gen8Gpu';
import { ENGINE_EVENTS, type Engine, type GpuEvent } from '../hw/gpu/gen8Registers';
import { readMsiCap } from '../hw/gpu/gpuConfigSpace';
import type { MsiMessage } from '../hw/pci/configSpace';
import type { FlowGroup, Lapic } from '../hw/x86/lapic';
import { flowsOnBits, gen8IrqHandler, type IrqHandlerHooks, type MmioPath } from './i915Irq';
import type { InjectDecision, PropagateOutcome } from './interrupt';
import type { Mediator, MmioAccess } from './mediator';
import { VblankEmulation } from './vblank';
import type { EmulationEffect, Vgpu } from './vgpu';
import { IRQ_GROUPS } from '../hw/gpu/gen8Registers';

export type HostInjectionKind = 'tasklet' | 'hardirq-tail' | 'self-ipi';

export interface FanoutCounts { delivered: number; masked: number; coalesced: number }

/** A VM's side of the mediation: its vCPU (the guest i915 runs there), its msi_trigger eventfd and KVM irqfd. */
export interface GuestBinding {
  vcpu: Vcpu;
  trigger: Eventfd;
  irqfd: Irqfd;
}

const zero = (): FanoutCounts => ({ delivered: 0, masked: 0, coalesced: 0 });

export class GvtHost {
  /** Per vGPU: physical-event flows through the fan-out (each flow is one physical event for one VM). */
  readonly fanout = new Map<string, FanoutCounts>();
  /** Per vGPU: virtual vblank (and flip-done) flows. */
  readonly vblanks = new Map<string, FanoutCounts>();
  /** Times the host i915 handler ran inside another access's emulation (hardirq-tail only). */
  nestedEmulations = 0;
  readonly guests = new Map<Vgpu, GuestBinding>();
  readonly vblank = new Map<Vgpu, VblankEmulation>();
  /** Called when a physical completion or a virtual event touched a vGPU's display (flip queued etc.). */
  private readonly engineQueue = new Map<Engine, Vgpu[]>();
  private readonly engineBusy = new Set<Engine>();
  private readonly owners = new Map<GpuEvent, Set<Vgpu>>();
  private readonly coalescedFlows = new Set<number>();
  private readonly timerOn = new Set<Vgpu>();
  private readonly handledSync = new WeakSet<EmulationEffect>();
  private nestedCharge: Step[] = [];
  private inSyncHandler = false;
  private taskletScheduled = false;
  private readonly strategy: (flows: FlowGroup, cpu: PCpu) => Step[];
  private readonly k: Record<string, number>;
  private readonly gpuWhere: number;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly mediator: Mediator,
    readonly gpuId: string,
    /** The CPU the GPU's MSI targets: the pirq handler, the host i915, GVT's threads. */
    readonly cpu: PCpu,
    readonly hostInjection: HostInjectionKind,
    private readonly hostLapic: Lapic,
    private readonly selfIpiVector: number,
    private readonly deliverMsi: (msg: MsiMessage, flows: FlowGroup) => void,
  ) {
    const kinds = ['gvt.pirq.handler', 'gvt.irq.propagate', 'gvt.irq.masked', 'gvt.irq.coalesce', 'gvt.inject.blocked',
      'eventfd.signal', 'gvt.mmio.hostHook', 'gvt.mmio.emulate', 'gvt.elsp.submit', 'gvt.emulation.nested',
      'gvt.host.tasklet', 'gvt.host.tasklet.schedule', 'gvt.host.hardirqTail', 'gvt.host.selfIpi', 'host.i915.handler',
      'gpu.elsp.write', 'gpu.engine.run', 'gpu.engine.complete', 'gpu.irq.masked', 'gpu.iir.coalesce', 'gpu.msi.write',
      'gpu.msi.blocked', 'gvt.vblank.timer', 'gvt.pipeconf', 'gvt.g2v.notify', 'gvt.display.ready', 'gvt.inject.noTrigger'];
    this.k = Object.fromEntries(kinds.map((n) => [n, sim.sid(n)]));
    this.gpuWhere = sim.sid(gpuId);
    for (const v of mediator.vgpus) {
      this.fanout.set(v.name, zero());
      this.vblank.set(v, new VblankEmulation(v, {}));
    }
    mediator.gpu.onInterrupt = (flows) => this.physicalMsi(flows);
    this.strategy = this.makeStrategy(hostInjection);
  }

  get host(): Vgpu | null {
    return this.mediator.vgpus.find((v) => v.isHost) ?? null;
  }

  setRefresh(v: Vgpu, hz: number): void {
    this.vblank.get(v)!.setRefreshHz(hz);
  }

  // ---------------------------------------------------------------- physical side

  /** GVT dispatches a vGPU's request to the physical engine (in submission order). */
  enqueue(v: Vgpu, engine: Engine): void {
    const q = this.engineQueue.get(engine) ?? [];
    q.push(v);
    this.engineQueue.set(engine, q);
    if (!this.engineBusy.has(engine)) this.runNext(engine);
  }

  private runNext(engine: Engine): void {
    const v = this.engineQueue.get(engine)?.shift();
    if (!v) {
      this.engineBusy.delete(engine);
      return;
    }
    this.engineBusy.add(engine);
    const sim = this.sim;
    const vmId = sim.sid(v.name);
    const elsp = 4 * this.costs.ns('gpu.mmio.write');
    sim.hop(0, this.k['gpu.elsp.write']!, this.gpuWhere, vmId, sim.sid(`${engine}_ELSP ← ${v.name}'s shadow context (4 dwords)`), elsp);
    const run = this.costs.nsFor('gpu.engine.batch', v.name);
    sim.after(elsp, () => {
      sim.hop(0, this.k['gpu.engine.run']!, this.gpuWhere, vmId, sim.sid(`${engine} runs ${v.name}'s request`), run);
      sim.after(run, () => this.complete(v, engine));
    });
  }

  private complete(v: Vgpu, engine: Engine): void {
    const sim = this.sim;
    const vmId = sim.sid(v.name);
    const flow = sim.raiseFlow(sim.sid(`${this.gpuId}.${engine}`), vmId);
    const ev = ENGINE_EVENTS[engine];
    sim.hop(flow, this.k['gpu.engine.complete']!, this.gpuWhere, vmId, sim.sid(`${ev.user} + ${ev.ctxSwitch} (${v.name})`), 0);
    v.busyEngines.delete(engine);
    for (const e of [ev.user, ev.ctxSwitch]) {
      let s = this.owners.get(e);
      if (!s) this.owners.set(e, (s = new Set()));
      s.add(v);
    }
    const out = this.mediator.gpu.completeContext(engine, [flow]);
    if (out.user === 'masked') {
      sim.hop(flow, this.k['gpu.irq.masked']!, this.gpuWhere, vmId, sim.sid(`${ev.user} masked in the physical IMR: not latched`), 0);
      sim.flows.drop(flow);
    } else if (out.user === 'coalesced') {
      sim.hop(flow, this.k['gpu.iir.coalesce']!, this.gpuWhere, vmId, sim.sid(`${ev.user} already latched in the physical IIR: rides on it`), 0);
    }
    this.runNext(engine);
  }

  /** A rising edge of the GPU's interrupt output: its MSI write, as the physical config space says. */
  private physicalMsi(flows: FlowGroup): void {
    const sim = this.sim;
    const flow = flows[0] ?? 0;
    const vm = flow > 0 ? sim.flows.vmOf(flow) : sim.sid('host');
    const cap = readMsiCap(this.mediator.gpu.config);
    if ((cap.control & 1) === 0) {
      sim.hop(flow, this.k['gpu.msi.blocked']!, this.gpuWhere, vm, sim.sid('MSI disabled in the physical config space'), 0);
      return;
    }
    const msg: MsiMessage = { destId: (cap.address >>> 12) & 0xff, vector: cap.data & 0xff, level: false };
    const dur = this.costs.ns('gpu.msi.write');
    sim.hop(flow, this.k['gpu.msi.write']!, this.gpuWhere, vm, sim.sid(`0x${(cap.address >>> 0).toString(16)} ← 0x${msg.vector.toString(16)}`), dur);
    sim.after(dur, () => this.deliverMsi(msg, flows));
  }

  /** The mediator's physical interrupt handler (request_irq on the GPU's host vector). */
  pirqSteps(flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    let events: PendingEvent[] = [];
    let targets: Map<GpuEvent, Set<Vgpu>> = new Map();
    return [this.step('gvt.pirq.handler', 'gvt.pirq.handler', flow, 'read physical master and IIRs, clear them', {
      then: () => {
        this.mediator.stats.pirqs++;
        events = this.mediator.gpu.acknowledge();
        targets = new Map();
        for (const e of events) {
          const own = this.owners.get(e.event);
          if (own) {
            targets.set(e.event, own);
            this.owners.delete(e.event);
          }
        }
      },
      next: () => this.fanOutSteps(events, targets),
    })];
  }

  private fanOutSteps(events: PendingEvent[], owners: Map<GpuEvent, Set<Vgpu>>): Step[] {
    const sim = this.sim;
    const steps: Step[] = [];
    const decisions: { v: Vgpu; d: InjectDecision }[] = [];
    for (const v of this.mediator.vgpus) {
      const mine: PendingEvent[] = [];
      for (const e of events) {
        const own = owners.get(e.event);
        if (own && !own.has(v)) continue;
        mine.push({ event: e.event, flows: e.flows.filter((f) => sim.log.strings.str(sim.flows.vmOf(f)) === v.name) });
      }
      if (!mine.length) continue;
      const first = mine.find((e) => e.flows.length)?.flows[0] ?? 0;
      steps.push({
        kind: this.k['gvt.irq.propagate']!, where: this.cpu.where, vm: sim.sid(v.name), flow: first,
        dur: mine.length * this.costs.ns('gvt.irq.propagate'),
        detail: sim.sid(`${v.name}: ${mine.map((e) => e.event).join(', ')} through vIMR/vIER`),
        then: () => {
          const r = this.mediator.fanOut(mine, [v]);
          this.noteOutcomes(v, r.records, this.fanout);
          const pv = r.perVgpu[0]!;
          if (pv.decision) decisions.push({ v, d: pv.decision });
        },
      });
    }
    // "At the end of pirq handling, kick off an asynchronous event to either host i915 or guest i915" (seed 000).
    steps.push({ kind: 0, where: this.cpu.where, flow: 0, detail: 0, dur: 0, silent: true,
      next: () => decisions.flatMap(({ v, d }) => this.injectSteps(v, d, this.cpu)) });
    return steps;
  }

  /** Per flow outcome of a propagation: masked flows end here (dropped), coalesced ones are marked. */
  private noteOutcomes(v: Vgpu, records: { flow: number; event: GpuEvent; outcome: PropagateOutcome }[], into: Map<string, FanoutCounts>): void {
    const sim = this.sim;
    let c = into.get(v.name);
    if (!c) into.set(v.name, (c = zero()));
    const vmId = sim.sid(v.name);
    for (const r of records) {
      if (r.flow <= 0) continue;
      c[r.outcome]++;
      if (r.outcome === 'masked') {
        sim.hop(r.flow, this.k['gvt.irq.masked']!, this.cpu.where, vmId, sim.sid(`${r.event} masked in ${v.name}'s vIMR: not latched, no interrupt`), 0);
        sim.flows.drop(r.flow);
      } else if (r.outcome === 'coalesced') {
        this.coalescedFlows.add(r.flow);
        sim.hop(r.flow, this.k['gvt.irq.coalesce']!, this.cpu.where, vmId, sim.sid(`${r.event} already set in ${v.name}'s vIIR: serviced with it`), 0);
      }
    }
  }

  // ---------------------------------------------------------------- injection

  /** The kick-off for one injection decision, run on `cpu` in the context that made it. */
  injectSteps(v: Vgpu, d: InjectDecision, cpu: PCpu): Step[] {
    const flow = d.flows[0] ?? 0;
    if (!d.injected) return [this.step('gvt.inject.blocked', null, flow, `${v.name}: ${d.message}`, { where: cpu.where, vm: v.name })];
    if (d.via === 'host') return this.strategy(d.flows, cpu);
    const g = this.guests.get(v);
    if (!g || !d.trigger) return [this.step('gvt.inject.noTrigger', null, flow, `${v.name}: no msi_trigger eventfd set`, { where: cpu.where, vm: v.name })];
    // eventfd_signal(vgpu->msi_trigger): KVM's irqfd hangs on its wait queue and injects inline (facts A.3, B.5).
    return d.trigger.signalSteps(this.sim, this.costs, cpu.where, d.flows, `${d.trigger.name} += 1 (msi_trigger)`);
  }

  private makeStrategy(kind: HostInjectionKind): (flows: FlowGroup, cpu: PCpu) => Step[] {
    switch (kind) {
      case 'tasklet':
        return (flows, cpu) => [this.step('gvt.host.tasklet.schedule', null, flows[0] ?? 0, 'tasklet_schedule(host i915 irq tasklet)', {
          where: cpu.where, vm: 'host',
          then: () => {
            if (this.taskletScheduled) return; // TASKLET_STATE_SCHED: one run reads every pending vIIR
            this.taskletScheduled = true;
            this.cpu.raiseSoftirq(() => {
              this.taskletScheduled = false;
              return [this.step('gvt.host.tasklet', 'gvt.host.tasklet', flows[0] ?? 0, 'tasklet_action → host i915 irq handler', { vm: 'host', level: 'softirq' }),
                ...this.hostHandlerSteps(this.cpu)];
            });
          },
        })];
      case 'hardirq-tail': {
        const host = this.host;
        // Synchronous also inside emulation: an emulated write that raises the host's virtual interrupt runs the
        // handler right there, and its register accesses are emulated again (nested).
        if (host) host.onEmit = (e) => this.maybeRunNested(e);
        return (flows, cpu) => [this.step('gvt.host.hardirqTail', 'gvt.host.hardirqTail', flows[0] ?? 0, 'call the host i915 irq handler directly', {
          where: cpu.where, vm: 'host', next: () => this.hostHandlerSteps(cpu),
        })];
      }
      case 'self-ipi':
        this.cpu.requestVector(this.selfIpiVector, 'i915 (faked irq2)', () => this.hostHandlerSteps(this.cpu), false);
        return (flows, cpu) => [this.step('gvt.host.selfIpi', 'gvt.host.selfIpi', flows[0] ?? 0, `self IPI → vector 0x${this.selfIpiVector.toString(16)}`, {
          where: cpu.where, vm: 'host',
          then: () => {
            this.hostLapic.accept(this.selfIpiVector, false, flows.slice());
            this.cpu.poke();
          },
        })];
    }
  }

  /** The host i915 handler, its accesses through the mediator's hooks, then its body. */
  hostHandlerSteps(cpu: PCpu): Step[] {
    const host = this.host;
    if (!host) return [];
    return [...gen8IrqHandler(this.hostPath(cpu, host), host, this.hooks()),
      this.step('host.i915.handler', 'host.driver.handler', 0, 'host i915: process the events it read', { where: cpu.where, vm: 'host', scope: this.gpuId })];
  }

  /** Deliver and complete flows as a driver's handler reads and clears its IIRs. */
  hooks(): IrqHandlerHooks {
    const sim = this.sim;
    return {
      serviced: (flows) => { for (const f of flows) sim.flows.deliver(f, sim.now, this.coalescedFlows.has(f)); },
      cleared: (flows) => { for (const f of flows) { sim.flows.deliver(f, sim.now, this.coalescedFlows.has(f)); sim.flows.complete(f, sim.now); this.coalescedFlows.delete(f); } },
    };
  }

  /** What a guest handler services when it starts: the flows on its enabled vIIR bits. */
  pendingFlows(v: Vgpu): FlowGroup {
    const out: FlowGroup = [];
    for (const g of IRQ_GROUPS) {
      const x = v.groupIdx[g];
      const bits = v.regs.raw(x.iir) & v.regs.raw(x.ier);
      if (bits !== 0n) out.push(...flowsOnBits(v, g, bits));
    }
    return out;
  }

  private maybeRunNested(e: EmulationEffect): void {
    const host = this.host;
    if (!host || e.kind !== 'inject' || !e.decision.injected || !this.mediator.emulating || this.inSyncHandler) return;
    this.handledSync.add(e);
    this.nestedEmulations++;
    const done: MmioAccess[] = [];
    const later: EmulationEffect[] = [];
    const sync: MmioPath = {
      access: (op, offset, value, after, before) => {
        before?.();
        const a = this.mediator.access(host, op, offset, value);
        done.push(a);
        later.push(...a.effects);
        return after(a);
      },
    };
    this.inSyncHandler = true;
    try {
      gen8IrqHandler(sync, host, this.hooks());
    } finally {
      this.inSyncHandler = false;
    }
    const inside = this.mediator.lastNested?.outer ?? 'an emulated access';
    const per = this.costs.ns('gvt.mmio.hostHook') + this.costs.ns('gvt.mmio.emulate');
    this.nestedCharge.push(
      this.step('gvt.host.hardirqTail', 'gvt.host.hardirqTail', 0, `host i915 irq handler called inside the emulation of ${inside}`, { vm: 'host' }),
      ...done.map((a): Step => ({
        kind: this.k['gvt.emulation.nested']!, where: this.cpu.where, vm: this.sim.sid('host'), flow: 0, dur: per,
        detail: this.sim.sid(`${a.op} ${a.register ?? `0x${a.offset.toString(16)}`} emulated inside ${inside}`),
      })),
      this.step('host.i915.handler', 'host.driver.handler', 0, 'host i915: process the events it read (inside emulation)', { vm: 'host', scope: this.gpuId }),
    );
    // Effects of the nested accesses (e.g. its master-on re-checking pending bits) follow the charge.
    const rest = later.filter((x) => x.kind !== 'check-pending');
    if (rest.length) this.nestedCharge.push({ kind: 0, where: this.cpu.where, flow: 0, detail: 0, dur: 0, silent: true, next: () => this.effectSteps(rest, this.cpu) });
  }

  // ---------------------------------------------------------------- MMIO paths

  /** The cost of one access already made (a probe's reads): trapped for a guest, hooked for the host. */
  chargeAccess(v: Vgpu, detail: string, cpu: PCpu): Step[] {
    const g = this.guests.get(v);
    if (g) {
      return [...g.vcpu.exitSteps('EPT_MISCONFIG', 0),
        this.step('gvt.mmio.emulate', 'gvt.mmio.emulate', 0, detail, { where: g.vcpu.where, vm: v.name }),
        ...g.vcpu.reentrySteps()];
    }
    return [this.step('gvt.mmio.hostHook', 'gvt.mmio.hostHook', 0, detail, { where: cpu.where, vm: v.name }),
      this.step('gvt.mmio.emulate', 'gvt.mmio.emulate', 0, detail, { where: cpu.where, vm: v.name })];
  }

  /** The host driver's path: the mediator's hooks redirect each access (no trap on KVM's host). */
  hostPath(cpu: PCpu, v: Vgpu): MmioPath {
    return {
      access: (op, offset, value, after, before) => {
        let a: MmioAccess | null = null;
        const entry = this.mediator.trapTable.lookup(offset);
        const name = entry?.register ?? `0x${offset.toString(16)}`;
        const emu: CostName = entry?.mode === 'passthrough' ? (op === 'read' ? 'gpu.mmio.read' : 'gpu.mmio.write') : 'gvt.mmio.emulate';
        return [
          this.step('gvt.mmio.hostHook', 'gvt.mmio.hostHook', 0, `${v.name} ${op} ${name}`, { where: cpu.where, vm: v.name }),
          this.step(entry?.mode === 'passthrough' ? 'gvt.mmio.hostHook' : 'gvt.mmio.emulate', emu, 0, `${op} ${name}${op === 'write' ? ` ← 0x${value.toString(16)}` : ''}`, {
            where: cpu.where, vm: v.name,
            then: () => { before?.(); a = this.mediator.access(v, op, offset, value); },
            next: () => [...this.effectSteps(a!.effects, cpu), ...after(a!)],
          }),
        ];
      },
    };
  }

  /**
   * A guest's path: the access traps (EPT misconfiguration on GVT's MMIO range), is emulated, and KVM re-enters.
   * Inside the guest's interrupt handler (interrupts off in the guest) KVM re-enters without injecting; from process
   * context (boot, submissions) the entry injects what is pending and the guest takes it before going on.
   */
  guestPath(v: Vgpu, inHandler: boolean): MmioPath {
    const g = this.guests.get(v)!;
    const vcpu = g.vcpu;
    return {
      access: (op, offset, value, after, before) => {
        let a: MmioAccess | null = null;
        const name = this.mediator.trapTable.lookup(offset)?.register ?? `0x${offset.toString(16)}`;
        const resume = (): Step[] => {
          if (inHandler) return [...vcpu.reentrySteps(), ...after(a!)];
          return [...(vcpu.entrySteps() ?? vcpu.reentrySteps()), { kind: 0, where: vcpu.where, flow: 0, detail: 0, dur: 0, silent: true,
            then: () => vcpu.queueGuestWork(() => after(a!), true) }];
        };
        return [
          ...vcpu.exitSteps('EPT_MISCONFIG', 0),
          this.step('gvt.mmio.emulate', 'gvt.mmio.emulate', 0, `${op} ${name}${op === 'write' ? ` ← 0x${value.toString(16)}` : ''}`, {
            where: vcpu.where, vm: v.name,
            then: () => { before?.(); a = this.mediator.access(v, op, offset, value); },
            next: () => [...this.effectSteps(a!.effects, vcpu.pcpu), ...resume()],
          }),
        ];
      },
    };
  }

  // ---------------------------------------------------------------- effects

  /** The steps that follow an emulated access (or a virtual event) for what it emitted. */
  effectSteps(effects: EmulationEffect[], cpu: PCpu): Step[] {
    const out: Step[] = [];
    for (const e of effects) {
      switch (e.kind) {
        case 'inject': {
          const v = this.mediator.vgpu(e.vgpu);
          if (this.handledSync.has(e)) {
            out.push(...this.nestedCharge);
            this.nestedCharge = [];
          } else out.push(...this.injectSteps(v, e.decision, cpu));
          break;
        }
        case 'submit': {
          const v = this.mediator.vgpu(e.vgpu);
          out.push(this.step('gvt.elsp.submit', 'gvt.elsp.submit', 0, `${e.engine}: workload from ${e.vgpu} (context 0x${e.element0.toString(16)})`, {
            where: cpu.where, vm: e.vgpu, then: () => this.enqueue(v, e.engine),
          }));
          break;
        }
        case 'vblank-timer': {
          const v = this.mediator.vgpu(e.vgpu);
          out.push(this.step('gvt.pipeconf', null, 0, `${e.vgpu} pipe ${e.pipe} ${e.on ? 'enabled: vblank timer on' : 'disabled: vblank timer off'}`, { where: cpu.where, vm: e.vgpu }));
          if (e.on) this.startVblank(v);
          break;
        }
        case 'g2v-notify':
          out.push(this.step('gvt.g2v.notify', null, 0, `${e.vgpu}: ${e.name}`, { where: cpu.where, vm: e.vgpu }));
          break;
        case 'display-ready':
          out.push(this.step('gvt.display.ready', null, 0, `${e.vgpu}: display_ready = ${e.value}`, { where: cpu.where, vm: e.vgpu }));
          break;
        case 'check-pending':
          break;
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- virtual vblank

  /** Extra work on each vblank of a vGPU (the display IRQ's vblank events). */
  onVblank: ((v: Vgpu, flow: number) => void) | null = null;

  private startVblank(v: Vgpu): void {
    if (this.timerOn.has(v)) return;
    this.timerOn.add(v);
    const vb = this.vblank.get(v)!;
    const tick = () => {
      const sim = this.sim;
      if (sim.now >= sim.sourcesUntil || !vb.running) {
        this.timerOn.delete(v);
        return;
      }
      const vmId = sim.sid(v.name);
      const flow = sim.raiseFlow(sim.sid(`${v.name}.vblank`), vmId);
      this.onVblank?.(v, flow);
      // The hrtimer asks GVT's service thread to run emulate_vblank.
      this.cpu.wakeThread(() => {
        let effects: EmulationEffect[] = [];
        return [this.step('gvt.vblank.timer', 'gvt.vblank.timer', flow, `${v.name}: emulate_vblank (${(1e9 / vb.periodNs).toFixed(1)} Hz)`, {
          vm: v.name,
          then: () => {
            const r = vb.fire([flow]);
            effects = r.effects;
            // One flow per expiry: delivered if any of its events latched, else coalesced, else masked.
            const o = r.fired.map((f) => f.outcome);
            const outcome: PropagateOutcome = o.includes('delivered') ? 'delivered' : o.includes('coalesced') ? 'coalesced' : 'masked';
            const event = r.fired.find((f) => f.outcome === outcome)?.event ?? 'PIPE_A_VBLANK';
            this.noteOutcomes(v, [{ flow, event, outcome }], this.vblanks);
          },
          next: () => this.effectSteps(effects, this.cpu),
        })];
      });
      sim.after(vb.periodNs, tick);
    };
    this.sim.after(vb.periodNs, tick);
  }

  // ---------------------------------------------------------------- helpers

  private step(kind: string, cost: CostName | null, flow: number, detail: string,
    o: { where?: number; vm?: string; level?: Step['level']; scope?: string; start?: () => void; then?: () => void; next?: () => Step[] } = {}): Step {
    const dur = cost === null ? 0 : o.scope ? this.costs.nsFor(cost, o.scope) : this.costs.ns(cost);
    return {
      kind: this.k[kind] ?? this.sim.sid(kind), where: o.where ?? this.cpu.where, detail: this.sim.sid(detail), flow, dur,
      ...(o.vm !== undefined ? { vm: this.sim.sid(o.vm) } : {}),
      ...(o.level ? { level: o.level } : {}),
      ...(o.start ? { start: o.start } : {}),
      ...(o.then ? { then: o.then } : {}),
      ...(o.next ? { next: o.next } : {}),
    };
  }
}
