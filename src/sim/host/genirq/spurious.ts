// genirq's spurious detector (kernel/irq/spurious.c note_interrupt, facts §C.2): unhandled interrupts are counted,
// the count restarting after 100 ms of quiet; once 100,000 interrupts have been counted, more than 99,900 of them
// unhandled means nobody cared: the line is disabled and then polled every 100 ms (poll_spurious_irqs), so a
// working sharer is still served, late.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import type { PCpu } from '../pcpu';
import { instantStep, type Step } from '../step';
import type { HardIrqContext, IrqAction } from './irqAction';
import type { IrqChip } from './irqChip';

/** What the detector reaches of its line (the IRQ descriptor). */
export interface SpuriousLine {
  readonly irq: number;
  readonly chip: IrqChip;
  actionNames(): string[];
  /** disable_irq_nosync */
  disableNosync(): void;
  /** Runs every action's primary handler once (try_one_irq). */
  runActions(pcpu: PCpu, flows: FlowGroup, flow: number, done: (ctxs: [IrqAction, HardIrqContext][]) => Step[]): Step[];
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
  private polling = false;
  private readonly kDisable;
  private readonly kPoll;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly desc: SpuriousLine) {
    this.kDisable = sim.kind('genirq.spurious.disable');
    this.kPoll = sim.kind('genirq.spurious.poll');
  }

  /** note_interrupt after the actions ran: returns the steps of disabling the line when it is judged stuck. */
  note(pcpu: PCpu, flow: number, handled: boolean): Step[] {
    const now = this.sim.now;
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

  /** poll_spurious_irqs: every 100 ms, run the actions of the disabled line (try_one_irq), while sources run or a claimable cause waits. */
  private startPolling(pcpu: PCpu): void {
    if (this.polling) return;
    this.polling = true;
    const period = this.costs.ns('genirq.spurious.poll');
    const tick = () => {
      if ((this.sim.now >= this.sim.sourcesUntil && !this.desc.serviceablePending()) || !this.disabled) {
        this.polling = false;
        return;
      }
      pcpu.raiseSoftirq(() => [instantStep(this.kPoll, pcpu.where, 0, this.sim.sid(`irq ${this.desc.irq}: try_one_irq`), {
        next: () => this.desc.runActions(pcpu, [], 0, () => []),
      })]);
      this.sim.after(period, tick);
    };
    this.sim.after(period, tick);
  }
}
