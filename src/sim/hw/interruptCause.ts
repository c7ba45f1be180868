// A device's level interrupt cause, whatever the bus: events set it (merging while it is pending), the driver
// reading the device clears it. A PCI function's INTx and a platform device's SPI both present this.
import type { FlowGroup } from '../core/flows';

export interface InterruptCause {
  readonly device: string;
  /** A new event: returns the flow it merged into when a cause was already pending. */
  raise(flow: number): { mergedInto: number | null };
  /** The driver services the device: the cause clears; its flows are returned. */
  ack(): FlowGroup;
  readonly pending: boolean;
  /** Pending but held back at the device (PCI 2.3 DisINTx). */
  readonly heldAtDevice: boolean;
  /** The flows riding on the pending cause. */
  flows(): FlowGroup;
}
