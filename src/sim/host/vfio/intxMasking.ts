// Seed 003's design switch, decided once when the device is wired: how the assigned device's INTx stays quiet while
// the guest handles it, and whether vfio-pci's request_irq asks to share the line.
// - line: what upstream vfio-pci does for a function without PCI 2.3 DisINTx (or with nointxmask): the IRQ is
//   requested without IRQF_SHARED (drivers/vfio/pci/vfio_pci_intrs.c vfio_intx_enable) and held with
//   disable_irq_nosync. A second requester of the line gets -EBUSY from request_irq (kernel/irq/manage.c __setup_irq);
// - device: what upstream vfio-pci does for a PCI 2.3 function: IRQF_SHARED, masked with DisINTx through config space
//   (pci_check_and_mask_intx: a config read and write; the line stays usable by its sharers);
// - adaptive: Kiszka's 2010 series (seed 003, never merged): line while the line has one user, device while it is
//   shared, with a sharing notifier handing a line hold over to the device when a sharer arrives;
// - oneshot-unmask-shared: Gleixner's counter-proposal in the same thread, IRQF_ONESHOT_UNMASK_SHARED (never merged):
//   genirq keeps IRQ_MASK_DEVICE = "more than one action" and the handler masks where it says; a change of sharers
//   takes effect at the next interrupt, so a line held when a sharer arrives stays held until the guest's EOI
//   (Kiszka's objection in the thread: "for registration, that might be too late").
// The two ways of holding the interrupt are holds (intxHolds.ts); a masking strategy says which hold the next
// interrupt takes and what a change of sharers does. vfio-pci's INTx calls it and never asks which one it has.
import type { IrqDesc } from '../genirq/irqDesc';
import type { Step } from '../step';
import type { IntxHold } from './intxHolds';

export type IntxMaskingMode = 'line' | 'device' | 'adaptive' | 'oneshot-unmask-shared';

/** The two holds of one device's INTx. */
export interface IntxHolds {
  readonly line: IntxHold;
  readonly device: IntxHold;
}

export interface IntxMasking {
  /** request_irq's IRQF_SHARED for vfio-pci's INTx action. */
  readonly irqfShared: boolean;
  /** A design that never reached the kernel: what it was, said in its hops. Null for upstream behaviour. */
  readonly proposal: string | null;
  /** The hold the next interrupt takes (decided in the hard handler, under vfio's irqlock). */
  holdFor(desc: IrqDesc, holds: IntxHolds): IntxHold;
  /** request_irq / free_irq changed the line's sharers while `held` is in place: steps to run there, if any. */
  sharingChanged(desc: IrqDesc, held: IntxHold | null, holds: IntxHolds, where: number): Step[];
}

const always = (pick: (h: IntxHolds) => IntxHold, irqfShared: boolean): IntxMasking => ({
  irqfShared,
  proposal: null,
  holdFor: (_desc, holds) => pick(holds),
  sharingChanged: () => [],
});

/** The line while it has one user, the device while it is shared; a line held when a sharer arrives is handed over. */
const adaptive: IntxMasking = {
  irqfShared: true,
  proposal: 'Kiszka 2010 adaptive sharing, never merged',
  holdFor: (desc, holds) => (desc.shared ? holds.device : holds.line),
  sharingChanged: (desc, held, holds, where) => (held === holds.line && desc.shared ? holds.device.takeOverSteps(where) : []),
};

/** IRQ_MASK_DEVICE follows the number of actions; nothing is handed over: the next interrupt masks where it says. */
const oneshotUnmaskShared: IntxMasking = {
  irqfShared: true,
  proposal: 'IRQF_ONESHOT_UNMASK_SHARED: 2010 proposal, never merged',
  holdFor: (desc, holds) => (desc.shared ? holds.device : holds.line),
  sharingChanged: () => [],
};

/** The one place the masking switch is decided. */
export function createIntxMasking(mode: IntxMaskingMode): IntxMasking {
  switch (mode) {
    case 'line': return always((h) => h.line, false);
    case 'device': return always((h) => h.device, true);
    case 'adaptive': return adaptive;
    case 'oneshot-unmask-shared': return oneshotUnmaskShared;
  }
}
