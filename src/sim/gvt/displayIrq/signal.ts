// The producer's side of a display event, common to both strategies: GVT's eventfd_signal, logged on the event's flow.
import type { CostModel } from '../../core/costModel';
import type { FlowGroup } from '../../core/flows';
import type { Simulator } from '../../core/simulator';

export class DisplaySignalLog {
  private readonly kSignal: number;
  private readonly where: number;
  private readonly vmId: number;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, vm: string) {
    this.kSignal = sim.kind('eventfd.signal');
    this.where = sim.sid(`${vm}.vgpu-display`);
    this.vmId = sim.sid(vm);
  }

  /** The signal hop of an event's flow (none for an event raised without one). */
  signalled(flows: FlowGroup, detail: string): void {
    const flow = flows[0];
    if (flow === undefined) return;
    this.sim.hop(flow, this.kSignal, this.where, this.vmId, this.sim.sid(detail), this.costs.ns('eventfd.signal'));
  }
}
