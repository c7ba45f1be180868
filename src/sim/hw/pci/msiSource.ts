// A PCI function that raises MSIs as its workload's events arrive (a NIC receiving packets). Each event is a new
// flow; the MSI write carries it to the LAPIC the function's own MSI registers name.
import { Arrivals } from '../../core/arrivals';
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { MsiMessage } from './configSpace';
import type { FlowGroup } from '../x86/lapic';
import type { PciFunction } from './pciFunction';

export class MsiSource {
  private readonly kWrite: number;
  private readonly kBlocked: number;
  private readonly where: number;
  private readonly sourceId: number;
  private readonly vmId: number;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly fn: PciFunction,
    /** Where the MSI write goes: the interrupt remapper (posting) or the APIC bus. */
    private readonly deliver: (msg: MsiMessage, flows: FlowGroup) => void,
    private readonly arrivals: Arrivals,
    /** The VM the device is assigned to, or "host". */
    owner: string,
  ) {
    this.kWrite = sim.sid('pci.msi.write');
    this.kBlocked = sim.sid('pci.msi.blocked');
    this.where = sim.sid(fn.device);
    this.sourceId = sim.sid(fn.device);
    this.vmId = sim.sid(owner);
  }

  /** Schedules the first event; each event schedules the next until the sources stop. */
  start(): void {
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const t = this.sim.now + this.arrivals.nextGap();
    if (t >= this.sim.sourcesUntil) return;
    this.sim.at(t, () => {
      this.raise();
      this.scheduleNext();
    });
  }

  /** One device event: a new flow and its MSI write. */
  raise(): void {
    const sim = this.sim;
    const flow = sim.raiseFlow(this.sourceId, this.vmId);
    const msg = this.fn.msiMessage();
    if ('blocked' in msg) {
      sim.hop(flow, this.kBlocked, this.where, this.vmId, sim.sid(msg.blocked), 0);
      sim.flows.drop(flow);
      return;
    }
    const dur = this.costs.ns('pci.msi.write');
    sim.hop(flow, this.kWrite, this.where, this.vmId,
      sim.sid(`0x${(0xfee00000 + msg.destId * 0x1000).toString(16)} ← 0x${msg.vector.toString(16)}`), dur);
    sim.after(dur, () => this.deliver(msg, [flow]));
  }
}
