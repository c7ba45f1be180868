// The GIC distributor as an irq chip: masking an SPI is its enable bit (ICENABLER / ISENABLER). As for the
// IO-APIC chip, the masked state is decided when the step is created and each write applies the latest decision.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { GicDistributor } from '../../hw/arm/distributor';
import type { Step } from '../step';
import type { IrqChip } from './irqChip';

export class GicChip implements IrqChip {
  readonly name: string;
  private readonly kMask: number;
  private readonly kUnmask: number;
  private readonly detail: number;
  private logicalMasked: boolean | null = null;

  constructor(sim: Simulator, private readonly costs: CostModel, private readonly dist: GicDistributor, readonly intid: number) {
    this.name = `GIC SPI ${intid}`;
    this.kMask = sim.sid('arm.gicd.mask');
    this.kUnmask = sim.sid('arm.gicd.unmask');
    this.detail = sim.sid(`INTID ${intid}`);
  }

  maskStep(where: number, flow: number): Step {
    this.logicalMasked = true;
    return { kind: this.kMask, where, flow, detail: this.detail, dur: this.costs.ns('arm.gicd.mask'), then: () => this.apply() };
  }

  unmaskStep(where: number, flow: number): Step {
    this.logicalMasked = false;
    return { kind: this.kUnmask, where, flow, detail: this.detail, dur: this.costs.ns('arm.gicd.unmask'), then: () => this.apply() };
  }

  masked(): boolean {
    return this.logicalMasked ?? !this.dist.isEnabled(this.intid, 0);
  }

  private apply(): void {
    this.dist.enable(this.intid, !this.logicalMasked);
  }
}
