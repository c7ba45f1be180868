// A guest's interrupt vector table: which guest driver handles which vector, and what its handler costs. On the wire
// graph it is a part of its VM ("vm0/guest-idt"): each vCPU dispatches into it, each vector leads to its handler
// ("vm0/guest/nic0 driver"), and the vLAPICs' EOIs come back at `eoi` (ending the flows of handlers that end there).
import type { CostOf } from '../../core/catalog/hopKinds';
import type { Simulator } from '../../core/simulator';
import { inPort, outPort, wireNode, type InPort, type WireNode } from '../../core/wires';

import type { FlowGroup } from '../../core/flows';
import type { Step } from '../step';

export interface GuestHandler {
  name: string;
  /** The cost of its body: one the guest.handler kind declares. */
  cost: CostOf<'guest.handler'>;
  /** Scope of a per-device cost override (`cost@scope`). */
  scope?: string;
  /** The driver services its device when the handler starts (reads its cause register): the flows it serviced,
   *  or null to keep the interrupt's own. Told which vCPU runs it (per-CPU sources such as a timer). */
  service?: (vcpu: number) => FlowGroup | null;
  /** Told when the handler starts, after `service`: the vCPU that runs it and the flows it serviced (a workload's
   *  driver queues its NAPI poll or the application's work on that vCPU). */
  onServiced?: (vcpu: number, flows: FlowGroup) => void;
  /** False when the flow ends later than the guest's EOI (INTx: at the host's unmask). */
  completesOnEoi?: boolean;
  /** The handler's own work after its body step, before the EOI (e.g. MMIO accesses that trap to the host). */
  body?: () => Step[];
}

export class GuestInterruptTable {
  private readonly byVector = new Map<number, GuestHandler>();
  readonly node: WireNode;
  /** The guest's EOI of a vector: its handler is done (the flows complete, unless its driver ends them later). */
  readonly eoiIn: InPort<(vector: number, flows: FlowGroup) => void>;

  constructor(private readonly sim: Simulator, readonly vm: string) {
    this.node = wireNode(`${vm}/guest-idt`, 'guest-idt', vm, `${vm} IDT`);
    this.eoiIn = inPort(this.node, 'eoi', 'eoi', (vector: number, flows: FlowGroup) => {
      const h = this.byVector.get(vector);
      if (!h || h.completesOnEoi === false) return;
      for (const f of flows) sim.flows.complete(f, sim.now);
    });
  }

  set(vector: number, handler: GuestHandler): void {
    if (this.byVector.has(vector)) throw new Error(`guest vector 0x${vector.toString(16)} already used by ${this.byVector.get(vector)!.name}`);
    this.byVector.set(vector, handler);
    const h = wireNode(`${this.vm}/guest/${handler.name}`, 'guest-handler', this.vm, handler.name);
    this.sim.wires.connect(outPort(this.node, `vector 0x${vector.toString(16)}`, 'vector', () => {}), inPort(h, 'irq', 'vector', () => {}));
  }

  /** A vCPU of the VM takes its interrupts through this table. */
  dispatchFrom(vcpu: WireNode): void {
    this.sim.wires.connect(outPort(vcpu, 'idt', 'vector', () => {}), inPort(this.node, `from ${vcpu.id}`, 'vector', () => {}));
  }

  get(vector: number): GuestHandler | undefined {
    return this.byVector.get(vector);
  }
}
