// Physical GPU events no request owns (hot-plug pulses, PCU, AUX): each arrival is one flow per vGPU, all riding on the
// same physical IIR bit; the pirq handler fans it out to every vGPU. An event the physical IMR masks ends at the GPU.
import { Arrivals, type ArrivalKind } from '../core/arrivals';
import type { Prng } from '../core/prng';
import type { Simulator } from '../core/simulator';
import type { Gen8Gpu } from '../hw/gpu/gen8Gpu';
import type { GpuEvent } from '../hw/gpu/gen8Registers';
import type { Vgpu } from './vgpu';

export interface SharedEvent {
  event: GpuEvent;
  rate: number;
  arrival: ArrivalKind;
}

export function sharedEventSource(sim: Simulator, gpu: Gen8Gpu, gpuId: string, vgpus: readonly Vgpu[], se: SharedEvent, rng: Prng): { start(): void } {
  const arrivals = new Arrivals(se.arrival, se.rate, rng);
  const src = sim.sid(`${gpuId}.${se.event}`);
  const kMasked = sim.kind('gpu.irq.masked');
  const kCoalesce = sim.kind('gpu.iir.coalesce');
  const where = sim.sid(gpuId);
  return { start: () => {
    const next = () => {
      const t = sim.now + arrivals.nextGap();
      if (t >= sim.sourcesUntil) return;
      sim.at(t, () => {
        const flows = vgpus.map((v) => sim.raiseFlow(src, sim.sid(v.name)));
        const outcome = gpu.raise(se.event, flows);
        if (outcome === 'masked') {
          for (const f of flows) { sim.hop(f, kMasked, where, sim.flows.vmOf(f), sim.sid(`${se.event} masked in the physical IMR`), 0); sim.flows.drop(f); }
        } else if (outcome === 'coalesced') {
          // Each vGPU's flow rides on the bit already latched: say so on the flow, as a request's completion does.
          for (const f of flows) sim.hop(f, kCoalesce, where, sim.flows.vmOf(f), sim.sid(`${se.event} already latched in the physical IIR: rides on it`), 0);
        }
        next();
      });
    };
    next();
  } };
}
