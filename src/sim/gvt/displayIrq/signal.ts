// The producer's side of a display IRQ, common to both strategies: the IRQ as a part of the wiring (VFIO's display IRQ
// of the vGPU, "host/vfio/vgpu1/display"), its `raise` in-port (a display event of the vGPU: a new flow), its
// trigger out-ports to the eventfds the VMM set (eventfd_signal by value), and GVT's signal hop on the event's flow.
import type { CostModel } from '../../core/costModel';
import type { FlowGroup } from '../../core/flows';
import type { Simulator } from '../../core/simulator';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { Eventfd } from '../../host/eventfd';
import type { DisplayEventType } from './types';

/** eventfd_signal with a value: what the counter gains. */
export type EventfdAdd = (n: bigint, flows: FlowGroup) => void;

export class DisplayIrqPart {
  readonly node: WireNode;
  private readonly kSignal: number;
  private readonly where: number;
  private readonly vmId: number;
  private readonly source: number;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, device: string, vm: string, kind: string) {
    this.node = wireNode(`host/vfio/${device}/display`, 'vfio-display-irq', vm, `${device} display IRQ (${kind})`);
    this.kSignal = sim.kind('eventfd.signal');
    this.where = sim.sid(`${vm}.vgpu-display`);
    this.vmId = sim.sid(vm);
    this.source = sim.sid(`${vm}.display`);
    sim.wires.addNode(this.node);
  }

  /** The `raise` in-port: each display event is a new flow of the VM's display, raised through `raise`. */
  raiseIn(raise: (type: DisplayEventType, flows: FlowGroup) => void): InPort<(type: DisplayEventType) => void> {
    return inPort(this.node, 'raise', 'eventfd', (type: DisplayEventType) => raise(type, [this.sim.raiseFlow(this.source, this.vmId)]));
  }

  /** A trigger out-port connected to eventfd `fd` (VFIO_DEVICE_SET_IRQS gave it to this IRQ's subindex). */
  trigger(name: string, fd: Eventfd): OutPort<EventfdAdd> {
    const out = outPort<EventfdAdd>(this.node, name, 'eventfd', () => {});
    this.sim.wires.connect(out, inPort<EventfdAdd>(fd.node, 'add', 'eventfd', (n, flows) => { fd.signal(n, flows); }));
    return out;
  }

  /** The signal hop of an event's flow (none for an event raised without one). */
  signalled(flows: FlowGroup, detail: string): void {
    const flow = flows[0];
    if (flow === undefined) return;
    this.sim.hop(flow, this.kSignal, this.where, this.vmId, this.sim.sid(detail), this.costs.ns('eventfd.signal'));
  }
}
