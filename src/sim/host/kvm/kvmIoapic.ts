// KVM's in-kernel virtual IOAPIC for one VM: GSIs routed to its pins (irqchip routes), the guest-programmed RTEs
// (the same declaration as the physical IOAPIC, in a virtual register file), delivery into the vLAPICs, and the
// EOI of a level pin running the irq ack notifiers (the irqfd resamplers, facts §B.5).
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { Ioapic } from '../../hw/x86/ioapic';
import type { FlowGroup } from '../../core/flows';
import { timedStep, type Step } from '../step';
import type { Vm } from './vm';
import type { AckNotifier, KvmIrqchip } from './kvmIrqchip';

export class KvmIoapic implements KvmIrqchip {
  readonly ioapic: Ioapic;
  private readonly ackNotifiers = new Map<number, AckNotifier>();
  private readonly kEoi;
  private readonly kSetIrq;
  /** Where the current delivery runs (the CPU that raised the GSI). */
  private deliverWhere = 0;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, vm: Vm) {
    this.ioapic = new Ioapic(`${vm.name}/ioapic`, vm.name, 'ioapic', true);
    this.kEoi = sim.kind('kvm.ioapic.eoi');
    this.kSetIrq = sim.kind('kvm.ioapic.set_irq');
    this.ioapic.deliver = (_pin, msg, flows) => {
      const vcpu = vm.vcpuByApicId(msg.destId);
      if (vcpu) vm.deliverNow(vcpu, msg, flows, this.deliverWhere);
      else for (const f of flows) sim.flows.drop(f);
    };
    for (const vcpu of vm.vcpus) {
      vcpu.levelEoi = (vector, where) => [timedStep(costs, this.kEoi, 'kvm.ioapic.eoi', where, 0, sim.sid(`vector 0x${vector.toString(16)}`), {
        vm: sim.sid(vm.name), next: () => this.eoi(vector, where),
      })];
    }
  }

  /** kvm_irq_register_ack_notifier for a pin (the resampler of a level irqfd). */
  onAck(pin: number, n: AckNotifier): void {
    this.ackNotifiers.set(pin, n);
  }

  /** kvm_set_irq on an irqchip route: a step that sets the pin's level (and delivers if it fires). */
  setIrqStep(pin: number, level: boolean, flows: FlowGroup, where: number, flow: number): Step {
    return timedStep(this.costs, this.kSetIrq, 'kvm.ioapic.set_irq', where, flow, this.sim.sid(`GSI ${pin} level ${level ? 1 : 0}`), {
      then: () => {
        this.deliverWhere = where;
        this.ioapic.setPin(pin, level, () => flows);
      },
    });
  }

  /** A GSI level change from KVM's own code (the resampler's de-assert), with no step of its own. */
  setIrqNow(pin: number, level: boolean, where: number): void {
    this.deliverWhere = where;
    this.ioapic.setPin(pin, level, () => []);
  }

  private eoi(vector: number, where: number): Step[] {
    const steps: Step[] = [];
    this.ioapic.onPinEoi = (pin) => { steps.push(...(this.ackNotifiers.get(pin)?.(pin, where) ?? [])); };
    this.deliverWhere = where;
    this.ioapic.eoi(vector);
    this.ioapic.onPinEoi = null;
    return steps;
  }
}
