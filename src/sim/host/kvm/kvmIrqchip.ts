// What a level irqfd needs from KVM's in-kernel interrupt controller, whichever it is (x86 IOAPIC, ARM vGIC):
// raise or lower a GSI, and be told when the guest has EOIed it (the ack notifier the resampler hangs on).
// As a part of the wiring: GSIs come in at `gsiIn`; an ack notifier registered with `onAck` is an edge from the
// irqchip to the notifier's in-port (wire kind 'eoi').
import type { FlowGroup } from '../../core/flows';
import type { InPort } from '../../core/wires';
import type { Step } from '../step';

/** kvm_set_irq on an irqchip route: a step that sets the GSI's level (and delivers if it fires). */
export type SetIrqStep = (pin: number, level: boolean, flows: FlowGroup, where: number, flow: number) => Step;
/** An ack notifier, run in the EOI's context (`flow`: the interrupt the guest EOIed, 0 if unknown). */
export type AckNotifier = (pin: number, where: number, flow: number) => Step[];
/** KVM's EOI of a level vector from a vCPU's EOI exit: the steps it runs there (Remote IRR, ack notifiers, a re-fire). */
export type LevelEoi = (vector: number, where: number, flow: number) => Step[];

export interface KvmIrqchip {
  /** kvm_arch_set_irq_inatomic succeeds for this irqchip's routes: arm64 injects an SPI inline (vgic-irqfd.c); x86
   *  returns -EWOULDBLOCK for an IOAPIC route (irq_comm.c: only MSI and Hyper-V SINT), so irqfd defers to a workqueue. */
  readonly atomicInjection: boolean;
  /** kvm_set_irq, as the in-port a level irqfd is connected to. */
  readonly gsiIn: InPort<SetIrqStep>;
  /** A GSI level change from KVM's own code (the resampler's de-assert), with no step of its own. */
  setIrqNow(pin: number, level: boolean, where: number): void;
  /** kvm_irq_register_ack_notifier: the guest's EOI of `pin` reaches `n` (connected as an edge of the wiring). */
  onAck(pin: number, n: InPort<AckNotifier>): void;
}
