// eventfd: a 64-bit counter. A write adds to it and wakes the waiters; a read returns the sum and resets it,
// so signals that arrive before a read merge into one wake-up (the flows riding on them coalesce).
import type { CostModel } from '../core/costModel';
import type { Simulator } from '../core/simulator';
import type { FlowGroup } from '../core/flows';
import type { Step } from './step';

export type EventfdWaiter = (flows: FlowGroup) => void;
/** A wait-queue callback that does its work inline in the signaller's context (irqfd_wakeup): its steps. */
export type InlineWaiter = (where: number, flows: FlowGroup) => Step[];

export class Eventfd {
  count = 0n;
  private flows: FlowGroup = [];
  private readonly waiters: EventfdWaiter[] = [];
  private readonly inline: InlineWaiter[] = [];

  constructor(readonly name: string) {}

  /** Registers a wait-queue callback (as irqfd does): called synchronously on every signal. */
  addWaiter(w: EventfdWaiter): void {
    this.waiters.push(w);
  }

  removeWaiter(w: EventfdWaiter): void {
    const i = this.waiters.indexOf(w);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  /** Registers an inline wait-queue callback (KVM_IRQFD assigns irqfd_wakeup this way). */
  addInlineWaiter(w: InlineWaiter): void {
    this.inline.push(w);
  }

  removeInlineWaiter(w: InlineWaiter): void {
    const i = this.inline.indexOf(w);
    if (i >= 0) this.inline.splice(i, 1);
  }

  /** eventfd_signal from a CPU, as steps: the counter add, then whatever the inline waiters do in this context. */
  signalSteps(sim: Simulator, costs: CostModel, where: number, flows: FlowGroup, detail = `${this.name} += 1`): Step[] {
    return [
      { kind: sim.sid('eventfd.signal'), where, flow: flows[0] ?? 0, dur: costs.ns('eventfd.signal'), detail: sim.sid(detail),
        then: () => this.signal(1n, flows) },
      ...this.inline.flatMap((w) => w(where, flows)),
    ];
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
