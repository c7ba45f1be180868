// vfio-pci MSI and MSI-X for an assigned device: each vector's host handler (vfio_msihandler) signals that vector's
// trigger eventfd, whose inline waiters (KVM's irqfd) run in this hard-irq context (facts §B.4).
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import type { Eventfd } from '../eventfd';
import { PCpu } from '../pcpu';
import type { Step } from '../step';

export class VfioPciMsi {
  private readonly kHandler;
  /** Each vector's trigger eventfd (VFIO_IRQ_SET_ACTION_TRIGGER); null while the vector is not enabled. */
  readonly triggers: (Eventfd | null)[];

  constructor(private readonly sim: Simulator, readonly device: string, readonly kind: 'MSI' | 'MSI-X', vectors = 1) {
    this.kHandler = sim.kind('vfio.msi.handler');
    this.triggers = new Array(vectors).fill(null);
  }

  get enabled(): boolean {
    return this.triggers.some((t) => t !== null);
  }

  /** Registers vfio_msihandler for vector `i` on a host vector (request_irq of that vector). */
  attach(pcpu: PCpu, hostVector: number, i = 0): void {
    const name = `vfio-${this.kind === 'MSI' ? 'msi' : 'msix'}[${i}](${this.device})`;
    pcpu.requestVector(hostVector, PCpu.handler(`host/vfio/${this.device}/${this.kind === 'MSI' ? 'msi' : 'msix'}${i}`, name, (_v, flows) => this.handler(pcpu, i, flows), 'vfio-msi'), false);
  }

  private handler(pcpu: PCpu, i: number, flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    return [
      pcpu.step(this.kHandler, 'vfio.msi.handler', flow, this.sim.sid(`${this.device} ${this.kind} vector ${i}`)),
      ...(this.triggers[i]?.signalSteps(pcpu.where, flows) ?? []),
    ];
  }
}
