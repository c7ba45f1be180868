// genirq's spurious detector against kernel/irq/spurious.c (facts §C.2, §H): a thread-only verdict is judged by the
// thread one interrupt late (SPURIOUS_DEFERRED), and the poller runs only IRQF_SHARED lines (try_one_irq).
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../src/sim/core/costModel';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import { Simulator } from '../../../../src/sim/core/simulator';
import type { IrqChip } from '../../../../src/sim/host/genirq/irqChip';
import { SPURIOUS_WINDOW, SpuriousDetector, type SpuriousLine } from '../../../../src/sim/host/genirq/spurious';
import type { PCpu } from '../../../../src/sim/host/pcpu';
import type { Step } from '../../../../src/sim/host/step';

const step = (): Step => ({ kind: 0, where: 0, detail: 0, flow: 0, dur: 0 });
const chip: IrqChip = { name: 'test', maskStep: step, unmaskStep: step, masked: () => false };

function line(sharedFlag: boolean) {
  const sim = new Simulator(64);
  sim.sourcesUntil = 10_000_000_000;
  const polled: number[] = [];
  const softirqs: (() => Step[])[] = [];
  const desc: SpuriousLine = {
    irq: 19, chip, sharedFlag,
    actionNames: () => ['a'],
    disableNosync: () => {},
    pollActions: () => { polled.push(sim.now); return []; },
    serviceablePending: () => true,
  };
  const pcpu = { where: 0, raiseSoftirq: (t: () => Step[]) => { softirqs.push(t); } } as unknown as PCpu;
  const det = new SpuriousDetector(sim, new CostModel(COSTS, 3), desc);
  /** Runs the softirq tasks raised so far, following each step's `next`. */
  const runSoftirqs = () => {
    const run = (steps: Step[]): void => { for (const s of steps) run(s.next?.() ?? []); };
    for (const t of softirqs.splice(0)) run(t());
  };
  return { sim, det, pcpu, polled, runSoftirqs };
}

const wake = { handled: false, wokeThread: true };
const none = { handled: false, wokeThread: false };

describe('spurious detection of threaded handlers (SPURIOUS_DEFERRED)', () => {
  it('does not count an IRQ_WAKE_THREAD as handled: the first only arms the deferral, the next is judged by the thread', () => {
    const { det, pcpu } = line(true);
    det.note(pcpu, 1, wake);
    expect([det.irqCount, det.irqsUnhandled]).toEqual([0, 0]); // deferred: not counted at all
    det.note(pcpu, 2, wake); // the thread of interrupt 1 returned IRQ_NONE: threads_handled did not move
    expect([det.irqCount, det.irqsUnhandled]).toEqual([1, 1]);
    det.threadsHandled++; // the thread of interrupt 2 returned IRQ_HANDLED
    det.note(pcpu, 3, wake);
    expect([det.irqCount, det.irqsUnhandled]).toEqual([2, 1]);
    det.note(pcpu, 4, wake); // nothing handled since
    expect([det.irqCount, det.irqsUnhandled]).toEqual([3, 2]);
  });

  it('a primary IRQ_HANDLED next to a woken thread clears the deferral', () => {
    const { det, pcpu } = line(true);
    det.note(pcpu, 1, wake);
    det.note(pcpu, 2, none); // counts, and starts the window
    det.note(pcpu, 3, { handled: true, wokeThread: true });
    expect([det.irqCount, det.irqsUnhandled]).toEqual([2, 1]);
    det.note(pcpu, 4, wake); // deferral armed again: not counted
    expect([det.irqCount, det.irqsUnhandled]).toEqual([2, 1]);
  });

  it('a line whose threads never handle anything is judged stuck after the window', () => {
    const { det, pcpu } = line(true);
    for (let i = 0; i <= SPURIOUS_WINDOW; i++) det.note(pcpu, i, wake);
    expect(det.disabled).toBe(true);
  });
});

describe('the spurious poller (try_one_irq)', () => {
  const disable = (l: ReturnType<typeof line>) => {
    for (let i = 0; i < SPURIOUS_WINDOW; i++) l.det.note(l.pcpu, i, none);
    expect(l.det.disabled).toBe(true);
    l.sim.runUntil(350_000_000, 1_000);
    l.runSoftirqs();
  };

  it('polls a disabled IRQF_SHARED line every 100 ms', () => {
    const l = line(true);
    disable(l);
    expect(l.polled.length).toBe(3);
  });

  it('skips a line whose action is not IRQF_SHARED: it stays disabled, unpolled', () => {
    const l = line(false);
    disable(l);
    expect(l.polled).toEqual([]);
  });
});
