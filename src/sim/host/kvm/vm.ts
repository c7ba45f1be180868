// A KVM VM: its vCPUs, its guest interrupt table, and the delivery of interrupt messages into its vCPUs
// (kvm_irq_delivery_to_apic: the VM's virtual APIC bus). A message from an irqfd's MSI route (kvm_set_msi) or from
// the virtual IOAPIC reaches the vCPU its destination names, through that vCPU's delivery (emulated or posted).
// As a part of the wiring ("vm0/apic-bus"): messages come in at `msi` (irqfds) and `ioapic` (the virtual IOAPIC); the
// out-port reaches every vCPU's delivery (routing by destination is decided per message).
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
      const vcpu = this.vcpuByApicId(msg.destId);
      if (vcpu) this.deliverNow(vcpu, msg, flows, from);
      else for (const f of flows) sim.flows.drop(f);
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

  /** A step on `where` that sets the vector in the destination vLAPIC and kicks the vCPU. */
  deliverMsiStep(where: number, msg: MsiMessage, flows: FlowGroup): Step {
    const flow = flows[0] ?? 0;
    const vcpu = this.vcpuByApicId(msg.destId);
    if (!vcpu) {
      return instantStep(this.kDrop, where, flow, this.sim.sid(`no vCPU with APIC ID ${msg.destId}`), {
        then: () => { for (const f of flows) this.sim.flows.drop(f); },
      });
    }
    return timedStep(this.costs, this.kAccept, 'kvm.vlapic.accept', where, flow, this.sim.sid(`vector 0x${msg.vector.toString(16)} → vcpu${vcpu.index}`), {
      then: () => this.deliverNow(vcpu, msg, flows, where),
    });
  }

  /** kvm_apic_set_irq: as the VM's delivery does it (into the vLAPIC and a kick, or posted to the vCPU). */
  deliverNow(vcpu: Vcpu, msg: MsiMessage, flows: FlowGroup, where: number): void {
    vcpu.delivery.injectIn.fn(msg.vector, msg.level, flows, where);
  }
}
