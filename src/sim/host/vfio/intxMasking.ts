// Seed 003's design switch, decided once when the device is wired: how the assigned device's INTx stays quiet while
// the guest handles it.
// - line: disable_irq_nosync on the host line (cheap, lazy; every sharer of the line waits for the guest's EOI);
// - device: PCI 2.3 DisINTx through config space (pci_check_and_mask_intx: a config read and write; the line stays usable);
// - adaptive: line while the line has one user, device while it is shared (Kiszka / Gleixner, seed 003), with the
//   hand-over when a sharer arrives while the line is held masked.
// The two ways of holding the interrupt are holds (intxHolds.ts); a masking strategy says which hold the next
// interrupt takes and what a change of sharers does. vfio-pci's INTx calls it and never asks which one it has.
import type { IrqDesc } from '../genirq/irqDesc';
import type { Step } from '../step';
import type { IntxHold } from './intxHolds';

export type IntxMaskingMode = 'line' | 'device' | 'adaptive';

/** The two holds of one device's INTx. */
export interface IntxHolds {
  readonly line: IntxHold;
  readonly device: IntxHold;
}

export interface IntxMasking {
  /** The hold the next interrupt takes (decided in the hard handler, under vfio's irqlock). */
  holdFor(desc: IrqDesc, holds: IntxHolds): IntxHold;
  /** request_irq / free_irq changed the line's sharers while `held` is in place: steps to run there, if any. */
  sharingChanged(desc: IrqDesc, held: IntxHold | null, holds: IntxHolds, where: number): Step[];
}

const always = (pick: (h: IntxHolds) => IntxHold): IntxMasking => ({
  holdFor: (_desc, holds) => pick(holds),
  sharingChanged: () => [],
});

/** The line while it has one user, the device while it is shared; a line held when a sharer arrives is handed over. */
const adaptive: IntxMasking = {
  holdFor: (desc, holds) => (desc.shared ? holds.device : holds.line),
  sharingChanged: (desc, held, holds, where) => (held === holds.line && desc.shared ? holds.device.takeOverSteps(where) : []),
};

/** The one place the masking switch is decided. */
export function createIntxMasking(mode: IntxMaskingMode): IntxMasking {
  switch (mode) {
    case 'line': return always((h) => h.line);
    case 'device': return always((h) => h.device);
    case 'adaptive': return adaptive;
  }
}
