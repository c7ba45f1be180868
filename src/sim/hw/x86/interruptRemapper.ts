// VT-d interrupt remapping between a device's MSI and the LAPICs: an MSI whose IRTE is in posted mode is written
// into the vCPU's posted-interrupt descriptor instead, and a notification is sent only when the descriptor says so
// (ON was clear, SN clear). Other MSIs go to the APIC bus unchanged (remapped format not modelled).
// As a part of the wiring ("host/iommu"): message writes come in at `msi`; remapped ones go out at `remapped` (to the
// APIC bus); posted ones reach the descriptor their IRTE names (each descriptor posted to is drawn at `post`), whose
// own out-port carries the notification.
import type { CostModel } from '../../core/costModel';
import { HOST, type Simulator } from '../../core/simulator';
import { fanOutPort, inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { MsiMessage } from '../pci/configSpace';
import type { MsiWrite } from '../pci/pciFunction';
import type { MsiDeliver } from './apicBus';
import type { Irte } from './irte';
import type { FlowGroup } from '../../core/flows';
import type { PostedDescriptor } from './postedDescriptor';
import { hopNs } from '../hopCost';

/** A descriptor's owner (the vCPU's posted delivery): keeps the flows riding on each PIR bit. */
export interface PostedTarget {
  /** The vector is posted (merging into a PIR bit already set): returns the flow it merged into, if any. */
  posted(vector: number, flows: FlowGroup): number | null;
}

export class InterruptRemapper {
  private readonly irtes = new Map<string, Irte>();
  private readonly targets = new Map<bigint, { pid: PostedDescriptor; owner: PostedTarget }>();
  private readonly k;
  readonly node: WireNode;
  /** A device's message write, by requester ("nic0", "nic0#2" for an MSI-X vector). */
  readonly msiIn: InPort<MsiWrite>;
  /** Messages not posted, on to the APIC bus. */
  readonly remapped: OutPort<MsiDeliver>;
  /** The descriptors posted to (the IRTE's PDA picks one per message). */
  private readonly postOut: OutPort<PostedDescriptor['postIn']['fn']>;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel) {
    this.k = sim.kinds(['vtd.irte.remap', 'vtd.pi.post', 'vtd.pi.coalesce', 'vtd.pi.notify', 'vtd.pi.suppressed']);
    this.node = wireNode('host/iommu', 'iommu', HOST, 'IOMMU (VT-d)');
    this.msiIn = inPort<MsiWrite>(this.node, 'msi', 'msi', (source, msg, flows) => this.deliver(source, msg, flows));
    this.remapped = outPort<MsiDeliver>(this.node, 'remapped', 'msi', () => {});
    this.postOut = fanOutPort(this.node, 'post', 'msi');
  }

  /** KVM's irq bypass consumer: the device's MSI is now posted to the descriptor at `pda`. */
  post(device: string, irte: Irte, pda: bigint, pid: PostedDescriptor, owner: PostedTarget): void {
    this.irtes.set(device, irte);
    if (!this.targets.has(pda)) this.sim.wires.connect(this.postOut, pid.postIn);
    this.targets.set(pda, { pid, owner });
  }

  /** An MSI from `device` (an MSI-X vector's key is "device#n"): posted if its IRTE says so, else to the APIC bus. */
  deliver(device: string, msg: MsiMessage, flows: FlowGroup): void {
    const irte = this.irtes.get(device);
    if (!irte?.posted) return this.remapped.send(msg, flows);
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
      const notify = target.pid.postIn.fn(irte.vector);
      const merged = target.owner.posted(irte.vector, flows);
      if (merged !== null) for (const f of flows) sim.hop(f, this.k['vtd.pi.coalesce'], where, vm, sim.sid(`PIR 0x${irte.vector.toString(16)} already set: merged into flow ${merged}`), 0);
      else sim.hop(flow, this.k['vtd.pi.post'], where, vm, sim.sid(`PIR 0x${irte.vector.toString(16)} set${notify ? ', ON set' : target.pid.sn ? ' (SN: no notification)' : ' (ON already set)'}`), dur);
      if (!notify) return;
      sim.after(dur, () => {
        const n = target.pid.notification();
        sim.hop(flow, this.k['vtd.pi.notify'], where, vm, sim.sid(`notification vector 0x${n.vector.toString(16)} → APIC ${n.destId}`), 0);
        target.pid.notify.send(n, flows.slice(0, 1));
      });
    });
  }
}
