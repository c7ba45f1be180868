// A KVM VM: its vCPUs, its guest interrupt table, and the delivery of interrupt messages into its vCPUs
// (kvm_irq_delivery_to_apic: the VM's virtual APIC bus). A message from an irqfd's MSI route (kvm_set_msi) or from
// the virtual IOAPIC reaches the vCPU its destination names, through that vCPU's delivery (emulated or posted).
// As a part of the wiring ("vm0/apic-bus"): messages come in at `msi` (irqfds) and `ioapic` (the virtual IOAPIC); the
// out-port reaches every vCPU's delivery (routing by destination is decided per message).
// Destinations follow kvm_irq_delivery_to_apic (hw/x86/apicDestination.ts): physical, logical by each vLAPIC's
// LDR/DFR (kvm_apic_match_dest), broadcast; lowest priority picks one match by vector hashing (kvm_vector_to_index);
// a fixed message to several vCPUs reaches each (its flows ride with the first). Other delivery modes are refused
// with a log line (kvm.msi.drop), never delivered as fixed.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import { fanOutPort, inPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { MsiMessage } from '../../hw/pci/configSpace';
import type { IoapicMessage } from '../../hw/x86/ioapic';
import { GuestInterruptTable } from './guestInterruptTable';
import type { Inject } from './delivery';
import type { Vcpu } from './vcpu';
import { instantStep, timedStep, type Step } from '../step';
import { kvmVectorHashing, resolveDestination, type Resolution } from '../../hw/x86/apicDestination';

/** kvm_set_msi from CPU `where`: the step that accepts the message into the destination vCPU. */
export type KvmSetMsi = (where: number, msg: MsiMessage, flows: FlowGroup) => Step;

export class Vm {
  readonly vcpus: Vcpu[] = [];
  readonly guestIdt: GuestInterruptTable;
  private readonly kAccept;
  private readonly kDrop;
  readonly node: WireNode;
  /** kvm_set_msi (an irqfd's MSI route). */
  readonly msiIn: InPort<KvmSetMsi>;
  /** The virtual IOAPIC's messages. */
  readonly ioapicIn: InPort<IoapicMessage>;
  /** Every vCPU's delivery. */
  readonly toVcpus: OutPort<Inject>;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly name: string) {
    this.guestIdt = new GuestInterruptTable(sim, name);
    this.kAccept = sim.kind('kvm.vlapic.accept');
    this.kDrop = sim.kind('kvm.msi.drop');
    this.node = wireNode(`${name}/apic-bus`, 'kvm-apic-bus', name, `${name} APIC bus (kvm_irq_delivery_to_apic)`);
    this.msiIn = inPort<KvmSetMsi>(this.node, 'msi', 'msi', (where, msg, flows) => this.deliverMsiStep(where, msg, flows));
    this.ioapicIn = inPort<IoapicMessage>(this.node, 'ioapic', 'msi', (_pin, msg, flows, from) => {
      const r = this.resolve(msg);
      if (!('refused' in r)) return this.deliverTo(r.targets, msg, flows, from);
      // A destination no vCPU has was always lost here; a refused message (logical, unmodelled mode) says why.
      if (msg.logical || msg.deliveryMode !== undefined) sim.hop(flows[0] ?? 0, this.kDrop, from, sim.sid(name), sim.sid(r.refused), 0);
      for (const f of flows) sim.flows.drop(f);
    });
    this.toVcpus = fanOutPort(this.node, 'vcpu', 'msi');
  }

  /** A vCPU of the VM: its delivery is reached from this VM's APIC bus. */
  addVcpu(vcpu: Vcpu): void {
    this.vcpus.push(vcpu);
    this.sim.wires.connect(this.toVcpus, vcpu.delivery.injectIn);
  }

  vcpuByApicId(id: number): Vcpu | undefined {
    return this.vcpus.find((v) => v.vlapic.apicId === id);
  }

  /** kvm_irq_delivery_to_apic: the vCPUs a message reaches, or why it reaches none. */
  resolve(msg: MsiMessage): Resolution<Vcpu> {
    return resolveDestination(this.vcpus, (v) => v.vlapic, msg, kvmVectorHashing, 'vCPU');
  }

  /** A step on `where` that sets the vector in the destination vLAPICs and kicks their vCPUs. */
  deliverMsiStep(where: number, msg: MsiMessage, flows: FlowGroup): Step {
    const flow = flows[0] ?? 0;
    const r = this.resolve(msg);
    if ('refused' in r) {
      return instantStep(this.kDrop, where, flow, this.sim.sid(r.refused), {
        then: () => { for (const f of flows) this.sim.flows.drop(f); },
      });
    }
    return timedStep(this.costs, this.kAccept, 'kvm.vlapic.accept', where, flow, this.acceptDetail(msg.vector, r.targets), {
      then: () => this.deliverTo(r.targets, msg, flows, where),
    });
  }

  /** "vector 0x51 → vcpu0, vcpu1" interned, by vector and target set (a single target: memoized). */
  private readonly acceptIds = new Map<number, number>();

  private acceptDetail(vector: number, targets: readonly Vcpu[]): number {
    const key = targets.length === 1 ? targets[0]!.index * 256 + vector : -1;
    let id = key >= 0 ? this.acceptIds.get(key) : undefined;
    if (id === undefined) {
      id = this.sim.sid(`vector 0x${vector.toString(16)} → ${targets.map((v) => `vcpu${v.index}`).join(', ')}`);
      if (key >= 0) this.acceptIds.set(key, id);
    }
    return id;
  }

  /** Into each target (the flows ride with the first). */
  private deliverTo(targets: readonly Vcpu[], msg: MsiMessage, flows: FlowGroup, where: number): void {
    targets.forEach((v, i) => this.deliverNow(v, msg, i === 0 ? flows : [], where));
  }

  /** kvm_apic_set_irq: as the VM's delivery does it (into the vLAPIC and a kick, or posted to the vCPU). */
  deliverNow(vcpu: Vcpu, msg: MsiMessage, flows: FlowGroup, where: number): void {
    vcpu.delivery.injectIn.fn(msg.vector, msg.level, flows, where);
  }
}
