// eventfd: a 64-bit counter. A write adds to it and wakes the waiters; a read returns the sum and resets it,
// so signals that arrive before a read merge into one wake-up (the flows riding on them coalesce).
// The counter is bounded (fs/eventfd.c): eventfd_signal saturates at ULLONG_MAX (poll then reports EPOLLERR);
// a userspace write that would take it past ULLONG_MAX - 1 blocks, or fails with EAGAIN on an O_NONBLOCK fd.
// As a part of the machine's wiring: its wait queue is a fan-out port. Inline entries (irqfd_wakeup) add their steps
// to the signaller's context; deferred entries (a virqfd worker, a VMM thread) are told after the count changed.
import type { CostModel } from '../core/costModel';
import type { Simulator } from '../core/simulator';
import type { FlowGroup } from '../core/flows';
import { fanOutPort, inPort, wireNode, type InPort, type OutPort, type WireNode } from '../core/wires';
import { timedStep, type Step } from './step';

export type EventfdWaiter = (flows: FlowGroup) => void;
/** A wait-queue callback that does its work inline in the signaller's context (irqfd_wakeup): its steps. */
export type InlineWaiter = (where: number, flows: FlowGroup) => Step[];
/** eventfd_signal from a CPU, as steps (the counter add, then the inline waiters' work). */
export type SignalSteps = (where: number, flows: FlowGroup, detail?: string) => Step[];

/** eventfd_signal of `n` from a context that costs it itself, at `where`: the inline waiters' steps there. */
export type AddSteps = (n: bigint, flows: FlowGroup, where: number) => Step[];

/** ULLONG_MAX: the counter's ceiling. */
export const EVENTFD_MAX = 0xffff_ffff_ffff_ffffn;

/** What write(2) of a value does: added, would block (a blocking writer sleeps until a read makes room), or refused. */
export type EventfdWriteResult = 'written' | 'would-block' | '-EAGAIN' | '-EINVAL';

