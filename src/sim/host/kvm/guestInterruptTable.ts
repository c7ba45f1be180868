// A guest's interrupt vector table: which guest driver handles which vector, and what its handler costs.
import type { CostName } from '../../core/catalog/costs';

import type { FlowGroup } from '../../core/flows';
import type { Step } from '../step';

export interface GuestHandler {
  name: string;
  cost: CostName;
  /** Scope of a per-device cost override (`cost@scope`). */
  scope?: string;
  /** The driver services its device when the handler starts (reads its cause register): the flows it serviced,
   *  or null to keep the interrupt's own. Told which vCPU runs it (per-CPU sources such as a timer). */
  service?: (vcpu: number) => FlowGroup | null;
  /** False when the flow ends later than the guest's EOI (INTx: at the host's unmask). */
  completesOnEoi?: boolean;
  /** The handler's own work after its body step, before the EOI (e.g. MMIO accesses that trap to the host). */
  body?: () => Step[];
}

export class GuestInterruptTable {
  private readonly byVector = new Map<number, GuestHandler>();

  set(vector: number, handler: GuestHandler): void {
    if (this.byVector.has(vector)) throw new Error(`guest vector 0x${vector.toString(16)} already used by ${this.byVector.get(vector)!.name}`);
    this.byVector.set(vector, handler);
  }

  get(vector: number): GuestHandler | undefined {
    return this.byVector.get(vector);
  }
}
