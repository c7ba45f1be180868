// A guest's interrupt vector table: which guest driver handles which vector, and what its handler costs.
import type { CostName } from '../../costs';

export interface GuestHandler {
  name: string;
  cost: CostName;
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
