// The ARM pCPU's interrupt port: its GIC CPU interface, run as KVM hosts run it, with EOImode = 1: the EOI is a
// priority drop and a separate DIR deactivates, except for an IRQ forwarded to a vCPU, which the guest deactivates.
import type { GicCpuInterface } from '../../hw/arm/cpuInterface';
import type { CpuIrqPort } from '../cpuIrqPort';
import type { FlowGroup } from '../../core/flows';
import type { CostOf, HopKind } from '../../core/catalog/hopKinds';

/** A hop kind with one of the costs its catalog entry names. */
type KindAndCost<K extends HopKind> = { readonly kind: K; readonly cost: CostOf<K> };

export class GicPort implements CpuIrqPort {
  readonly entryHop = { kind: 'arm.irq.entry', cost: 'arm.irq.entry' } as const satisfies KindAndCost<'arm.irq.entry'>;
  readonly eoiHop = { kind: 'arm.gicc.eoi', cost: 'arm.gicc.eoi' } as const satisfies KindAndCost<'arm.gicc.eoi'>;

  constructor(readonly cpuIf: GicCpuInterface) {
    cpuIf.setEnabled(true);
    cpuIf.setSplitEoi(true);
    cpuIf.setPmr(0xff);
  }

  get cpuId(): number {
    return this.cpuIf.cpu;
  }

  deliverable(): number {
    return this.cpuIf.irqPending() ? this.cpuIf.hppir() : -1;
  }

  ack(): { vector: number; flows: FlowGroup } {
    const r = this.cpuIf.ack();
    return { vector: r.intid, flows: r.flows };
  }

  eoi(intid: number, dropOnly: boolean): void {
    this.cpuIf.eoi(intid);
    if (!dropOnly) this.cpuIf.dir(intid);
  }

  pendingFlows(intid: number): FlowGroup {
    return this.cpuIf.dist.pendingFlowsOf(intid, this.cpuIf.cpu);
  }
}
