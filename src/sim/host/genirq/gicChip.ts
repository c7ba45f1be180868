// The GIC distributor as an irq chip: masking an SPI is its enable bit (ICENABLER / ISENABLER). As for the
// IO-APIC chip, the masked state is decided when the step is created and each write applies the latest decision.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { CostOf, HopKind } from '../../core/catalog/hopKinds';
import type { GicDistributor } from '../../hw/arm/distributor';
import type { Step } from '../step';
import type { IrqChip } from './irqChip';

const KINDS = ['arm.gicd.mask', 'arm.gicd.unmask'] as const satisfies readonly HopKind[];
type ChipKind = (typeof KINDS)[number];

export class GicChip implements IrqChip {
  readonly name: string;
  private readonly k: Record<ChipKind, number>;
  private readonly detail: number;
  private logicalMasked: boolean | null = null;

  constructor(sim: Simulator, private readonly costs: CostModel, private readonly dist: GicDistributor, readonly intid: number) {
    this.name = `GIC SPI ${intid}`;
    this.k = sim.kinds(KINDS);
    this.detail = sim.sid(`INTID ${intid}`);
  }

  maskStep(where: number, flow: number): Step {
    this.logicalMasked = true;
    return this.step('arm.gicd.mask', 'arm.gicd.mask', where, flow);
  }

  unmaskStep(where: number, flow: number): Step {
    this.logicalMasked = false;
    return this.step('arm.gicd.unmask', 'arm.gicd.unmask', where, flow);
  }

  masked(): boolean {
    return this.logicalMasked ?? !this.dist.isEnabled(this.intid, 0);
  }

  /** An enable-bit write, costed by one of the entries its kind's catalog entry names. */
  private step<K extends ChipKind>(kind: K, cost: CostOf<K>, where: number, flow: number): Step {
    return { kind: this.k[kind], where, flow, detail: this.detail, dur: this.costs.ns(cost), then: () => this.apply() };
  }

  private apply(): void {
    this.dist.enable(this.intid, !this.logicalMasked);
  }
}
