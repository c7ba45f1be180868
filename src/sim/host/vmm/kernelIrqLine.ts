// QEMU driving a GSI of KVM's in-kernel IOAPIC (irqchip kernel): one KVM_IRQ_LINE ioctl per level change
// (accel/kvm/kvm-all.c kvm_set_irq → virt/kvm/kvm_main.c kvm_vm_ioctl_irq_line → kvm_set_irq → kvm_ioapic_set_irq).
import type { CostModel } from '../../core/costModel';
import type { FlowGroup } from '../../core/flows';
import type { Simulator } from '../../core/simulator';
import type { InPort } from '../../core/wires';
import type { KvmIoapic } from '../kvm/kvmIoapic';
import { timedStep, type Step } from '../step';
import type { VmmIrqLine } from './irqLine';

export class KernelIrqLine implements VmmIrqLine {
  readonly label = 'kernel irqchip';
  private readonly kInject;
  private readonly vmId: number;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly ioapic: KvmIoapic, vmName: string) {
    this.kInject = sim.kind('vmm.irq.inject');
    this.vmId = sim.sid(vmName);
  }

  pinPort(): InPort {
    return this.ioapic.gsiIn;
  }

  setIrqSteps(pin: number, level: boolean, flows: FlowGroup, where: number, flow: number): Step[] {
    return [
      timedStep(this.costs, this.kInject, 'vmm.ioctl.irq_line', where, flow, this.sim.sid(`KVM_IRQ_LINE GSI ${pin} level ${level ? 1 : 0}`), { vm: this.vmId }),
      this.ioapic.setIrqStep(pin, level, flows, where, flow),
    ];
  }
}
