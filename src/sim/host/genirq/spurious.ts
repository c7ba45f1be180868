// genirq's spurious detector (kernel/irq/spurious.c note_interrupt, facts §C.2, §H): unhandled interrupts are counted,
// the count restarting after 100 ms of quiet; once 100,000 interrupts have been counted, more than 99,900 of them
// unhandled means nobody cared: the line is disabled and then polled every 100 ms (poll_spurious_irqs), so a
// working sharer is still served, late.
// An interrupt whose only verdict is IRQ_WAKE_THREAD is judged by its thread, one interrupt late: the first sets
// SPURIOUS_DEFERRED and is not counted; each later one counts as handled if desc->threads_handled moved since the
// last look, unhandled if not (note_interrupt). The poller runs only lines whose first action is IRQF_SHARED
// (try_one_irq): an exclusive line disabled as spurious stays disabled.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { PCpu } from '../pcpu';
import { instantStep, type Step } from '../step';
import type { IrqChip } from './irqChip';

/** What the detector reaches of its line (the IRQ descriptor). */
export interface SpuriousLine {
  readonly irq: number;
  readonly chip: IrqChip;
  actionNames(): string[];
  /** disable_irq_nosync */
  disableNosync(): void;
  /** handle_irq_event from the poller (try_one_irq): every action's primary handler once, threads woken; no note_interrupt. */
  pollActions(pcpu: PCpu): Step[];
  /** The first action's IRQF_SHARED (all actions agree on it), false with no action. */
  readonly sharedFlag: boolean;
  /** Whether a device some driver would claim is still waiting (the poll then goes on into the drain). */
  serviceablePending(): boolean;
}

export const SPURIOUS_WINDOW = 100_000;
export const SPURIOUS_THRESHOLD = 99_900;
/** HZ/10: an unhandled interrupt after this much quiet restarts the unhandled count. */
export const UNHANDLED_QUIET_NS = 100_000_000;

export class SpuriousDetector {
  irqCount = 0;
  irqsUnhandled = 0;
  lastUnhandledAt = -Infinity;
  /** IRQS_SPURIOUS_DISABLED */
  disabled = false;
  /** desc->threads_handled: threaded handlers that returned IRQ_HANDLED (irq_thread_fn). */
  threadsHandled = 0;
  /** desc->threads_handled_last, without its SPURIOUS_DEFERRED bit… */
  private threadsHandledLast = 0;
  /** …which is this: a thread-only verdict is being judged one interrupt late. */
  private deferred = false;
  private polling = false;
  private readonly kDisable;
  private readonly kPoll;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly desc: SpuriousLine) {
    this.kDisable = sim.kind('genirq.spurious.disable');
    this.kPoll = sim.kind('genirq.spurious.poll');
  }

  /** note_interrupt after the actions ran, given what they returned together (some IRQ_HANDLED, some
   *  IRQ_WAKE_THREAD): returns the steps of disabling the line when it is judged stuck. */
  note(pcpu: PCpu, flow: number, ret: { handled: boolean; wokeThread: boolean }): Step[] {
    const now = this.sim.now;
    let handled = ret.handled;
    if (ret.wokeThread && !ret.handled) {
      // kernel/irq/spurious.c note_interrupt: action_ret == IRQ_WAKE_THREAD defers the verdict to the threads.
      if (!this.deferred) {
        this.deferred = true;
        return [];
      }
      handled = this.threadsHandled !== this.threadsHandledLast;
      if (handled) this.threadsHandledLast = this.threadsHandled;
    } else if (ret.wokeThread) {
      this.deferred = false; // a primary handler said IRQ_HANDLED: the threads' result does not matter
    }
    if (!handled) {
      this.irqsUnhandled = now - this.lastUnhandledAt > UNHANDLED_QUIET_NS ? 1 : this.irqsUnhandled + 1;
      this.lastUnhandledAt = now;
    }
    // Current kernels count only while some interrupt went unhandled.
    if (this.irqsUnhandled === 0) return [];
    if (++this.irqCount < SPURIOUS_WINDOW) return [];
    this.irqCount = 0;
    const stuck = this.irqsUnhandled > SPURIOUS_THRESHOLD;
    const unhandled = this.irqsUnhandled;
    this.irqsUnhandled = 0;
    if (!stuck || this.disabled) return [];
    this.disabled = true;
    this.desc.disableNosync();
    const handlers = this.desc.actionNames().join(', ') || 'none';
    const steps: Step[] = [instantStep(this.kDisable, pcpu.where, flow,
      this.sim.sid(`irq ${this.desc.irq}: nobody cared (${unhandled} of ${SPURIOUS_WINDOW} unhandled; handlers: ${handlers}); Disabling IRQ #${this.desc.irq}`))];
    if (!this.desc.chip.masked()) steps.push(this.desc.chip.maskStep(pcpu.where, flow));
    this.startPolling(pcpu);
    return steps;
  }

  /** poll_spurious_irqs: every 100 ms, run the actions of the disabled line (try_one_irq), while sources run or a
   *  claimable cause waits. try_one_irq skips a line whose action is not IRQF_SHARED. */
  private startPolling(pcpu: PCpu): void {
    if (this.polling) return;
    this.polling = true;
    const period = this.costs.ns('genirq.spurious.poll');
    const tick = () => {
      if ((this.sim.now >= this.sim.sourcesUntil && !this.desc.serviceablePending()) || !this.disabled) {
        this.polling = false;
        return;
      }
      // kernel/irq/spurious.c try_one_irq: !(action->flags & IRQF_SHARED) → not polled.
      const shared = this.desc.sharedFlag;
      pcpu.raiseSoftirq(() => [instantStep(this.kPoll, pcpu.where, 0,
        this.sim.sid(shared ? `irq ${this.desc.irq}: try_one_irq` : `irq ${this.desc.irq}: try_one_irq skips it (not IRQF_SHARED)`), {
        next: () => (shared ? this.desc.pollActions(pcpu) : []),
      })]);
      this.sim.after(period, tick);
    };
    this.sim.after(period, tick);
  }
}
