// What becomes of each virtual-event flow: propagation outcomes counted and logged, delivery as a handler reads its vIIRs.
import { IRQ_GROUPS, type GpuEvent } from '../hw/gpu/gen8Registers';
import type { FlowGroup } from '../core/flows';
import type { GvtHops } from './hops';
import { flowsOnBits, type IrqHandlerHooks } from './i915Irq';
import type { PropagateOutcome } from './interrupt';
import type { Vgpu } from './vgpu';

export interface FanoutCounts { delivered: number; masked: number; coalesced: number }

export const zeroCounts = (): FanoutCounts => ({ delivered: 0, masked: 0, coalesced: 0 });

export class FlowOutcomes {
  /** Flows that rode on an event already latched in a vIIR: delivered as coalesced. */
  private readonly coalescedFlows = new Set<number>();

  constructor(private readonly hops: GvtHops) {}

  /** Per flow outcome of a propagation: masked flows end here (dropped), coalesced ones are marked; a flow latched
   *  beside the one the propagation hop carries gets a hop of its own, so every flow's path shows its propagation. */
  note(v: Vgpu, records: { flow: number; event: GpuEvent; outcome: PropagateOutcome }[], into: Map<string, FanoutCounts>, carried = 0): void {
    const { sim, k, cpu } = this.hops;
    let c = into.get(v.name);
    if (!c) into.set(v.name, (c = zeroCounts()));
    const vmId = sim.sid(v.name);
    for (const r of records) {
      if (r.flow <= 0) continue;
      c[r.outcome]++;
      if (r.outcome === 'masked') {
        sim.hop(r.flow, k['gvt.irq.masked'], cpu.where, vmId, sim.sid(`${r.event} masked in ${v.name}'s vIMR: not latched, no interrupt`), 0);
        sim.flows.drop(r.flow);
      } else if (r.outcome === 'delivered' && r.flow !== carried) {
        sim.hop(r.flow, k['gvt.irq.latch'], cpu.where, vmId, sim.sid(`${r.event} latched in ${v.name}'s vIIR`), 0);
      } else if (r.outcome === 'coalesced') {
        this.coalescedFlows.add(r.flow);
        sim.hop(r.flow, k['gvt.irq.coalesce'], cpu.where, vmId, sim.sid(`${r.event} already set in ${v.name}'s vIIR: serviced with it`), 0);
      }
    }
  }

  /** Deliver and complete flows as a driver's handler reads and clears its IIRs. */
  hooks(): IrqHandlerHooks {
    const sim = this.hops.sim;
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
}
