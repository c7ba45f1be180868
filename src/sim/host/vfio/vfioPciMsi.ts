// vfio-pci MSI for an assigned device: the host vector's handler (vfio_msihandler) signals the trigger eventfd,
// which KVM's irqfd consumes (facts §B.4). The eventfd's waiters run inline in this hard-irq context.
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../hw/x86/lapic';
import type { Eventfd } from '../eventfd';
import type { Irqfd } from '../kvm/irqfd';
import type { PCpu } from '../pcpu';
import type { Step } from '../step';

/** VFIO_PCI_MSI_IRQ_INDEX and the uapi flags that describe it (facts §B.1). */
export const VFIO_PCI_MSI_IRQ_INDEX = 1;
export const VFIO_IRQ_INFO_EVENTFD = 1 << 0;
export const VFIO_IRQ_INFO_NORESIZE = 1 << 3;

export class VfioPciMsi {
  private readonly kHandler: number;
  private readonly kSignal: number;

  constructor(
    private readonly sim: Simulator,
    readonly device: string,
    readonly trigger: Eventfd,
    private readonly irqfd: Irqfd,
  ) {
    this.kHandler = sim.sid('vfio.msi.handler');
    this.kSignal = sim.sid('eventfd.signal');
  }

  /** Registers vfio_msihandler on the host vector (request_irq). */
  attach(pcpu: PCpu, hostVector: number): void {
    pcpu.requestVector(hostVector, `vfio-msi[0](${this.device})`, (_v, flows) => this.handler(pcpu, flows), false);
  }

  private handler(pcpu: PCpu, flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    return [
      pcpu.step(this.kHandler, 'vfio.msi.handler', flow, this.sim.sid(`${this.device} MSI vector 0`)),
      pcpu.step(this.kSignal, 'eventfd.signal', flow, this.sim.sid(`${this.trigger.name} += 1`), {
        then: () => this.trigger.signal(1n, flows),
      }),
      ...this.irqfd.wakeSteps(pcpu.where, flows),
    ];
  }
}
