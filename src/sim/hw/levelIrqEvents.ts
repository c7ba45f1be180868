// A device raising a level interrupt (PCI INTx, a platform SPI) as its workload's events arrive: each event is a
// new flow; one that arrives while the device's cause is still pending merges into it (the line is already
// asserted). A stuck device asserts once and never lets go. Stops when its driver quiesces it or the sources stop.
// A device with a workload (a NIC's request/response or stream) raises its events through `event` instead.
import type { Arrivals } from '../core/arrivals';
import type { Simulator } from '../core/simulator';
import type { InterruptCause } from './interruptCause';

export class LevelIrqEvents {
  private readonly kAssert;
  private readonly kMerge;
  private readonly kQuiesce;
  private readonly where: number;
  private readonly sourceId: number;
  private readonly vmId: number;
  private quiesced = false;

  constructor(
    private readonly sim: Simulator,
    readonly fn: InterruptCause,
    private readonly arrivals: Arrivals | null,
    owner: string,
    private readonly startAt = 0,
  ) {
    this.kAssert = sim.kind('device.irq.assert');
    this.kMerge = sim.kind('device.irq.coalesce');
    this.kQuiesce = sim.kind('device.irq.quiesce');
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
    for (const f of this.fn.pending ? this.fn.ack() : []) {
      this.sim.hop(f, this.kQuiesce, this.where, this.vmId, this.sim.sid('driver quiesced the device: pending cause discarded'), 0);
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

  /** One event raised by a workload (not by the arrivals): its flow, or 0 once the driver has quiesced the device. */
  event(what = 'cause'): number {
    return this.quiesced ? 0 : this.raise(what);
  }

  /** What an assertion says, interned once per (cause, held at the device). */
  private readonly assertTexts = new Map<string, number>();
  private readonly heldAssertTexts = new Map<string, number>();

  private assertText(what: string, held: boolean): number {
    const texts = held ? this.heldAssertTexts : this.assertTexts;
    let id = texts.get(what);
    if (id === undefined) texts.set(what, id = this.sim.sid(`${what}${held ? ' (held at the device: DisINTx)' : ''}`));
    return id;
  }

  private raise(what: string): number {
    const flow = this.sim.raiseFlow(this.sourceId, this.vmId);
    const r = this.fn.raise(flow);
    if (r.mergedInto === null) this.sim.hop(flow, this.kAssert, this.where, this.vmId, this.assertText(what, this.fn.heldAtDevice), 0);
    else this.sim.hop(flow, this.kMerge, this.where, this.vmId, this.sim.sid(`cause already pending: merged into flow ${r.mergedInto}`), 0);
    return flow;
  }
}
