// The GPU mediator on an x86 KVM host: what turns the mediator core (mediator.ts, interrupt.ts) into hops on CPUs.
// This file wires the parts, one job each, and holds the state they share (per-vGPU counts, guest bindings).
// - The physical GPU's MSI (hw/gpu/gpuMsi.ts) goes to a host vector whose handler is the mediator's pirq handler
//   (seed 000, the `pirqHandler` in-port): read the physical pending events, then per vGPU (its fan-out port, one
//   edge per vGPU) propagate them through its vIMR/vIER, then kick each vGPU that has a virtual interrupt to inject.
//   Render events go to the vGPU whose request completed (XenGT forwarded ring events to their render owner); events
//   no request owns go to every vGPU. (pirqFanout.ts, flowOutcomes.ts)
// - Guest injection: the vGPU's msi_trigger out-port → its VM's eventfd → KVM irqfd (the MSI route is the vGPU's
//   virtual MSI) → vLAPIC. (injectSteps below; the connection is VFIO_DEVICE_SET_IRQS, made by the builder)
// - Host injection: one strategy chosen at build (seed 000): tasklet (softirq after hard-irq exit), hardirq-tail
//   (the host i915 handler called directly: at the end of the pirq handler, and inside register emulation when an
//   emulated write raises a virtual interrupt, whose register accesses are then emulated again: nested emulation,
//   logged as `gvt.emulation.nested` and counted), or self-ipi (a second vector, raised by a self IPI). The host
//   vGPU's `virq` out-port is connected to the strategy's kick here. (hostInjection.ts, nestedEmulation.ts)
// - MMIO paths: a guest's access is a VM exit (EPT_MISCONFIG, GVT's MMIO region) and an emulation; the host
//   driver's goes through the mediator's hooks (no exit). Effects of an access (an injection, a submission, the
//   vblank timer switching) become the steps that follow it. (mmioPaths.ts, emulationEffects.ts)
// - The physical engines run submitted requests in order; each completion is a new flow owned by the submitter.
//   (physicalGpu.ts)
// - Virtual vblank: one timer per vGPU at its refresh while its pipe A is enabled, stopping with the sources. (vblankTimers.ts)
//   Each expiry is also a display event on the vGPU's `vblank` out-port (connected when the display IRQ carries them).
// - Display IRQ (seed 001): per vGPU with display events, the strategy of `displayIrq` and the VMM's consumer
//   (displayIrq/, displayConsumer.ts; connected in scenario/wire/gpuDevice.ts). Hop kinds and the step builder: hops.ts.
// - The i915 driver of each vGPU: guest/i915Driver.ts, run by driverRunner.ts.
// - The vGPU scheduler (gvt.scheduler tbs: vgpuScheduler.ts) decides which vGPU an idle engine serves; without it
//   requests run in submission order. Render loops (host/renderLoop.ts) are told when their frame is done
//   (physicalGpu.ts) and when their driver's handler ran (driverRunner.ts; the host's: afterHandler below).
// Not modelled: the workload's command scan beyond
// its cost, the CPU time of GVT's own dispatch thread, the host i915's per-event work beyond one handler cost.
import type { CostModel } from '../core/costModel';
import type { Simulator } from '../core/simulator';
import type { IrqHandler, PCpu } from '../host/pcpu';
import type { InPort } from '../core/wires';
import type { Step } from '../host/step';
import type { Lapic } from '../hw/x86/lapic';
import type { FlowGroup } from '../core/flows';
import { EmulationEffects } from './emulationEffects';
import type { GuestBinding } from './guestBinding';
import { FlowOutcomes, zeroCounts, type FanoutCounts } from './flowOutcomes';
import { GvtHops } from './hops';
import { createHostInjection, type HostInjection, type HostInjectionKind } from './hostInjection';
import type { IrqHandlerHooks, MmioPath } from './i915Irq';
import type { InjectDecision } from './interrupt';
import type { Mediator } from './mediator';
import { MmioPaths } from './mmioPaths';
import { PhysicalGpu } from './physicalGpu';
import { PirqFanout } from './pirqFanout';
import { VblankEmulation } from './vblank';
import { VblankTimers } from './vblankTimers';
import type { RenderLoop } from '../host/renderLoop';
import { silentStep } from '../host/step';
import { TbsScheduler, type SchedulerFigures } from './vgpuScheduler';
import type { EmulationEffect, Vgpu } from './vgpu';

export type { FanoutCounts } from './flowOutcomes';
export type { HostInjectionKind } from './hostInjection';

export type { GuestBinding } from './guestBinding';

/** The wiring: shared state per vGPU, and each job's part (see the files imported above) connected to the others. */
export class GvtHost {
  /** Per vGPU: physical-event flows through the fan-out (each flow is one physical event for one VM). */
  readonly fanout = new Map<string, FanoutCounts>();
  /** Per vGPU: virtual vblank (and flip-done) flows. */
  readonly vblanks = new Map<string, FanoutCounts>();
  readonly guests = new Map<Vgpu, GuestBinding>();
  readonly vblank = new Map<Vgpu, VblankEmulation>();
  /** The mediator's hop kinds and step builder. */
  readonly hops: GvtHops;
  private readonly outcomes: FlowOutcomes;
  private readonly gpu: PhysicalGpu;
  private readonly pirq: PirqFanout;
  private readonly paths: MmioPaths;
  private readonly effects: EmulationEffects;
  private readonly timers: VblankTimers;
  private readonly injection: HostInjection;
  /** Render loops by vGPU (gvt.vgpus[i].renderLoop). */
  readonly loops = new Map<Vgpu, RenderLoop>();
  private scheduler: TbsScheduler | null = null;

