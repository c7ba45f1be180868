// KVM's in-kernel virtual IOAPIC for one VM: GSIs routed to its pins (irqchip routes), the guest-programmed RTEs
// (the same declaration as the physical IOAPIC, in a virtual register file), and the EOI of a level pin running the
// irq ack notifiers (the irqfd resamplers, facts §B.5).
// As a part of the wiring it is the IOAPIC model's node ("vm0/ioapic"): GSIs come in at `gsi` (level irqfds), the
// vCPUs' EOI exits of level vectors at `eoi`, and its ack notifications go out at `ack`. Its messages (the model's
// `msi` out-port) are connected to the VM's delivery into the vLAPICs.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import { fanOutPort, inPort, type InPort, type OutPort } from '../../core/wires';
import { Ioapic } from '../../hw/x86/ioapic';
import { timedStep, type Step } from '../step';
import type { AckNotifier, KvmIrqchip, LevelEoi, SetIrqStep } from './kvmIrqchip';
import type { Vm } from './vm';

export class KvmIoapic implements KvmIrqchip {
  readonly ioapic: Ioapic;
  private readonly ackNotifiers = new Map<number, AckNotifier>();
  private readonly kEoi;
  private readonly kSetIrq;
  private readonly vmId: number;
  readonly gsiIn: InPort<SetIrqStep>;
  /** A vCPU's EOI exit for a level vector (kvm_ioapic_send_eoi). */
  readonly eoiIn: InPort<LevelEoi>;
  /** The ack notifiers, by pin. */
  private readonly ackOut: OutPort<AckNotifier>;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, vm: Vm) {
    this.ioapic = new Ioapic(`${vm.name}/ioapic`, vm.name, 'ioapic', true);
    this.kEoi = sim.kind('kvm.ioapic.eoi');
    this.kSetIrq = sim.kind('kvm.ioapic.set_irq');
    this.vmId = sim.sid(vm.name);
    const node = this.ioapic.node;
    this.gsiIn = inPort<SetIrqStep>(node, 'gsi', 'irq', (pin, level, flows, where, flow) => this.setIrqStep(pin, level, flows, where, flow));
    this.eoiIn = inPort<LevelEoi>(node, 'eoi', 'eoi', (vector, where) => [timedStep(costs, this.kEoi, 'kvm.ioapic.eoi', where, 0, sim.sid(`vector 0x${vector.toString(16)}`), {
      vm: this.vmId, next: () => this.eoi(vector, where),
    })]);
    this.ackOut = fanOutPort(node, 'ack', 'eoi');
  }

  /** kvm_irq_register_ack_notifier for a pin (the resampler of a level irqfd). */
  onAck(pin: number, n: InPort<AckNotifier>): void {
    this.ackNotifiers.set(pin, n.fn);
    this.sim.wires.connect(this.ackOut, n);
  }

  /** kvm_set_irq on an irqchip route: a step that sets the pin's level (and delivers if it fires). */
  setIrqStep(pin: number, level: boolean, flows: FlowGroup, where: number, flow: number): Step {
    return timedStep(this.costs, this.kSetIrq, 'kvm.ioapic.set_irq', where, flow, this.sim.sid(`GSI ${pin} level ${level ? 1 : 0}`), {
      then: () => this.ioapic.setPin(pin, level, () => flows, where),
    });
  }

  /** A GSI level change from KVM's own code (the resampler's de-assert), with no step of its own. */
  setIrqNow(pin: number, level: boolean, where: number): void {
    this.ioapic.setPin(pin, level, () => [], where);
  }

  /** __kvm_ioapic_update_eoi: each pin EOIed runs its ack notifier first (in this context), then may fire again. */
  private eoi(vector: number, where: number): Step[] {
    const steps: Step[] = [];
    this.ioapic.eoi(vector, (pin) => { steps.push(...(this.ackNotifiers.get(pin)?.(pin, where) ?? [])); }, where);
    return steps;
  }
}
