// A KVM VM: its vCPUs, its guest interrupt table and MSI delivery into the vLAPICs (kvm_set_msi → kvm_apic_set_irq).
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import type { MsiMessage } from '../../hw/pci/configSpace';
import { GuestInterruptTable } from './guestInterruptTable';
import type { Vcpu } from './vcpu';
import { instantStep, timedStep, type Step } from '../step';

export class Vm {
  readonly vcpus: Vcpu[] = [];
  readonly guestIdt: GuestInterruptTable;
  private readonly kAccept;
  private readonly kDrop;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly name: string) {
    this.guestIdt = new GuestInterruptTable(sim, name);
    this.kAccept = sim.kind('kvm.vlapic.accept');
    this.kDrop = sim.kind('kvm.msi.drop');
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
    vcpu.delivery.inject(msg.vector, msg.level, flows, where);
  }
}