  constructor(
    sim: Simulator,
    costs: CostModel,
    readonly mediator: Mediator,
    readonly gpuId: string,
    /** The CPU the GPU's MSI targets: the pirq handler, the host i915, GVT's threads. */
    readonly cpu: PCpu,
    readonly hostInjection: HostInjectionKind,
    hostLapic: Lapic,
    selfIpiVector: number,
  ) {
    this.hops = new GvtHops(sim, costs, gpuId, cpu);
    for (const v of mediator.vgpus) {
      this.fanout.set(v.name, zeroCounts());
      this.vblank.set(v, new VblankEmulation(v, {}));
    }
    const effectSteps = (effects: EmulationEffect[], on: PCpu): Step[] => this.effects.steps(effects, on);
    this.outcomes = new FlowOutcomes(this.hops);
    this.gpu = new PhysicalGpu(this.hops, mediator);
    this.pirq = new PirqFanout(this.hops, mediator, this.gpu, this.outcomes, this.fanout, (v, d, on) => this.injectSteps(v, d, on));
    this.paths = new MmioPaths(this.hops, mediator, this.guests, effectSteps);
    this.timers = new VblankTimers(this.hops, this.vblank, this.outcomes, this.vblanks, effectSteps);
    this.effects = new EmulationEffects(this.hops, mediator, {
      inject: (v, d, on) => this.injectSteps(v, d, on),
      takeNested: (e) => this.injection.takeNested(e),
      enqueue: (v, engine) => this.gpu.enqueue(v, engine),
      startVblank: (v) => this.timers.start(v),
    });
    this.injection = createHostInjection(hostInjection, {
      hops: this.hops, mediator, hostLapic, selfIpiVector,
      host: () => this.host,
      hostPath: (on, v) => this.paths.hostPath(on, v),
      hooks: () => this.outcomes.hooks(),
      effectSteps,
      afterHandler: (on) => {
        const host = this.host;
        const loop = host ? this.loops.get(host) : undefined;
        return loop ? [silentStep(on.where, { then: () => loop.handled() })] : [];
      },
    });
    // The host view's virtual interrupt goes to the strategy.
    const host = this.host;
    if (host) sim.wires.connect(host.hostIrq, this.injection.kick);
  }

  /** request_irq on the GPU's host vector: the mediator's pirq handler. */
  get pirqHandler(): InPort<IrqHandler> {
    return this.pirq.handler;
  }

  get host(): Vgpu | null {
    return this.mediator.vgpus.find((v) => v.isHost) ?? null;
  }

  /** Times the host i915 handler ran inside another access's emulation (hardirq-tail only). */
  get nestedEmulations(): number {
    return this.injection.nestedEmulations;
  }

  /** `v`'s requests are the frames of `loop`. */
  addRenderLoop(v: Vgpu, loop: RenderLoop): void {
    this.loops.set(v, loop);
    this.gpu.addLoop(v, loop);
  }

  /** gvt.scheduler policy tbs: the time-based vGPU scheduler decides which vGPU the engines serve. */
  useTbsScheduler(timeSliceNs: number, weights: readonly number[], hostRenders: boolean): void {
    this.scheduler = new TbsScheduler(this.hops, this.gpu, this.mediator.vgpus, timeSliceNs, weights, hostRenders);
    this.gpu.useScheduler(this.scheduler);
  }

  get schedulerFigures(): SchedulerFigures | null {
    return this.scheduler?.stats ?? null;
  }

  setRefresh(v: Vgpu, hz: number): void {
    this.vblank.get(v)!.setRefreshHz(hz);
  }

  /** The kick-off for one injection decision, run on `cpu` in the context that made it. */
  injectSteps(v: Vgpu, d: InjectDecision, cpu: PCpu): Step[] {
    const flow = d.flows[0] ?? 0;
    if (!d.injected) return [this.hops.step('gvt.inject.blocked', null, flow, `${v.name}: ${d.message}`, { where: cpu.where, vm: v.name })];
    if (d.via === 'host') return v.hostIrq.send(d.flows, cpu);
    const g = this.guests.get(v);
    if (!g || !v.msiTrigger.connected) return [this.hops.step('gvt.inject.noTrigger', null, flow, `${v.name}: no msi_trigger eventfd set`, { where: cpu.where, vm: v.name })];
    // eventfd_signal(vgpu->msi_trigger): KVM's irqfd hangs on its wait queue and injects inline (facts A.3, B.5).
    return v.msiTrigger.send(cpu.where, d.flows, `${g.trigger.name} += 1 (msi_trigger)`);
  }

  // The parts' entry points, for the drivers (driverRunner.ts).

  /** Deliver and complete flows as a driver's handler reads and clears its IIRs. */
  hooks(): IrqHandlerHooks { return this.outcomes.hooks(); }
  /** What a guest handler services when it starts: the flows on its enabled vIIR bits. */
  pendingFlows(v: Vgpu): FlowGroup { return this.outcomes.pendingFlows(v); }
  /** The cost of a guest's access already made (a probe's reads): trapped. */
  guestCharge(v: Vgpu, detail: string): Step[] { return this.paths.guestCharge(v, detail); }
  /** The cost of the host driver's access already made: hooked. */
  hostCharge(v: Vgpu, detail: string, cpu: PCpu): Step[] { return this.paths.hostCharge(v, detail, cpu); }
  /** The host driver's path: the mediator's hooks redirect each access (no trap on KVM's host). */
  hostPath(cpu: PCpu, v: Vgpu): MmioPath { return this.paths.hostPath(cpu, v); }
  /** A guest's path: the access traps, is emulated, and KVM re-enters (see MmioPaths.guestPath). */
  guestPath(v: Vgpu, inHandler: boolean): MmioPath { return this.paths.guestPath(v, inHandler); }
}
