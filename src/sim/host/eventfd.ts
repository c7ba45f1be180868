// eventfd: a 64-bit counter. A write adds to it and wakes the waiters; a read returns the sum and resets it,
// so signals that arrive before a read merge into one wake-up (the flows riding on them coalesce).
import type { FlowGroup } from '../hw/x86/lapic';

export type EventfdWaiter = (flows: FlowGroup) => void;

export class Eventfd {
  count = 0n;
  private flows: FlowGroup = [];
  private readonly waiters: EventfdWaiter[] = [];

  constructor(readonly name: string) {}

  /** Registers a wait-queue callback (as irqfd does): called synchronously on every signal. */
  addWaiter(w: EventfdWaiter): void {
    this.waiters.push(w);
  }

  /** eventfd_signal: add `n` and wake the waiters. */
  signal(n: bigint, flows: FlowGroup): void {
    this.count += n;
    for (const f of flows) this.flows.push(f);
    for (const w of this.waiters) w(flows);
  }

  /** A read: the counter and the flows it carried, then both reset. */
  read(): { value: bigint; flows: FlowGroup } {
    const out = { value: this.count, flows: this.flows };
    this.count = 0n;
    this.flows = [];
    return out;
  }
}
