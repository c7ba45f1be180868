// A PCI function raising INTx as its workload's events arrive: each event is a new flow; one that arrives while
// the device's cause is still pending merges into it (the line is already asserted). A stuck device asserts
// once and never lets go. Stops when its driver quiesces it or when the sources stop.
import type { Arrivals } from '../../core/arrivals';
import type { Simulator } from '../../core/simulator';
import type { PciFunction } from './pciFunction';

export class IntxEvents {
  private readonly kAssert: number;
  private readonly kMerge: number;
  private readonly where: number;
  private readonly sourceId: number;
  private readonly vmId: number;
  private quiesced = false;

  constructor(
    private readonly sim: Simulator,
    readonly fn: PciFunction,
    private readonly arrivals: Arrivals | null,
    owner: string,
    private readonly startAt = 0,
  ) {
    this.kAssert = sim.sid('pci.intx.assert');
    this.kMerge = sim.sid('pci.intx.coalesce');
    this.where = sim.sid(fn.device);
    this.sourceId = sim.sid(fn.device);
    this.vmId = sim.sid(owner);
  }

  start(): void {
    if (!this.arrivals) {
      // Stuck: asserts at its start time and never de-asserts (no driver will read its cause).
      this.sim.at(this.startAt, () => this.raise('stuck asserting'));
      return;
    }
    this.scheduleNext(this.startAt);
  }

  /** The driver stops the device raising interrupts (on unload, or a failed probe); a cause already pending clears. */
  quiesce(): void {
    this.quiesced = true;
    for (const f of this.fn.intxPending ? this.fn.ackIntx() : []) {
      this.sim.hop(f, this.sim.sid('pci.intx.quiesce'), this.where, this.vmId, this.sim.sid('driver quiesced the device: pending cause discarded'), 0);
      this.sim.flows.drop(f);
    }
  }

  private scheduleNext(from: number): void {
    const t = Math.max(this.sim.now, from) + this.arrivals!.nextGap();
    if (t >= this.sim.sourcesUntil) return;
    this.sim.at(t, () => {
      if (this.quiesced) return;
      this.raise('cause');
      this.scheduleNext(t);
    });
  }

  private raise(what: string): void {
    const flow = this.sim.raiseFlow(this.sourceId, this.vmId);
    const r = this.fn.raiseIntx(flow);
    if (r.mergedInto === null) this.sim.hop(flow, this.kAssert, this.where, this.vmId, this.sim.sid(`INTA# ${what}${this.fn.intxDisabled ? ' (DisINTx: not driven)' : ''}`), 0);
    else this.sim.hop(flow, this.kMerge, this.where, this.vmId, this.sim.sid(`cause already pending: merged into flow ${r.mergedInto}`), 0);
  }
}
