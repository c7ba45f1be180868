// The mediator's pirq handler: read and clear the physical events, propagate them per vGPU, then kick off injections.
// On the wiring it is the handler requested on the GPU's host vector ("host/gpu0/gvt-pirq"); its fan-out port leads
// to every vGPU ("host/gvt/vgpuN"), in vGPU order: each takes the events it gets through its vIMR/vIER.
import type { FlowGroup } from '../core/flows';
import { fanOutPort, inPort, type InPort, type OutPort } from '../core/wires';
import { PCpu, type IrqHandler } from '../host/pcpu';
import type { Step } from '../host/step';
import type { PendingEvent } from '../hw/gpu/gen8Gpu';
import type { GpuEvent } from '../hw/gpu/gen8Registers';
import type { FanoutCounts, FlowOutcomes } from './flowOutcomes';
import type { GvtHops } from './hops';
import type { InjectDecision } from './interrupt';
import type { Mediator } from './mediator';
import type { PhysicalGpu } from './physicalGpu';
import type { Vgpu } from './vgpu';

/** One pirq's events into one vGPU: its propagation step (null: none of the events is its), its decision noted. */
export type VgpuPirq = (events: PendingEvent[], owners: Map<GpuEvent, Set<Vgpu>>, decided: (v: Vgpu, d: InjectDecision) => void) => Step | null;

export class PirqFanout {
  /** request_irq on the GPU's host vector: the handler's in-port. */
  readonly handler: InPort<IrqHandler>;
  /** To every vGPU. */
  readonly toVgpus: OutPort<VgpuPirq>;

  constructor(
    private readonly hops: GvtHops,
    private readonly mediator: Mediator,
    private readonly gpu: PhysicalGpu,
    private readonly outcomes: FlowOutcomes,
    /** Per vGPU: physical-event flows through the fan-out. */
    private readonly fanout: Map<string, FanoutCounts>,
    private readonly inject: (v: Vgpu, d: InjectDecision, cpu: PCpu) => Step[],
  ) {
    const { gpuId, sim } = hops;
    this.handler = PCpu.handler(`host/${gpuId}/gvt-pirq`, `gvt pirq (${gpuId})`, (_v, flows) => this.pirqSteps(flows), 'gvt-pirq');
    this.toVgpus = fanOutPort<VgpuPirq>(this.handler.node, 'vgpu', 'irq');
    for (const v of mediator.vgpus) {
      sim.wires.connect(this.toVgpus, inPort<VgpuPirq>(v.node, 'pirq', 'irq', (events, owners, decided) => this.propagateStep(v, events, owners, decided)));
    }
  }

  /** The mediator's physical interrupt handler (request_irq on the GPU's host vector). */
  pirqSteps(flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    let events: PendingEvent[] = [];
    let targets: Map<GpuEvent, Set<Vgpu>> = new Map();
    return [this.hops.step('gvt.pirq.handler', 'gvt.pirq.handler', flow, 'read physical master and IIRs, clear them', {
      then: () => {
        this.mediator.stats.pirqs++;
        events = this.mediator.gpu.acknowledge();
        targets = this.gpu.claimOwners(events);
      },
      next: () => this.fanOutSteps(events, targets),
    })];
  }

  /** Per vGPU, the events it gets; then the injections its decisions call for. */
  private fanOutSteps(events: PendingEvent[], owners: Map<GpuEvent, Set<Vgpu>>): Step[] {
    const { cpu } = this.hops;
    const steps: Step[] = [];
    const decisions: { v: Vgpu; d: InjectDecision }[] = [];
    const decided = (v: Vgpu, d: InjectDecision) => { decisions.push({ v, d }); };
    this.toVgpus.each((into) => {
      const s = into(events, owners, decided);
      if (s) steps.push(s);
    });
    // "At the end of pirq handling, kick off an asynchronous event to either host i915 or guest i915" (seed 000).
    steps.push({ kind: 0, where: cpu.where, flow: 0, detail: 0, dur: 0, silent: true,
      next: () => decisions.flatMap(({ v, d }) => this.inject(v, d, cpu)) });
    return steps;
  }

  /**
   * The events `v` gets through its vIMR/vIER: render events go to the vGPU whose request completed, events no
   * request owns go to every vGPU.
   */
  private propagateStep(v: Vgpu, events: PendingEvent[], owners: Map<GpuEvent, Set<Vgpu>>, decided: (v: Vgpu, d: InjectDecision) => void): Step | null {
    const { sim, costs, k, cpu } = this.hops;
    const mine: PendingEvent[] = [];
    for (const e of events) {
      const own = owners.get(e.event);
      if (own && !own.has(v)) continue;
      mine.push({ event: e.event, flows: e.flows.filter((f) => sim.log.strings.str(sim.flows.vmOf(f)) === v.name) });
    }
    if (!mine.length) return null;
    const first = mine.find((e) => e.flows.length)?.flows[0] ?? 0;
    return {
      kind: k['gvt.irq.propagate'], where: cpu.where, vm: sim.sid(v.name), flow: first,
      dur: mine.length * costs.ns('gvt.irq.propagate'),
      detail: sim.sid(`${v.name}: ${mine.map((e) => e.event).join(', ')} through vIMR/vIER`),
      then: () => {
        const r = this.mediator.fanOut(mine, [v]);
        this.outcomes.note(v, r.records, this.fanout, first);
        const pv = r.perVgpu[0]!;
        if (pv.decision) decided(v, pv.decision);
      },
    };
  }
}
