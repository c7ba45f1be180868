// What a level irqfd needs from KVM's in-kernel interrupt controller, whichever it is (x86 IOAPIC, ARM vGIC):
// raise or lower a GSI, and be told when the guest has EOIed it (the ack notifier the resampler hangs on).
import type { FlowGroup } from '../../core/flows';
import type { Step } from '../step';

export type AckNotifier = (pin: number, where: number) => Step[];

export interface KvmIrqchip {
  /** kvm_set_irq: a step that sets the GSI's level (and delivers if it fires). */
  setIrqStep(pin: number, level: boolean, flows: FlowGroup, where: number, flow: number): Step;
  /** A GSI level change from KVM's own code (the resampler's de-assert), with no step of its own. */
  setIrqNow(pin: number, level: boolean, where: number): void;
  /** kvm_irq_register_ack_notifier. */
  onAck(pin: number, n: AckNotifier): void;
}
