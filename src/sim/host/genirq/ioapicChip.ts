// IO-APIC as an irq chip: masking a line is the RTE mask bit (mask_ioapic_irq / unmask_ioapic_irq).
// The masked state is decided when the step is created (under the descriptor lock, IRQD_IRQ_MASKED) and each
// RTE write applies the latest decision, so a mask and an unmask racing on two CPUs end as last decided.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { Ioapic } from '../../hw/x86/ioapic';
import { timedStep, type Step } from '../step';
import type { IrqChip } from './irqChip';

export class IoapicChip implements IrqChip {
  readonly name: string;
  private readonly kMask;
  private readonly kUnmask;
  private readonly detail: number;

  constructor(sim: Simulator, private readonly costs: CostModel, private readonly ioapic: Ioapic, readonly pin: number) {
    this.name = `IO-APIC pin ${pin}`;
    this.kMask = sim.kind('ioapic.rte.mask');
    this.kUnmask = sim.kind('ioapic.rte.unmask');
    this.detail = sim.sid(`pin ${pin}`);
  }

  private logicalMasked: boolean | null = null;

  maskStep(where: number, flow: number): Step {
    this.logicalMasked = true;
    return timedStep(this.costs, this.kMask, 'ioapic.rte.mask', where, flow, this.detail, { then: () => this.apply() });
  }

  unmaskStep(where: number, flow: number): Step {
    this.logicalMasked = false;
    return timedStep(this.costs, this.kUnmask, 'ioapic.rte.unmask', where, flow, this.detail, { then: () => this.apply() });
  }

  masked(): boolean {
    return this.logicalMasked ?? this.ioapic.masked(this.pin);
  }

  private apply(): void {
    if (this.ioapic.masked(this.pin) !== this.logicalMasked) this.ioapic.setMasked(this.pin, this.logicalMasked!);
  }
}
