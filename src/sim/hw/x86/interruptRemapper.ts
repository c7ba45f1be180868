// VT-d interrupt remapping between a device's MSI and the LAPICs: an MSI whose IRTE is in posted mode is written
// into the vCPU's posted-interrupt descriptor instead, and a notification is sent only when the descriptor says so
// (ON was clear, SN clear). Other MSIs go to the APIC bus unchanged (remapped format not modelled).
import type { CostModel } from '../../core/costModel';
import { HOST, type Simulator } from '../../core/simulator';
import type { MsiMessage } from '../pci/configSpace';
import type { ApicBus } from './apicBus';
import type { Irte } from './irte';
import type { FlowGroup } from '../../core/flows';
import type { PostedDescriptor } from './postedDescriptor';
import { hopNs } from '../hopCost';

/** A descriptor's owner (the vCPU): keeps the flows riding on each PIR bit. */
export interface PostedTarget {
  /** The vector is posted (merging into a PIR bit already set): returns the flow it merged into, if any. */
  posted(vector: number, flows: FlowGroup): number | null;
}

export class InterruptRemapper {
  private readonly irtes = new Map<string, Irte>();
  private readonly targets = new Map<bigint, { pid: PostedDescriptor; owner: PostedTarget }>();
  private readonly k;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly bus: ApicBus) {
    this.k = sim.kinds(['vtd.irte.remap', 'vtd.pi.post', 'vtd.pi.coalesce', 'vtd.pi.notify', 'vtd.pi.suppressed']);
  }

  /** KVM's irq bypass consumer: the device's MSI is now posted to the descriptor at `pda`. */
  post(device: string, irte: Irte, pda: bigint, pid: PostedDescriptor, owner: PostedTarget): void {
    this.irtes.set(device, irte);
    this.targets.set(pda, { pid, owner });
  }

  /** An MSI from `device` (an MSI-X vector's key is "device#n"): posted if its IRTE says so, else to the APIC bus. */
  deliver(device: string, msg: MsiMessage, flows: FlowGroup): void {
    const irte = this.irtes.get(device);
    if (!irte?.posted) return this.bus.deliver(msg, flows);
    const target = this.targets.get(irte.pda);
    const sim = this.sim;
    const flow = flows[0] ?? 0;
    const vm = flow > 0 ? sim.flows.vmOf(flow) : sim.sid(HOST);
    const where = sim.sid('iommu');
    const remap = hopNs(this.costs, this.k['vtd.irte.remap'], 'vtd.irte.remap');
    sim.hop(flow, this.k['vtd.irte.remap'], where, vm, sim.sid(`${device}: IRTE posted, vector 0x${irte.vector.toString(16)} → PDA 0x${irte.pda.toString(16)}`), remap);
    sim.after(remap, () => {
      if (!target) return;
      const dur = hopNs(this.costs, this.k['vtd.pi.post'], 'vtd.pi.post');
      const notify = target.pid.post(irte.vector);
      const merged = target.owner.posted(irte.vector, flows);
      if (merged !== null) for (const f of flows) sim.hop(f, this.k['vtd.pi.coalesce'], where, vm, sim.sid(`PIR 0x${irte.vector.toString(16)} already set: merged into flow ${merged}`), 0);
      else sim.hop(flow, this.k['vtd.pi.post'], where, vm, sim.sid(`PIR 0x${irte.vector.toString(16)} set${notify ? ', ON set' : target.pid.sn ? ' (SN: no notification)' : ' (ON already set)'}`), dur);
      if (!notify) return;
      sim.after(dur, () => {
        const nv = target.pid.nv;
        sim.hop(flow, this.k['vtd.pi.notify'], where, vm, sim.sid(`notification vector 0x${nv.toString(16)} → APIC ${target.pid.destination}`), 0);
        this.bus.deliver({ destId: target.pid.destination, vector: nv, level: false }, flows.slice(0, 1));
      });
    });
  }
}
