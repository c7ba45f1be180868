// Seed 003's design switch: how the assigned device's INTx stays quiet while the guest handles it.
// - line: disable_irq_nosync on the host line (cheap, lazy; every sharer of the line waits for the guest's EOI);
// - device: PCI 2.3 DisINTx through config space (pci_check_and_mask_intx: a config read and write; the line stays usable);
// - adaptive: line while the line has one user, device while it is shared (Kiszka / Gleixner, seed 003),
//   with the hand-over when a sharer arrives while the line is held masked.
import type { IrqDesc } from '../genirq/irqDesc';

export type IntxMasking = 'line' | 'device' | 'adaptive';
export type MaskLevel = 'line' | 'device';

/** The one place where the switch is decided: which masking the next interrupt uses. */
export function maskingFor(mode: IntxMasking, desc: IrqDesc): MaskLevel {
  if (mode === 'adaptive') return desc.shared ? 'device' : 'line';
  return mode;
}
