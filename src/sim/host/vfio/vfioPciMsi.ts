// vfio-pci MSI and MSI-X for an assigned device: each vector's host handler (vfio_msihandler) signals that vector's
// trigger eventfd, whose inline waiters (KVM's irqfd) run in this hard-irq context (facts §B.4).
// As a part of the wiring, each vector is a part ("host/vfio/nic0/msi0", "host/vfio/nic0/msix3"): its host vector
// reaches `irq`, and `trigger` signals the eventfd VFIO_DEVICE_SET_IRQS gave it.
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import { inPort, outPort, wireNode, type InPort, type OutPort } from '../../core/wires';
import type { Eventfd, SignalSteps } from '../eventfd';
import type { IrqHandler, PCpu } from '../pcpu';
import type { Step } from '../step';

interface VectorPorts {
  handler: InPort<IrqHandler>;
  trigger: OutPort<SignalSteps>;
}

export class VfioPciMsi {
  private readonly kHandler;
  /** Each vector's trigger eventfd (VFIO_IRQ_SET_ACTION_TRIGGER); null while the vector is not enabled. */
  readonly triggers: (Eventfd | null)[];
  private readonly vectors: VectorPorts[];
  /** The CPU each vector's host vector was requested on. */
  private readonly cpus: (PCpu | null)[];

  constructor(private readonly sim: Simulator, readonly device: string, readonly kind: 'MSI' | 'MSI-X', vectors = 1) {
    this.kHandler = sim.kind('vfio.msi.handler');
    this.triggers = new Array(vectors).fill(null);
    this.cpus = new Array(vectors).fill(null);
    const short = kind === 'MSI' ? 'msi' : 'msix';
    this.vectors = Array.from({ length: vectors }, (_, i) => {
      const node = wireNode(`host/vfio/${device}/${short}${i}`, 'vfio-msi', 'host', `vfio-${short}[${i}](${device})`);
      return {
        handler: inPort<IrqHandler>(node, 'irq', 'vector', (_v, flows) => this.handler(this.cpus[i]!, i, flows)),
        trigger: outPort<SignalSteps>(node, 'trigger', 'eventfd', () => []),
      };
    });
  }

  get enabled(): boolean {
    return this.triggers.some((t) => t !== null);
  }

  /** Registers vfio_msihandler for vector `i` on a host vector (request_irq of that vector). */
  attach(pcpu: PCpu, hostVector: number, i = 0): void {
    this.cpus[i] = pcpu;
    pcpu.requestVector(hostVector, this.vectors[i]!.handler, false);
  }

  /** ACTION_TRIGGER + DATA_EVENTFD for vector i: its trigger (null: de-assign). */
  setTrigger(i: number, efd: Eventfd | null): void {
    const was = this.triggers[i];
    const port = this.vectors[i]!.trigger;
    if (was) this.sim.wires.disconnect(port, was.signalIn);
    this.triggers[i] = efd;
    if (efd) this.sim.wires.connect(port, efd.signalIn);
  }

  /** Each vector's interned handler detail (built once). */
  private readonly handlerIds: number[] = [];

  private handler(pcpu: PCpu, i: number, flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    return [
      pcpu.step(this.kHandler, 'vfio.msi.handler', flow, this.handlerIds[i] ??= this.sim.sid(`${this.device} ${this.kind} vector ${i}`)),
      ...this.vectors[i]!.trigger.send(pcpu.where, flows),
    ];
  }
}
