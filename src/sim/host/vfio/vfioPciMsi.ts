// vfio-pci MSI and MSI-X for an assigned device: each vector's host handler (vfio_msihandler) signals that vector's
// trigger eventfd, whose inline waiters (KVM's irqfd) run in this hard-irq context (facts §B.4).
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import type { Eventfd } from '../eventfd';
import type { PCpu } from '../pcpu';
import type { Step } from '../step';

export class VfioPciMsi {
  private readonly kHandler: number;
  /** Each vector's trigger eventfd (VFIO_IRQ_SET_ACTION_TRIGGER); null while the vector is not enabled. */
  readonly triggers: (Eventfd | null)[];

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly device: string, readonly kind: 'MSI' | 'MSI-X', vectors = 1) {
    this.kHandler = sim.sid('vfio.msi.handler');
    this.triggers = new Array(vectors).fill(null);
  }

  get enabled(): boolean {
    return this.triggers.some((t) => t !== null);
  }

  /** Registers vfio_msihandler for vector `i` on a host vector (request_irq of that vector). */
  attach(pcpu: PCpu, hostVector: number, i = 0): void {
    pcpu.requestVector(hostVector, `vfio-${this.kind === 'MSI' ? 'msi' : 'msix'}[${i}](${this.device})`, (_v, flows) => this.handler(pcpu, i, flows), false);
  }

  private handler(pcpu: PCpu, i: number, flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    return [
      pcpu.step(this.kHandler, 'vfio.msi.handler', flow, this.sim.sid(`${this.device} ${this.kind} vector ${i}`)),
      ...(this.triggers[i]?.signalSteps(this.sim, this.costs, pcpu.where, flows) ?? []),
    ];
  }
}
