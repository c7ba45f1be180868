// How QEMU raises and lowers a GSI of its VM (pci_irq_assert / pci_irq_deassert reaching the interrupt controller),
// whichever irqchip the VM has: the steps on QEMU's thread at `where`.
// - kernel irqchip: the GSI goes to KVM's IOAPIC through a KVM_IRQ_LINE ioctl (accel/kvm/kvm-all.c kvm_set_irq), for
//   either level: KVM's IOAPIC keeps the pin's level.
// - split irqchip: QEMU's own IOAPIC takes the level (hw/intc/ioapic.c ioapic_set_irq); when the pin fires,
//   ioapic_service injects it with KVM_IRQ_LINE through the pin's MSI route (qemuIoapic.ts). A falling level only
//   clears the pin in QEMU: no ioctl.
import type { FlowGroup } from '../../core/flows';
import type { InPort } from '../../core/wires';
import type { Step } from '../step';

export interface VmmIrqLine {
  /** The name the log gives this irqchip ("kernel irqchip", "split irqchip"). */
  readonly label: string;
  setIrqSteps(pin: number, level: boolean, flows: FlowGroup, where: number, flow: number): Step[];
  /** Where a pin's level arrives, for the graph (QEMU's line to it is drawn as an edge). */
  pinPort(pin: number): InPort;
}
