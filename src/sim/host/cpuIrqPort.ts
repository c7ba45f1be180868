// What a pCPU needs from its interrupt controller, whatever the architecture: an x86 LAPIC or a GIC CPU interface.
import type { FlowGroup } from '../core/flows';
import type { TimedHop } from './step';

export interface CpuIrqPort {
  /** The CPU's ID on its interrupt fabric (APIC ID, GIC CPU number). */
  readonly cpuId: number;
  /** The vector/INTID the CPU would take now, or −1. */
  deliverable(): number;
  /** Acknowledge it (IRR → ISR, IAR read). */
  ack(): { vector: number; flows: FlowGroup };
  /** End it: LAPIC EOI; GIC priority drop and deactivation, or the drop only for an IRQ forwarded to a vCPU. */
  eoi(vector: number, dropOnly: boolean): void;
  /** Flows waiting on a pending vector. */
  pendingFlows(vector: number): FlowGroup;
  /** The hops of taking and ending an interrupt on this architecture. */
  readonly entryHop: TimedHop;
  readonly eoiHop: TimedHop;
}
