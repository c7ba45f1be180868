// The host scheduler's run queue on one pCPU that several vCPU threads share (kernel/sched/fair.c, CFS-like): it is
// the pCPU's `vcpu`, and switches the pCPU between them.
// - Each vCPU thread has a vruntime that grows while it holds the pCPU (running guest code, exits, or halt-polling);
//   when a switch is due, the runnable thread with the smallest vruntime is picked (pick_next_entity; equal weights).
// - Time slice: a thread keeps the pCPU for `sliceNs` after it was picked while others wait; then the scheduler tick
//   (LOCAL_TIMER_VECTOR 0xEC, arch/x86/include/asm/irq_vectors.h) finds it past its slice and sets need_resched —
//   check_preempt_tick (CFS, Linux ≤ 6.5) / update_deadline (EEVDF, 6.6+). The default slice is
//   sysctl_sched_base_slice (6.6+; sysctl_sched_min_granularity before), 0.75 ms × (1 + ilog2(min(CPUs, 8))) = 3 ms on a
//   host of 8 CPUs or more (0.70 ms × … = 2.8 ms since 6.15). In guest mode the tick is an external-interrupt exit.
// - Wakeup preemption (check_preempt_wakeup, CFS): a woken thread's vruntime is placed no lower than min_vruntime −
//   sleeper credit (place_entity with GENTLE_FAIR_SLEEPERS: sched_latency / 2 = 4 slices); it preempts the running one
//   when it is behind it by more than the wakeup granularity (wakeup_preempt_entity, sysctl_sched_wakeup_granularity
//   1 ms × (1 + ilog2(CPUs)) = 4 ms on 8+ CPUs): resched_curr sends a reschedule IPI to a pCPU in guest mode. With
//   wakeup preemption off (as EEVDF's RUN_TO_PARITY behaves for a thread inside its slice) a woken vCPU waits for
//   the running thread's slice to end.
// - A switch (sched.vcpu.switch) is vcpu_put of the old thread — a preempted vCPU's posted-interrupt descriptor gets
//   SN = 1 (vmx_vcpu_pi_put; a blocked one keeps SN = 0 and its wake-up vector) — then vcpu_load of the new one (SN =
//   0, vmx_vcpu_pi_load). Guest code interrupted mid-chain goes with its vCPU and resumes after its next entry.
// - Interrupts for a vCPU that is not loaded: emulated delivery sets its vIRR and the injection waits for its next
//   entry; posted delivery sets PIR with SN = 1 (no notification) and its entry syncs PIR → vIRR.
// Accounting: per thread, time holding the pCPU (run) and time runnable but waiting for it (steal); switches.
// Once the sources stop, slices go on only while an interrupt is in flight (the run then drains).
// Not modelled: migration and load balancing (threads stay on their pCPU), nice levels and cgroups, the periodic tick
// when no switch is due, EEVDF's lag and deadlines, yield-on-spin (PLE), host kernel threads in the run queue (they
// still run before any vCPU, as on a pCPU without a run queue).
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { Ns } from '../../core/time';
import type { FlowGroup } from '../../core/flows';
import { hopNs } from '../../hw/hopCost';
import { outPort, wireNode, type OutPort, type WireNode } from '../../core/wires';
import { PCpu, type GuestChains, type PinnedVcpu } from '../pcpu';
import { timedStep, type Step } from '../step';
import { RESCHEDULE_VECTOR } from '../kvm/kickVectors';
import type { Vcpu } from '../kvm/vcpu';
import type { VcpuThread } from './vcpuThread';

/** x86 LOCAL_TIMER_VECTOR: the local APIC timer, which runs the scheduler tick. */
export const LOCAL_TIMER_VECTOR = 0xec;

export interface SchedParams {
  /** The time slice (sysctl_sched_base_slice). */
  sliceNs: Ns;
  /** A woken thread may preempt the running one (check_preempt_wakeup). */
  wakeupPreemption: boolean;
  /** sysctl_sched_wakeup_granularity */
  wakeupGranularityNs: Ns;
}

export interface VcpuSchedStats {
  pcpu: number;
  /** Time holding the pCPU (guest code, exits, halt-polling). */
  runNs: Ns;
  /** Time runnable but waiting for the pCPU (steal time). */
  waitNs: Ns;
  /** Times it was switched in. */
  switchesIn: number;
}

interface Entity {
  vcpu: Vcpu;
  name: string;
  vruntime: Ns;
  /** Wants the pCPU: runnable, running, or halt-polling (blocked: false). */
  runnable: boolean;
  runNs: Ns;
  waitNs: Ns;
  switchesIn: number;
  /** Scheduled out while runnable: its descriptor has SN set until it is switched in. */
  preempted: boolean;
  /** Its guest chains interrupted mid-way, while another thread has the pCPU. */
  chains: GuestChains;
}

