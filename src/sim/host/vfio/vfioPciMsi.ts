// vfio-pci MSI for an assigned device: the host vector's handler (vfio_msihandler) signals the trigger eventfd,
// which KVM's irqfd consumes (facts §B.4). The eventfd's waiters run inline in this hard-irq context.
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../hw/x86/lapic';
import type { CostModel } from '../../core/costModel';
import type { Eventfd } from '../eventfd';
import type { PCpu } from '../pcpu';
import type { Step } from '../step';

/** VFIO_PCI_MSI_IRQ_INDEX and the uapi flags that describe it (facts §B.1). */
export const VFIO_PCI_MSI_IRQ_INDEX = 1;
export const VFIO_IRQ_INFO_EVENTFD = 1 << 0;
export const VFIO_IRQ_INFO_NORESIZE = 1 << 3;

export class VfioPciMsi {
  private readonly kHandler: number;
  /** The trigger eventfd of vector 0 (VFIO_IRQ_SET_ACTION_TRIGGER); null while MSI is not enabled. */
  trigger: Eventfd | null = null;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly device: string) {
    this.kHandler = sim.sid('vfio.msi.handler');
  }

  /** Registers vfio_msihandler on the host vector (request_irq). */
  attach(pcpu: PCpu, hostVector: number): void {
    pcpu.requestVector(hostVector, `vfio-msi[0](${this.device})`, (_v, flows) => this.handler(pcpu, flows), false);
  }

  private handler(pcpu: PCpu, flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    return [
      pcpu.step(this.kHandler, 'vfio.msi.handler', flow, this.sim.sid(`${this.device} MSI vector 0`)),
      ...(this.trigger?.signalSteps(this.sim, this.costs, pcpu.where, flows) ?? []),
    ];
  }
}
