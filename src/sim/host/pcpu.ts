// A physical CPU: its LAPIC, its interrupt vector table, softirqs (tasklets), runnable kernel threads, and the vCPU
// pinned to it. It runs one chain of steps at a time; a step that a hard interrupt may preempt (softirq, thread,
// guest) is paused at that instant and resumed later with its remaining time (its hop keeps its own work time).
// Order of work when the CPU is free: a deliverable interrupt (exiting the guest first), pending softirqs,
// preempted host chains, runnable threads, a preempted guest chain (after re-entry), then the vCPU's own work.
// Several vCPUs on one pCPU: `vcpu` is then their run queue (sched/runQueue.ts), which switches between them and
// carries each one's interrupted guest chains (takeGuestChains / giveGuestChains).
// Not modelled: nested hard interrupts (handlers run with interrupts off), time slices between host threads.
import { HOST, type Simulator } from '../core/simulator';
import type { CostModel } from '../core/costModel';
import type { CostOf, HopKind, KindId } from '../core/catalog/hopKinds';
import { inPort, outPort, wireNode, type InPort, type WireNode } from '../core/wires';
import type { CpuIrqPort } from './cpuIrqPort';
import type { FlowGroup } from '../core/flows';
import { instantStep, timedStep, type Step, type StepExtra, type StepLevel } from './step';

export type IrqHandler = (vector: number, flows: FlowGroup) => Step[];

interface IdtEntry {
  name: string;
  handler: IrqHandler;
  port: InPort<IrqHandler>;
  /** True when the handler services the flows itself (a host driver), so its EOI completes them. */
  completesFlows: boolean;
  /** An IRQ forwarded to a vCPU now: the end is a priority drop only; the guest deactivates it (GIC HW bit). */
  dropOnly?: () => boolean;
}

/** What a pCPU needs from the vCPU pinned to it. */
export interface PinnedVcpu {
  /** Steps to enter the guest (with injection), or null when the vCPU does not want to run. */
  entrySteps(): Step[] | null;
  /** Steps to re-enter a guest that was interrupted mid-chain: no injection when it is inside a handler; with
   *  `irqsOn` (guest code with interrupts enabled) a pending interrupt is injected at that entry. */
  reentrySteps(irqsOn?: boolean): Step[];
  /** Guest code with interrupts on was interrupted: the virtual interrupt to run now, nested (the one injected at
   *  re-entry, or one the CPU delivers itself), or null to resume it. */
  nestedInterruptSteps?(): Step[] | null;
  /** Guest-mode work (handling an injected interrupt, halting), or null while the guest just computes. */
  guestSteps(): Step[] | null;
  /** Steps of a VM exit for `reason` (an interrupt: which vector/INTID), ending in host mode. */
  exitSteps(reason: string, flow: number, vector?: number): Step[];
  /** Handles a deliverable host vector in guest mode without an exit (posted-interrupt notification); false if it cannot. */
  takeInGuest?(vector: number): boolean;
  /** The vCPU thread is scheduled out (another thread runs on its pCPU) or back in. */
  onScheduledOut?(): void;
  onScheduledIn?(): void;
  /** The host's posted-interrupt wake-up vector arrived on its pCPU (x86, pi_wakeup_handler). */
  wakeUp?(): void;
  /** The posted-interrupt notification vector was taken in host mode (a halt-polling vCPU sees its PIR). */
  notifiedInHost?(): void;
}

/** Guest chains interrupted mid-way, as a host scheduler carries them away with the vCPU it switches out (sched/). */
export type GuestChains = readonly unknown[];

interface Chain {
  steps: Step[];
  i: number;
  level: StepLevel;
  /** Remaining time of the current step when resumed after preemption; null when the step has not started. */
  remaining: number | null;
  onDone?: () => void;
}

const PREEMPTIBLE: Record<StepLevel, boolean> = { hardirq: false, kvm: false, softirq: true, thread: true, guest: true };

export class PCpu {
  mode: 'host' | 'guest' = 'host';
  vcpu: PinnedVcpu | null = null;
  readonly where: number;
  private readonly idt = new Map<number, IdtEntry>();
  private readonly softirqs: (() => Step[])[] = [];
  private readonly threads: (() => Step[])[] = [];
  private readonly preempted: Chain[] = [];
  /** The chain executing now (null: the CPU is free), its current step, and when that step ends. */
  private running: Chain | null = null;
  private runningStep: Step | null = null;
  private runningEndAt = 0;
  /**
   * End times of steps preempted whose end events are still queued: each such event is skipped when it comes. They
   * come at their time before any later step's end at that same time (they were scheduled first), so the first end
   * event at a time listed here is a stale one.
   */
  private readonly staleEnds: number[] = [];
  private dispatchQueued = false;
  /** The event of a queued dispatch and of a step's end: one function each per CPU, not a closure per event. */
  private readonly dispatchEvent = (): void => {
    this.dispatchQueued = false;
    this.dispatch();
  };
  private readonly stepEndEvent = (): void => this.endStep();
  private vcpuScheduledOut = false;
  private readonly kEntry: KindId;
  private readonly kEoi: KindId;
  private readonly kSpurious: KindId<'irq.unhandled'>;
  private readonly hostVm: number;

