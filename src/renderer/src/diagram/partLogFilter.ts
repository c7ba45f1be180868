// Which log filter shows a part's hops. A part that logs under its own name (a device, the IOAPIC, a LAPIC, a pCPU,
// a vCPU: the lab's logPlace) filters to exactly its hops. Software (a genirq descriptor, VFIO, an eventfd, a
// guest handler) logs at the CPU that runs it, so there the filter is the nearest honest one, and says so: the
// hops at the device the part serves, or else its VM's hops. A host part with neither has no filter.
import type { MachineGraphNode } from '../../../shared/protocol';
import { mentions } from './partNames';

export interface PartLogFilter {
  vm: string;
  device: string;
  /** What the filter shows, for the button's title. */
  says: string;
}

export function partLogFilter(part: Pick<MachineGraphNode, 'id' | 'vm' | 'logPlace'>, devicePlaces: readonly string[]): PartLogFilter | null {
  if (part.logPlace) return { vm: '', device: part.logPlace, says: `the hops at ${part.logPlace}` };
  const device = devicePlaces.find((d) => mentions(part.id, d));
  if (device) return { vm: '', device, says: `the hops at ${device}, the device this part serves (its own hops are logged at the CPU that runs it)` };
  if (part.vm !== 'host') return { vm: part.vm, device: '', says: `${part.vm}'s hops (this part's own are logged at the CPU that runs it)` };
  return null;
}