export class PcpuRunQueue implements PinnedVcpu {
  private readonly entities: Entity[];
  private curr: Entity;
  private needResched = false;
  private sliceStart: Ns = 0;
  private lastAcct: Ns = 0;
  private timerToken = 0;
  private timerAt = -1;
  vmSwitches = 0;
  sliceTicks = 0;
  wakeupPreemptions = 0;
  readonly node: WireNode;
  /** To its pCPU's LAPIC: the local timer's tick and the reschedule IPIs of wakeup preemption. */
  readonly toLapic: OutPort<(vector: number, flows: FlowGroup) => void>;
  private readonly k;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly pcpu: PCpu, vcpus: readonly Vcpu[], readonly params: SchedParams) {
    if (vcpus.length < 2) throw new Error(`cpu${pcpu.index}: a run queue is for several vCPU threads`);
    this.k = sim.kinds(['sched.vcpu.switch', 'sched.tick', 'sched.resched.ipi', 'sched.vcpu.wait', 'kvm.kick.ipi']);
    this.node = wireNode(`host/cpu${pcpu.index}/run-queue`, 'run-queue', 'host', `cpu${pcpu.index} run queue`);
    this.toLapic = outPort(this.node, 'lapic', 'ipi', () => {});
    sim.wires.addNode(this.node);
    this.entities = vcpus.map((vcpu) => ({
      vcpu, name: `${vcpu.vmName}.vcpu${vcpu.index}`, vruntime: 0, runnable: vcpu.state === 'running',
      runNs: 0, waitNs: 0, switchesIn: 0, preempted: false, chains: [],
    }));
    for (const e of this.entities) e.vcpu.thread = this.threadOf(e);
    this.curr = this.entities[0]!;
    this.curr.switchesIn = 1;
    // The rest start scheduled out, runnable: SN set as vmx_vcpu_pi_put leaves a preempted vCPU.
    for (const e of this.entities.slice(1)) if (e.runnable) e.preempted = true;
    pcpu.vcpu = this;
    pcpu.requestVector(LOCAL_TIMER_VECTOR, PCpu.handler(`host/cpu${pcpu.index}/sched-tick`, 'scheduler tick', () => [this.tickStep()]), false);
    this.armTimer();
  }

  /** Starts the threads scheduled out (SN = 1 in their descriptors) once the machine is wired. */
  start(): void {
    for (const e of this.entities) if (e.preempted) e.vcpu.onScheduledOut();
  }

  stats(): VcpuSchedStats[] {
    this.account();
    return this.entities.map((e) => ({ pcpu: this.pcpu.index, runNs: e.runNs, waitNs: e.waitNs, switchesIn: e.switchesIn }));
  }

  names(): string[] {
    return this.entities.map((e) => e.name);
  }

  // ---- PinnedVcpu: the pCPU asks the run queue, which answers for the thread it has loaded (or switches first).

  entrySteps(): Step[] | null {
    const next = this.pick();
    if (!next) return null;
    if (next !== this.curr) return this.switchTo(next);
    return next.vcpu.entrySteps();
  }

  reentrySteps(): Step[] {
    const next = this.pick();
    if (next && next !== this.curr) return this.switchTo(next);
    return this.curr.vcpu.reentrySteps();
  }

  guestSteps(): Step[] | null {
    return this.curr.vcpu.guestSteps();
  }

  exitSteps(reason: string, flow: number): Step[] {
    return this.curr.vcpu.exitSteps(reason, flow);
  }

  takeInGuest(vector: number): boolean {
    return this.curr.vcpu.takeInGuest(vector);
  }

  onScheduledOut(): void {
    this.curr.vcpu.onScheduledOut();
  }

  onScheduledIn(): void {
    this.curr.vcpu.onScheduledIn();
  }

  /** pi_wakeup_handler walks the blocked vCPUs of this pCPU. */
  wakeUp(): void {
    for (const e of this.entities) e.vcpu.wakeUp();
  }

  notifiedInHost(): void {
    this.curr.vcpu.notifiedInHost();
  }

  // ---- The scheduler.

  private threadOf(e: Entity): VcpuThread {
    return {
      loaded: () => this.curr === e,
      othersRunnable: () => this.entities.some((o) => o !== e && o.runnable),
      woken: (flow, from) => this.woken(e, flow, from),
      blocked: () => this.blocked(e),
    };
  }

  /** Run and wait time up to now, by who held the pCPU and who waited for it. */
  private account(): void {
    const now = this.sim.now;
    const dt = now - this.lastAcct;
    this.lastAcct = now;
    if (dt <= 0) return;
    for (const e of this.entities) {
      if (!e.runnable) continue;
      if (e === this.curr) {
        e.runNs += dt;
        e.vruntime += dt;
      } else {
        e.waitNs += dt;
      }
    }
  }

  /** The thread to run next: the loaded one unless a switch is due, else the runnable one with the least vruntime. */
  private pick(): Entity | null {
    this.account();
    if (!this.needResched && this.curr.runnable) return this.curr;
    this.needResched = false;
    let best: Entity | null = null;
    for (const e of this.entities) if (e.runnable && (!best || e.vruntime < best.vruntime)) best = e;
    return best;
  }

  /** vcpu_put, context switch, vcpu_load; then the new thread enters its guest (or re-enters interrupted guest code). */
  private switchTo(next: Entity): Step[] {
    const prev = this.curr;
    prev.vcpu.haltPoll?.stopForOther();
    this.account();
    prev.chains = this.pcpu.takeGuestChains();
    if (prev.runnable) {
      prev.preempted = true;
      prev.vcpu.onScheduledOut();
    }
    this.curr = next;
    this.sliceStart = this.sim.now;
    this.vmSwitches++;
    next.switchesIn++;
    this.armTimer();
    const switchStep = timedStep(this.costs, this.k['sched.vcpu.switch'], 'sched.vcpu.switch', this.pcpu.where, 0, this.sim.sid(`${prev.name} → ${next.name}`), {
      then: () => {
        if (!next.preempted) return;
        next.preempted = false;
        next.vcpu.onScheduledIn();
      },
    });
    if (next.chains.length) {
      this.pcpu.giveGuestChains(next.chains);
      next.chains = [];
      return [switchStep, ...next.vcpu.reentrySteps()];
    }
    return [switchStep, ...(next.vcpu.entrySteps() ?? [])];
  }

  private woken(e: Entity, flow: number, from: number): void {
    if (e.runnable) return this.pcpu.poke(); // it was still halt-polling: it holds the pCPU already
    this.account();
    e.runnable = true;
    // place_entity: a sleeper comes back no further behind than the sleeper credit.
    let minV = Infinity;
    for (const o of this.entities) if (o !== e && o.runnable) minV = Math.min(minV, o.vruntime);
    if (minV !== Infinity) e.vruntime = Math.max(e.vruntime, minV - 4 * this.params.sliceNs);
    const c = this.curr;
    if (c === e || !c.runnable) return this.pcpu.poke(); // the pCPU is idle: the next pick takes it
    if (c.vcpu.haltPoll?.polling) {
      c.vcpu.haltPoll.stopForOther(); // kvm_vcpu_can_poll: !single_task_running()
      return this.pcpu.poke();
    }
    if (this.params.wakeupPreemption && c.vruntime - e.vruntime > this.params.wakeupGranularityNs) {
      this.wakeupPreemptions++;
      return this.reschedCurr(flow, from, `${e.name} woken: preempts ${c.name}`);
    }
    const left = Math.max(0, this.sliceStart + this.params.sliceNs - this.sim.now);
    this.sim.hop(flow, this.k['sched.vcpu.wait'], this.pcpu.where, e.vcpu.vmId,
      this.sim.sid(`${e.name} runnable, ${c.name} holds cpu${this.pcpu.index} (its slice ends in ≤ ${Math.round(left / 1000)} µs)`), 0);
    this.armTimer();
  }

  private blocked(e: Entity): void {
    this.account();
    e.runnable = false;
    if (e === this.curr) this.pcpu.poke();
  }

  /** resched_curr: a pCPU in guest mode is sent a reschedule IPI (its exit lets the switch happen); else at once. */
  private reschedCurr(flow: number, from: number, why: string): void {
    this.needResched = true;
    if (!this.curr.vcpu.inGuestMode()) return this.pcpu.poke();
    const dur = hopNs(this.costs, this.k['sched.resched.ipi'], 'kvm.kick.ipi');
    this.sim.hop(flow, this.k['sched.resched.ipi'], from, this.sim.sid('host'), this.sim.sid(`${why}: IPI 0x${RESCHEDULE_VECTOR.toString(16)} → cpu${this.pcpu.index}`), dur);
    this.sim.after(dur, () => this.toLapic.send(RESCHEDULE_VECTOR, []));
  }

  /** The slice timer: armed at the end of the running thread's slice while another thread may want the pCPU. */
  private armTimer(): void {
    if (!this.slicing()) return;
    const at = Math.max(this.sim.now, this.sliceStart + this.params.sliceNs);
    if (this.timerAt === at) return;
    const token = ++this.timerToken;
    this.timerAt = at;
    this.sim.after(at - this.sim.now, () => {
      if (token !== this.timerToken) return;
      this.timerAt = -1;
      this.sliceEnd();
    });
  }

  /**
   * Slices matter while another thread waits — and, once the sources have stopped, only while some interrupt is still
   * in flight (so that a run of busy vCPUs drains instead of switching forever).
   */
  private slicing(): boolean {
    if (!this.entities.some((o) => o !== this.curr && o.runnable)) return false;
    return this.sim.now < this.sim.sourcesUntil || this.sim.flows.counts().pending > 0;
  }

  /** The slice is over: if another thread waits, the local timer's tick makes the switch. */
  private sliceEnd(): void {
    if (!this.curr.runnable || !this.slicing()) return;
    this.toLapic.send(LOCAL_TIMER_VECTOR, []);
  }

  /** task_tick_fair → resched_curr, in the timer interrupt's handler. */
  private tickStep(): Step {
    return timedStep(this.costs, this.k['sched.tick'], 'sched.tick', this.pcpu.where, 0, this.sim.sid(`${this.curr.name} used its slice`), {
      then: () => {
        this.sliceTicks++;
        this.needResched = true;
      },
    });
  }
}
