// KVM's halt-polling (virt/kvm/kvm_main.c kvm_vcpu_halt, Linux 6.2+): a vCPU that executed HLT first polls for a
// wake-up event for up to its own window, vcpu->halt_poll_ns, before it blocks. An event during the poll ends the halt
// with no sleep and no wake-up; the poll burns its pCPU meanwhile. The loop goes on only while
// kvm_vcpu_can_poll(): single_task_running() && !need_resched() && before the window's end (include/linux/kvm_host.h),
// so a poll stops — and the vCPU blocks — as soon as another thread wants the pCPU, and does not start then.
// After each halt the window adapts, as kvm_vcpu_halt does with halt_ns, the whole halt including the poll:
//   halt_ns <= window                       → unchanged
//   window > 0 and halt_ns > max            → shrink_halt_poll_ns: window / halt_poll_ns_shrink, or 0 when shrink is 0
//   window < max and halt_ns < max          → grow_halt_poll_ns: window × halt_poll_ns_grow, at least
//                                             halt_poll_ns_grow_start, at most max
// max is the module parameter halt_poll_ns (kvm->max_halt_poll_ns without KVM_CAP_HALT_POLL); the window starts at 0,
// so the first short halt grows it to grow_start. Module defaults: halt_poll_ns = KVM_HALT_POLL_NS_DEFAULT = 200000 on
// x86 (arch/x86/include/asm/kvm_host.h), halt_poll_ns_grow = 2, halt_poll_ns_grow_start = 10000, halt_poll_ns_shrink
// = 0 (kvm_main.c module_param). Statistics as update_halt_poll_stats keeps them: attempted polls, successes and
// failures with the time each took (poll_end − start).
// Not modelled: vcpu_valid_wakeup (always true on x86), KVM_CAP_HALT_POLL per VM, the guest-side cpuidle-haltpoll
// driver, polling stopping for a host kernel thread woken on the pCPU (only other vCPU threads stop it here).
import type { Simulator } from '../../core/simulator';
import type { Ns } from '../../core/time';

export interface HaltPollParams {
  /** halt_poll_ns: the largest window (0: no polling, the model's behaviour without halt-polling). */
  maxNs: Ns;
  /** halt_poll_ns_grow */
  grow: number;
  /** halt_poll_ns_grow_start */
  growStart: Ns;
  /** halt_poll_ns_shrink */
  shrink: number;
}

/** KVM's module defaults on x86, with `maxNs` as given. */
export function kvmHaltPollParams(maxNs: Ns): HaltPollParams {
  return { maxNs, grow: 2, growStart: 10_000, shrink: 0 };
}

export interface HaltPollStats {
  /** Halts that polled (halt_attempted_poll). */
  attempted: number;
  /** …ended by an event during the poll, with no sleep (halt_successful_poll). */
  successes: number;
  /** …whose poll ran out or was cut short, then slept. */
  failures: number;
  /** pCPU time spent polling (halt_poll_success_ns + halt_poll_fail_ns). */
  pollNs: Ns;
  /** pCPU time spent in polls that failed (halt_poll_fail_ns): burnt for nothing. */
  failedPollNs: Ns;
  grows: number;
  shrinks: number;
}

/** grow_halt_poll_ns / shrink_halt_poll_ns and the rule in kvm_vcpu_halt that picks one: the window that follows. */
export function nextWindow(p: HaltPollParams, window: Ns, haltNs: Ns): { window: Ns; change: 'grow' | 'shrink' | 'keep' } {
  if (p.maxNs <= 0) return { window: 0, change: window > 0 ? 'shrink' : 'keep' };
  if (haltNs <= window) return { window, change: 'keep' };
  if (window > 0 && haltNs > p.maxNs) return { window: p.shrink === 0 ? 0 : Math.floor(window / p.shrink), change: 'shrink' };
  if (window < p.maxNs && haltNs < p.maxNs) {
    if (!p.grow) return { window, change: 'keep' };
    return { window: Math.min(p.maxNs, Math.max(p.growStart, window * p.grow)), change: 'grow' };
  }
  return { window, change: 'keep' };
}

/** One vCPU's halt-polling: its window, the poll in progress, its statistics. */
export class HaltPoller {
  /** vcpu->halt_poll_ns */
  window: Ns = 0;
  readonly stats: HaltPollStats = { attempted: 0, successes: 0, failures: 0, pollNs: 0, failedPollNs: 0, grows: 0, shrinks: 0 };
  /** When the current halt began (HLT handled), or null while the vCPU runs. */
  private haltStart: Ns | null = null;
  private poll: { start: Ns; token: number; sleep: () => void } | null = null;
  private token = 0;
  private readonly kPoll;
  private readonly kEnd;

  constructor(private readonly sim: Simulator, readonly params: HaltPollParams, private readonly where: number, private readonly vm: number) {
    this.kPoll = sim.kind('kvm.halt.poll');
    this.kEnd = sim.kind('kvm.halt.poll.end');
  }

  get polling(): boolean {
    return this.poll !== null;
  }

  /**
   * The vCPU halts. Returns true when it polls first: `sleep` is called if the window runs out (or the poll is cut
   * short) with no event; false when it blocks at once (no window yet, or another thread wants the pCPU).
   */
  halt(othersRunnable: boolean, sleep: () => void): boolean {
    const now = this.sim.now;
    this.haltStart = now;
    if (this.window > this.params.maxNs) this.window = this.params.maxNs;
    if (this.window <= 0 || othersRunnable) return false;
    this.stats.attempted++;
    const token = ++this.token;
    this.poll = { start: now, token, sleep };
    this.sim.hop(0, this.kPoll, this.where, this.vm, this.sim.sid(`poll up to ${fmtUs(this.window)}`), 0);
    this.sim.after(this.window, () => {
      if (this.poll?.token === token) this.endPollFailed('nothing within the window: the vCPU sleeps');
    });
    return true;
  }

  /** Another thread became runnable on the pCPU (kvm_vcpu_can_poll is false): the poll stops and the vCPU sleeps. */
  stopForOther(): void {
    if (this.poll) this.endPollFailed('another thread wants the pCPU: the vCPU sleeps');
  }

  /** The vCPU is woken (an interrupt, a kick). Returns true when it was still polling: no sleep, no wake-up cost. */
  woken(): boolean {
    const now = this.sim.now;
    let success = false;
    const p = this.poll;
    if (p) {
      this.poll = null;
      this.token++;
      const ns = now - p.start;
      this.stats.successes++;
      this.stats.pollNs += ns;
      this.sim.hop(0, this.kEnd, this.where, this.vm, this.sim.sid(`event after ${fmtUs(ns)} of polling: no sleep`), 0);
      success = true;
    }
    if (this.haltStart !== null) this.adapt(now - this.haltStart);
    this.haltStart = null;
    return success;
  }

  private endPollFailed(why: string): void {
    const p = this.poll!;
    this.poll = null;
    this.token++;
    const ns = this.sim.now - p.start;
    this.stats.failures++;
    this.stats.pollNs += ns;
    this.stats.failedPollNs += ns;
    this.sim.hop(0, this.kEnd, this.where, this.vm, this.sim.sid(`${why} (polled ${fmtUs(ns)})`), 0);
    p.sleep();
  }

  private adapt(haltNs: Ns): void {
    const n = nextWindow(this.params, this.window, haltNs);
    if (n.change === 'grow') this.stats.grows++;
    if (n.change === 'shrink') this.stats.shrinks++;
    this.window = n.window;
  }
}

function fmtUs(ns: Ns): string {
  return `${Math.round(ns / 100) / 10} µs`;
}