export class Eventfd {
  count = 0n;
  private flows: FlowGroup = [];
  readonly node: WireNode;
  /** Inline wait-queue entries, in the order they were added. */
  readonly wake: OutPort<InlineWaiter>;
  /** Deferred wait-queue entries. */
  readonly notify: OutPort<EventfdWaiter>;
  /** What a signaller is wired to (VFIO's trigger, KVM's resampler, the mediator's msi_trigger). */
  readonly signalIn: InPort<SignalSteps>;
  /** eventfd_signal from a context that costs it itself (KVM's resampler): the add and the wake-ups with no step of
   *  their own; returns the inline waiters' steps in that context (virqfd_wakeup's unmask). */
  readonly addIn: InPort<AddSteps>;
  private readonly kSignal;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly name: string, vm = 'host') {
    this.kSignal = sim.kind('eventfd.signal');
    this.node = wireNode(`${vm}/eventfd/${name}`, 'eventfd', vm, name);
    this.wake = fanOutPort(this.node, 'wake', 'eventfd');
    this.notify = fanOutPort(this.node, 'notify', 'eventfd');
    this.addIn = inPort(this.node, 'add', 'eventfd', (n: bigint, flows: FlowGroup, where: number) => {
      this.signal(n, flows);
      const steps: Step[] = [];
      if (!this.stalled()) this.wake.each((w) => { steps.push(...w(where, flows)); });
      return steps;
    });
    this.signalIn = inPort(this.node, 'signal', 'eventfd', (where: number, flows: FlowGroup, detail?: string) => this.signalSteps(where, flows, detail));
    sim.wires.addNode(this.node);
  }

  /** Registers a deferred wait-queue entry: told synchronously on every signal. */
  addWaiter(w: InPort<EventfdWaiter>): void {
    this.sim.wires.connect(this.notify, w);
  }

  removeWaiter(w: InPort<EventfdWaiter>): void {
    this.sim.wires.disconnect(this.notify, w);
  }

  /** Registers an inline wait-queue entry (KVM_IRQFD assigns irqfd_wakeup this way). */
  addInlineWaiter(w: InPort<InlineWaiter>): void {
    this.sim.wires.connect(this.wake, w);
  }

  removeInlineWaiter(w: InPort<InlineWaiter>): void {
    this.sim.wires.disconnect(this.wake, w);
  }

  /** "<name> += 1", the detail of most signals, interned at first use. */
  private addOneText: number | undefined;

  /** eventfd_signal from a CPU, as steps: the counter add, then whatever the inline waiters do in this context. */
  signalSteps(where: number, flows: FlowGroup, detail?: string): Step[] {
    if (this.stalled()) {
      return [timedStep(this.costs, this.kSignal, 'eventfd.signal', where, flows[0] ?? 0, this.sim.sid(`${detail ?? `${this.name} += 1`} (consumer stalled: no wake-up)`), { then: () => this.signal(1n, flows) })];
    }
    const detailId = detail === undefined ? (this.addOneText ??= this.sim.sid(`${this.name} += 1`)) : this.sim.sid(detail);
    const steps: Step[] = [
      timedStep(this.costs, this.kSignal, 'eventfd.signal', where, flows[0] ?? 0, detailId, { then: () => this.signal(1n, flows) }),
    ];
    this.wake.each((w) => { steps.push(...w(where, flows)); });
    return steps;
  }

  /** eventfd_signal: add `n`, saturating at ULLONG_MAX (fs/eventfd.c eventfd_signal), and wake the waiters. Returns what was added. */
  signal(n: bigint, flows: FlowGroup): bigint {
    const added = n > EVENTFD_MAX - this.count ? EVENTFD_MAX - this.count : n;
    this.count += added;
    for (const f of flows) this.flows.push(f);
    if (this.stalled()) {
      for (const f of flows) this.missed.push(f);
      return added;
    }
    this.notify.each((w) => w(flows));
    return added;
  }

  // An injected fault (`eventfd-stall`): until stallUntil the waiters are not woken; the signals add up.
  private stallUntil = -1;
  private missed: FlowGroup = [];

  private stalled(): boolean {
    return this.sim.now < this.stallUntil;
  }

  /**
   * The consumer stalls from now until `until`; then one wake-up carries every signal it missed: the deferred waiters
   * are told, and the inline waiters' steps (at `where`) are handed to `run` (a CPU's softirq, in the fault's wiring).
   */
  stall(until: number, where: number, resumeStep: (flows: FlowGroup) => Step, run: (steps: Step[]) => void): void {
    this.stallUntil = until;
    this.sim.at(until, () => {
      const flows = this.missed;
      this.missed = [];
      if (!flows.length) return;
      const steps: Step[] = [resumeStep(flows)];
      this.wake.each((w) => { steps.push(...w(where, flows)); });
      this.notify.each((w) => w(flows));
      run(steps);
    });
  }

  /** write(2) from userspace (fs/eventfd.c eventfd_write): ULLONG_MAX is -EINVAL; a value that would take the counter
   *  past ULLONG_MAX - 1 is not added: the writer blocks, or gets -EAGAIN with O_NONBLOCK. */
  write(n: bigint, flows: FlowGroup, nonblock = false): EventfdWriteResult {
    if (n >= EVENTFD_MAX) return '-EINVAL';
    if (EVENTFD_MAX - this.count <= n) return nonblock ? '-EAGAIN' : 'would-block';
    this.signal(n, flows);
    return 'written';
  }

  /** The counter reached ULLONG_MAX: poll reports EPOLLERR (fs/eventfd.c eventfd_poll). */
  get overflowed(): boolean {
    return this.count === EVENTFD_MAX;
  }

  /** A read: the counter and the flows it carried, then both reset. */
  read(): { value: bigint; flows: FlowGroup } {
    const out = { value: this.count, flows: this.flows };
    this.count = 0n;
    this.flows = [];
    return out;
  }
}
