// The x86 pCPU's interrupt port: its local APIC.
import type { Lapic } from '../../hw/x86/lapic';
import type { CpuIrqPort } from '../cpuIrqPort';

export class LapicPort implements CpuIrqPort {
  readonly entryHop = { kind: 'x86.irq.entry', cost: 'x86.irq.entry' } as const;
  readonly eoiHop = { kind: 'x86.lapic.eoi', cost: 'x86.lapic.eoi' } as const;

  constructor(readonly lapic: Lapic) {}

  get cpuId(): number {
    return this.lapic.apicId;
  }

  deliverable(): number {
    return this.lapic.deliverable();
  }

  ack() {
    return this.lapic.ack();
  }

  eoi(): void {
    this.lapic.writeEoi();
  }

  pendingFlows(vector: number) {
    return this.lapic.pendingFlows(vector);
  }
}
