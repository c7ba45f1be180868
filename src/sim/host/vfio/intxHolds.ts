// The two ways vfio-pci holds an assigned device's INTx quiet until the guest has handled it (facts §B.4, seed 003):
// - at the line: disable_irq_nosync in the hard handler, enable_irq at the unmask (genirq masks the chip lazily);
//   only ever on a line with no other action (vfio_intx_handler: a !pci_2_3 device's interrupt is always its own);
// - at the device: pci_check_and_mask_intx (read COMMAND/STATUS, set DisINTx if this device is pending) and
//   pci_check_and_unmask_intx (stay masked and signal again when a new cause is already pending).
// Which hold a given interrupt takes is the masking strategy's choice (intxMasking.ts).
import type { CostModel } from '../../core/costModel';
import type { CostOf, HopKind, KindId } from '../../core/catalog/hopKinds';
import type { FlowGroup } from '../../core/flows';
import type { Simulator } from '../../core/simulator';
import type { PciFunction } from '../../hw/pci/pciFunction';
import type { HardIrqContext } from '../genirq/irqAction';
import type { IrqDesc } from '../genirq/irqDesc';
import { instantStep, timedStep, type Step, type StepExtra } from '../step';

/** What a hold reaches of vfio-pci's INTx for its device. */
export interface IntxHoldHost {
  readonly fn: PciFunction;
  readonly desc: IrqDesc;
  /** The hold in place now, or null when the interrupt is not held. */
  held: IntxHold | null;
  /** Said after each hold's hops: '' for upstream behaviour, ' [what it was]' for a design never merged. */
  readonly note: string;
  /** The interrupt is ours: IRQ_HANDLED, the hold's steps, then the trigger eventfd's signal. */
  forward(ctx: HardIrqContext, where: number, holdSteps: Step[]): Step[];
  /** Signal the trigger again for a cause still pending at unmask. */
  signalAgain(where: number, flows: FlowGroup): Step[];
  /** The flows the guest serviced while held end now. */
  completeServiced(): void;
}

export interface IntxHold {
  /** How it appears in the log ("unmask (line)"). */
  readonly name: 'line' | 'device';
  /** In the hard handler, not held yet: hold the interrupt if it is this device's, and forward it. */
  holdSteps(ctx: HardIrqContext, where: number, flow: number): Step[];
  /** vfio_pci_intx_unmask on the virqfd worker, this hold being in place. */
  releaseSteps(where: number, flow: number): Step[];
  /** The adaptive hand-over: take over from the line hold now in place (device hold only). */
  takeOverSteps(where: number): Step[];
}

abstract class Hold {
  protected readonly k;

  constructor(protected readonly sim: Simulator, protected readonly costs: CostModel, protected readonly host: IntxHoldHost) {
    this.k = sim.kinds(['vfio.intx.handler', 'pci.config.read', 'pci.config.write', 'vfio.intx.handover']);
  }

  protected s<K extends HopKind>(kind: KindId<K>, cost: CostOf<K>, where: number, flow: number, detail: string, extra?: StepExtra): Step {
    return timedStep(this.costs, kind, cost, where, flow, this.sim.sid(detail), extra);
  }

  protected get device(): string {
    return this.host.fn.device;
  }
}

export class LineHold extends Hold implements IntxHold {
  readonly name = 'line';

  /** Alone on the line, every interrupt is ours (drivers/vfio/pci/vfio_pci_intrs.c vfio_intx_handler, !pci_2_3). */
  holdSteps(ctx: HardIrqContext, where: number, flow: number): Step[] {
    const { desc } = this.host;
    return this.host.forward(ctx, where, [
      this.s(this.k['vfio.intx.handler'], 'vfio.intx.handler', where, flow, `${this.device}: disable_irq_nosync(${desc.irq})${this.host.note}`, {
        start: () => { desc.disableNosync(); this.host.held = this; },
      }),
    ]);
  }

  /** enable_irq: genirq unmasks the chip if the lazy disable masked it. */
  releaseSteps(where: number, flow: number): Step[] {
    this.host.held = null;
    this.host.completeServiced();
    return this.host.desc.enableSteps(where, flow);
  }

  takeOverSteps(): Step[] {
    return [];
  }
}

export class DeviceHold extends Hold implements IntxHold {
  readonly name = 'device';

  /** pci_check_and_mask_intx: read COMMAND+STATUS; mask only if this device is pending. */
  holdSteps(ctx: HardIrqContext, where: number, flow: number): Step[] {
    const { fn } = this.host;
    return [this.s(this.k['pci.config.read'], 'pci.config.read', where, ctx.flow, `${this.device} COMMAND/STATUS`, {
      next: () => {
        if (!fn.intxPending) return [];
        this.host.held = this; // decided under vfio's irqlock; the config write applies it
        return this.host.forward(ctx, where, [
          this.s(this.k['pci.config.write'], 'pci.config.write', where, flow, `${this.device} COMMAND.intxDisable = 1`, { then: () => this.apply() }),
          this.s(this.k['vfio.intx.handler'], 'vfio.intx.handler', where, flow, `${this.device}: masked at the device${this.host.note}`),
        ]);
      },
    })];
  }

  /** pci_check_and_unmask_intx: unmask only if nothing is pending; else stay masked and signal again at once. */
  releaseSteps(where: number, flow: number): Step[] {
    const { fn } = this.host;
    return [this.s(this.k['pci.config.read'], 'pci.config.read', where, flow, `${this.device} COMMAND/STATUS`, {
      next: () => {
        this.host.completeServiced();
        if (fn.intxPending) return this.host.signalAgain(where, fn.intxFlows());
        this.host.held = null;
        return [this.s(this.k['pci.config.write'], 'pci.config.write', where, flow, `${this.device} COMMAND.intxDisable = 0`, { then: () => this.apply() })];
      },
    })];
  }

  /** The line became shared while held there: mask at the device, release the line. */
  takeOverSteps(where: number): Step[] {
    const { desc } = this.host;
    return [
      this.s(this.k['pci.config.read'], 'pci.config.read', where, 0, `${this.device} COMMAND (hand-over)`),
      this.s(this.k['pci.config.write'], 'pci.config.write', where, 0, `${this.device} COMMAND.intxDisable = 1 (hand-over)`, {
        start: () => { this.host.held = this; },
        then: () => this.apply(),
      }),
      instantStep(this.k['vfio.intx.handover'], where, 0, this.sim.sid(`irq ${desc.irq} now shared: ${this.device} masked at the device, line released${this.host.note}`), {
        next: () => desc.enableSteps(where, 0),
      }),
    ];
  }

  /** Writes DisINTx as last decided (a mask and an unmask in flight on two CPUs end as decided). */
  private apply(): void {
    const { fn } = this.host;
    const want = this.host.held === this;
    if (fn.intxDisabled !== want) fn.setIntxDisable(want);
  }
}