  /** The CPU as a part of the machine's wiring: its controller signals it, its vectors lead to their handlers. */
  readonly node: WireNode;
  /** Its interrupt controller (LAPIC, GIC CPU interface) signals that something may be deliverable. */
  readonly irqIn: InPort<() => void>;
  /**
   * `virq qtest`'s host view: the CPU runs no code of its own; it acknowledges each deliverable interrupt as a test's
   * handler would (IRR → ISR, an IAR read), reports it here, and leaves the EOI to the script.
   */
  takenByTest: ((vector: number) => void) | null = null;
  /** `virq qtest` after `irq_intercept_out`: the CPU takes nothing either (the script acknowledges through IAR). */
  heldByTest = false;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly index: number, readonly irq: CpuIrqPort) {
    this.where = sim.sid(`cpu${index}`);
    this.node = wireNode(`host/cpu${index}`, 'pcpu', 'host', `cpu${index}`);
    this.irqIn = inPort(this.node, 'irq', 'irq', () => this.poke());
    sim.wires.addNode(this.node);
    this.kEntry = sim.kind(irq.entryHop.kind);
    this.kEoi = sim.kind(irq.eoiHop.kind);
    this.kSpurious = sim.kind('irq.unhandled');
    this.hostVm = sim.sid(HOST);
  }

  /** True while a chain is executing (including one paused at a preemptible step). */
  get busy(): boolean {
    return this.running !== null;
  }

  /**
   * request_irq for a vector (an INTID on ARM) on this CPU: the vector's out-port is wired to the handler's in-port
   * (its node names the handler: "host/irq19", "host/vfio/nic0/msi0").
   */
  requestVector(vector: number, handler: InPort<IrqHandler>, completesFlows: boolean, opts: { dropOnly?: () => boolean } = {}): void {
    const name = handler.node.label ?? handler.node.id;
    if (this.idt.has(vector)) throw new Error(`cpu${this.index}: vector 0x${vector.toString(16)} already taken by ${this.idt.get(vector)!.name}`);
    this.idt.set(vector, { name, handler: handler.fn, port: handler, completesFlows, dropOnly: opts.dropOnly });
    this.sim.wires.connect(outPort<IrqHandler>(this.node, `vector 0x${vector.toString(16)}`, 'vector', () => []), handler);
  }

  /** A handler's in-port on a node of its own: what `requestVector` connects a vector to. */
  static handler(id: string, label: string, fn: IrqHandler, kind = 'irq-handler', vm = 'host'): InPort<IrqHandler> {
    return inPort(wireNode(id, kind, vm, label), 'irq', 'vector', fn);
  }

  /** tasklet_schedule / raise_softirq: runs at irq exit, before threads and the guest. */
  raiseSoftirq(task: () => Step[]): void {
    this.softirqs.push(task);
    this.poke();
  }

  /** Wakes a kernel thread (an IRQ thread, a workqueue worker) on this CPU. */
  wakeThread(task: () => Step[]): void {
    this.threads.push(task);
    this.poke();
  }

  /** Something changed (an interrupt arrived, work was queued): dispatch soon if free or preemptible. */
  poke(): void {
    if (this.dispatchQueued) return;
    this.dispatchQueued = true;
    this.sim.after(0, this.dispatchEvent);
  }

  /** A step on this CPU for `flow`, costing the named entry (one its kind's catalog entry declares). */
  step<K extends HopKind>(kind: KindId<K>, cost: CostOf<K>, flow: number, detail: number, extra?: StepExtra): Step {
    return timedStep(this.costs, kind, cost, this.where, flow, detail, extra);
  }

  private dispatch(): void {
    if (this.heldByTest) return;
    if (this.takenByTest) return this.takeForTest(this.takenByTest);
    const v = this.irq.deliverable();
    if (this.running) {
      const step = this.runningStep!;
      const level = step.level ?? this.running.level;
      if (v < 0 || !PREEMPTIBLE[level]) return;
      if (level === 'guest' && this.vcpu?.takeInGuest?.(v)) {
        // Handled in guest mode; guest code with interrupts on takes the virtual interrupt now (it pauses, nested).
        if (!step.irqsOn) return;
        this.preempt();
        return this.dispatch();
      }
      this.preempt();
    }
    if (v >= 0) {
      if (this.mode === 'guest' && this.vcpu) {
        if (this.vcpu.takeInGuest?.(v)) return this.dispatch();
        this.start(this.vcpu.exitSteps('EXTERNAL_INTERRUPT', this.irq.pendingFlows(v)[0] ?? 0, v), 'kvm');
        return;
      }
      this.start(this.takeInterrupt(), 'hardirq');
      return;
    }
    const soft = this.softirqs.shift();
    if (soft) return this.start(soft(), 'softirq');
    const np = this.preempted.length;
    const top = np > 0 ? this.preempted[np - 1] : undefined;
    if (top && top.level !== 'guest' && top.level !== 'kvm') return this.resume(this.preempted.pop()!);
    const thread = this.threads.shift();
    if (thread) {
      if (this.vcpu && !this.vcpuScheduledOut) {
        this.vcpuScheduledOut = true;
        this.vcpu.onScheduledOut?.();
      }
      return this.start(thread(), 'thread');
    }
    if (this.vcpuScheduledOut) {
      this.vcpuScheduledOut = false;
      this.vcpu?.onScheduledIn?.();
    }
    if (top) {
      // A guest chain interrupted mid-way: re-enter, then finish it (guest code with interrupts on first takes the
      // virtual interrupt that is pending, nested).
      const irqsOn = top.steps[top.i]?.irqsOn === true;
      if (this.mode === 'host' && this.vcpu) return this.start(irqsOn ? this.vcpu.reentrySteps(true) : this.vcpu.reentrySteps(), 'kvm');
      const nested = irqsOn ? this.vcpu?.nestedInterruptSteps?.() : null;
      if (nested && nested.length) return this.start(nested, 'kvm');
      return this.resume(this.preempted.pop()!);
    }
    if (this.vcpu) {
      const steps = this.mode === 'host' ? this.vcpu.entrySteps() : this.vcpu.guestSteps();
      if (steps && steps.length) this.start(steps, 'kvm');
    }
  }

  /** A host scheduler switches this CPU to another vCPU thread: the guest chains interrupted mid-way go with the old one. */
  takeGuestChains(): GuestChains {
    const taken = this.preempted.filter((c) => c.level === 'guest' || c.level === 'kvm');
    if (taken.length) this.preempted.splice(0, this.preempted.length, ...this.preempted.filter((c) => !taken.includes(c)));
    return taken;
  }

  /** …and come back when that vCPU thread is switched in again (resumed after its re-entry). */
  giveGuestChains(chains: GuestChains): void {
    this.preempted.unshift(...(chains as Chain[]));
  }

  private takeForTest(report: (vector: number) => void): void {
    for (let v = this.irq.deliverable(); v >= 0; v = this.irq.deliverable()) {
      this.irq.ack();
      report(v);
    }
  }

  private takeInterrupt(): Step[] {
    const { vector, flows } = this.irq.ack();
    const flow = flows[0] ?? 0;
    const detail = this.sim.vectorSid(vector);
    const entry = this.idt.get(vector);
    const body = entry
      ? entry.handler(vector, flows)
      : [instantStep(this.kSpurious, this.where, flow, detail)];
    return [
      this.step(this.kEntry, this.irq.entryHop.cost, flow, detail),
      ...body,
      this.step(this.kEoi, this.irq.eoiHop.cost, flow, detail, {
        then: () => {
          this.irq.eoi(vector, entry?.dropOnly?.() === true);
          if (entry?.completesFlows) for (const f of flows) this.sim.flows.complete(f, this.sim.now);
        },
      }),
    ];
  }

  private start(steps: Step[], level: StepLevel, onDone?: () => void): void {
    if (steps.length === 0) {
      onDone?.();
      return this.dispatch();
    }
    this.runStep({ steps, i: 0, level, remaining: null, onDone });
  }

  private resume(chain: Chain): void {
    this.runStep(chain);
  }

  private preempt(): void {
    const chain = this.running!;
    chain.remaining = Math.max(0, this.runningEndAt - this.sim.now);
    this.staleEnds.push(this.runningEndAt);
    this.running = null;
    this.runningStep = null;
    this.preempted.push(chain);
  }

  private runStep(chain: Chain): void {
    const s = chain.steps[chain.i]!;
    const sim = this.sim;
    let dur: number;
    if (chain.remaining === null) {
      if (!s.silent) sim.hop(s.flow, s.kind, s.where, s.vm ?? (s.flow > 0 ? sim.flows.vmOf(s.flow) : this.hostVm), s.detail, s.dur);
      s.start?.();
      dur = s.dur;
    } else {
      dur = chain.remaining;
    }
    this.running = chain;
    this.runningStep = s;
    this.runningEndAt = sim.now + dur;
    sim.after(dur, this.stepEndEvent);
  }

  /** A step's end event: the running step ends, unless the event is that of a step preempted since (it resumes later
   *  with its remaining time). */
  private endStep(): void {
    const stale = this.staleEnds;
    if (stale.length > 0) {
      const k = stale.indexOf(this.sim.now);
      if (k >= 0) {
        stale.splice(k, 1);
        return;
      }
    }
    const chain = this.running!;
    const s = this.runningStep!;
    this.running = null;
    this.runningStep = null;
    chain.remaining = null;
    s.then?.();
    const more = s.next?.();
    if (more && more.length) chain.steps.splice(chain.i + 1, 0, ...more);
    chain.i++;
    if (chain.i < chain.steps.length) return this.runStep(chain);
    chain.onDone?.();
    this.dispatch();
  }
}
