// A Linux IRQ descriptor (genirq): its chip, its actions (shared or not, ONESHOT, threaded), disable depth with
// lazy masking, the ONESHOT thread mask, and the spurious detector. The flow handler is handle_fasteoi_irq
// (IO-APIC level lines): ONESHOT masks the line first; the actions run; woken threads keep it masked until
// irq_finalize_oneshot has run for every one of them (facts §C.1); then the line is unmasked and EOIed.
// As a part of the wiring ("host/irq16"): its CPU's vector reaches `irq` (the flow handler); `action` leads to each
// requested action's part while it is requested; `sharing` tells the parts that care (VFIO's adaptive masking) that
// the set of actions changed; `serviceable` asks each device on the line whether it still has a cause pending.
import type { CostModel } from '../../core/costModel';
import { fanOutPort, inPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import type { IrqHandler, PCpu } from '../pcpu';
import { instantStep, silentStep, type Step } from '../step';
import type { HardIrqContext, IrqAction } from './irqAction';
import type { IrqChip } from './irqChip';
import { SpuriousDetector, type SpuriousLine } from './spurious';

/** The set of actions changed (request_irq / free_irq): steps to run in that context. */
export type SharingChanged = (desc: IrqDesc, where: number) => Step[];

export class IrqDesc implements SpuriousLine {
  readonly actions: IrqAction[] = [];
  /** disable_irq depth: > 0 means disabled. */
  depth = 0;
  /** IRQS_PENDING: an interrupt arrived while disabled (lazy disable masked the chip then). */
  pending = false;
  /** Actions whose ONESHOT thread has not finished yet (desc->threads_oneshot). */
  private readonly oneshotRunning = new Set<IrqAction>();
  private maskedForOneshot = false;
  private maskedLazily = false;
  readonly spurious: SpuriousDetector;
  private readonly k;
  readonly node: WireNode;
  /** handle_fasteoi_irq, as the handler of its CPU's vector. */
  readonly handlerIn: InPort<IrqHandler>;
  /** Each requested action's part. */
  private readonly actionOut: OutPort<IrqAction['handler']>;
  private readonly actionPorts = new Map<IrqAction, InPort<IrqAction['handler']>>();
  /** Told after the set of actions changed. */
  readonly sharing: OutPort<SharingChanged>;
  /** Each device on the line: does it have a cause pending? */
  readonly serviceable: OutPort<() => boolean>;

  constructor(
    private readonly sim: Simulator,
    costs: CostModel,
    readonly irq: number,
    readonly chip: IrqChip,
    readonly pcpu: PCpu,
  ) {
    this.k = sim.kinds(['genirq.flow', 'genirq.disabled', 'genirq.thread.wake', 'sched.switch', 'genirq.oneshot.finalize', 'genirq.request', 'genirq.free']);
    this.node = wireNode(`host/irq${irq}`, 'irq-desc', 'host', `irq ${irq} (${chip.name})`);
    this.handlerIn = inPort<IrqHandler>(this.node, 'irq', 'vector', (_v, flows) => this.handle(this.pcpu, flows));
    this.actionOut = fanOutPort(this.node, 'action', 'vector');
    this.sharing = fanOutPort(this.node, 'sharing', 'call');
    this.serviceable = fanOutPort(this.node, 'serviceable', 'call');
    this.spurious = new SpuriousDetector(sim, costs, this);
  }

  /** Whether a device some driver would claim is still waiting on the line. */
  serviceablePending(): boolean {
    let any = false;
    this.serviceable.each((pending) => { any ||= pending(); });
    return any;
  }

  /** The names of its actions, for the log. */
  actionNames(): string[] {
    return this.actions.map((a) => a.name);
  }

  private sharingSteps(where: number): Step[] {
    const steps: Step[] = [];
    this.sharing.each((changed) => { steps.push(...changed(this, where)); });
    return steps;
  }

  get shared(): boolean {
    return this.actions.length > 1;
  }

  /** The first action's IRQF_SHARED (request_irq makes every action agree with it). */
  get sharedFlag(): boolean {
    return this.actions[0]?.shared ?? false;
  }

  /** handle_irq_event from the spurious poller: the actions run and wake their threads; IRQS_POLL_INPROGRESS keeps
   *  note_interrupt out (kernel/irq/spurious.c try_one_irq). */
  pollActions(pcpu: PCpu): Step[] {
    return this.runActions(pcpu, [], 0, (ctxs) => this.wakeThreads(pcpu, ctxs));
  }

  /** Why request_irq would refuse this action now (-EBUSY as __setup_irq: "Flags mismatch"), or null. */
  refusal(action: IrqAction): string | null {
    const first = this.actions[0];
    if (!first) return null;
    if (!first.shared || !action.shared) {
      const excl = [first, action].filter((a) => !a.shared).map((a) => a.name).join(' and ');
      return `-EBUSY: ${action.name} and ${first.name} must both be IRQF_SHARED (${excl} requested it exclusively)`;
    }
    if (first.oneshot !== action.oneshot) return `-EBUSY: ${action.name} and ${first.name} disagree on IRQF_ONESHOT`;
    return null;
  }

  /** request_irq: a refused sharer is logged and left out (its driver gets the error), as the kernel does. */
  request(action: IrqAction, where: number, onRefused?: (why: string) => void): Step[] {
    const refused = this.refusal(action);
    if (refused) {
      onRefused?.(refused);
      return [instantStep(this.k['genirq.request'], where, 0, this.sim.sid(`irq ${this.irq}: request_irq(${action.name}) failed: ${refused}`))];
    }
    this.actions.push(action);
    if (action.node) {
      const port = inPort(action.node, 'handler', 'vector', action.handler);
      this.actionPorts.set(action, port);
      this.sim.wires.connect(this.actionOut, port);
    }
    const steps: Step[] = [instantStep(this.k['genirq.request'], where, 0, this.sim.sid(`irq ${this.irq}: ${action.name}${this.shared ? ' (shared)' : ''}`))];
    if (this.actions.length === 1 && this.depth === 0 && this.chip.masked()) steps.push(this.chip.unmaskStep(where, 0));
    return [...steps, ...this.sharingSteps(where)];
  }

  /** free_irq: the action goes; a ONESHOT mask it held is released; the last action shuts the line down. */
  free(action: IrqAction, where: number): Step[] {
    const i = this.actions.indexOf(action);
    if (i < 0) return [];
    this.actions.splice(i, 1);
    const port = this.actionPorts.get(action);
    if (port) {
      this.actionPorts.delete(action);
      this.sim.wires.disconnect(this.actionOut, port);
    }
    const steps: Step[] = [instantStep(this.k['genirq.free'], where, 0, this.sim.sid(`irq ${this.irq}: ${action.name}`))];
    if (this.oneshotRunning.delete(action)) steps.push(...this.maybeUnmask(where, 0));
    if (this.actions.length === 0 && !this.chip.masked()) steps.push(this.chip.maskStep(where, 0));
    return [...steps, ...this.sharingSteps(where)];
  }

  /** disable_irq_nosync: lazy: the chip is masked only if the line fires while disabled. */
  disableNosync(): void {
    this.depth++;
  }

  /** enable_irq: at depth 0 the chip is unmasked if lazy disable masked it (a level line still asserted fires again). */
  enableSteps(where: number, flow: number): Step[] {
    if (this.depth === 0) return [];
    this.depth--;
    if (this.depth > 0) return [];
    this.pending = false;
    if (!this.maskedLazily) return [];
    this.maskedLazily = false;
    return this.maybeUnmask(where, flow);
  }

  /** The body of the vector's handler: handle_fasteoi_irq. */
  handle(pcpu: PCpu, flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    return [pcpu.step(this.k['genirq.flow'], 'genirq.flow', flow, this.sim.sid(`irq ${this.irq} (${this.chip.name})`), {
      next: () => this.flowSteps(pcpu, flows, flow),
    })];
  }

  /** Runs every action's primary handler once (the flow handler, and the spurious poller). */
  private runActions(pcpu: PCpu, flows: FlowGroup, flow: number, done: (ctxs: [IrqAction, HardIrqContext][]) => Step[]): Step[] {
    const snapshot = this.actions.slice();
    const ctxs: [IrqAction, HardIrqContext][] = [];
    const at = (k: number): Step[] => {
      if (k === snapshot.length) return done(ctxs);
      const a = snapshot[k]!;
      const ctx: HardIrqContext = { pcpu, flows, flow, verdict: 'none' };
      ctxs.push([a, ctx]);
      return [...a.handler(ctx), silentStep(pcpu.where, { next: () => at(k + 1) })];
    };
    return at(0);
  }

  private flowSteps(pcpu: PCpu, flows: FlowGroup, flow: number): Step[] {
    if (this.depth > 0 || this.actions.length === 0) {
      this.pending = true;
      const steps: Step[] = [instantStep(this.k['genirq.disabled'], pcpu.where, flow, this.sim.sid(`irq ${this.irq} disabled: masked, marked pending`))];
      if (!this.chip.masked()) {
        this.maskedLazily = true;
        steps.push(this.chip.maskStep(pcpu.where, flow));
      }
      return steps;
    }
    const steps: Step[] = [];
    if (this.actions.some((a) => a.oneshot) && !this.chip.masked()) {
      this.maskedForOneshot = true;
      steps.push(this.chip.maskStep(pcpu.where, flow));
    }
    return [...steps, ...this.runActions(pcpu, flows, flow, (ctxs) => this.afterActions(pcpu, flow, ctxs))];
  }

  private afterActions(pcpu: PCpu, flow: number, ctxs: [IrqAction, HardIrqContext][]): Step[] {
    const steps: Step[] = [];
    // __handle_irq_event_percpu ORs the returns: note_interrupt sees IRQ_HANDLED and IRQ_WAKE_THREAD apart.
    const handled = ctxs.some(([, c]) => c.verdict === 'handled');
    const wokeThread = ctxs.some(([, c]) => c.verdict === 'wake-thread');
    steps.push(...this.spurious.note(pcpu, flow, { handled, wokeThread }));
    steps.push(...this.wakeThreads(pcpu, ctxs));
    // cond_unmask_eoi_irq: a ONESHOT line whose threads did not take it stays masked only while one runs.
    if (this.maskedForOneshot && this.oneshotRunning.size === 0) steps.push(...this.maybeUnmask(pcpu.where, flow));
    return steps;
  }

  /** __irq_wake_thread for each action that returned IRQ_WAKE_THREAD. */
  private wakeThreads(pcpu: PCpu, ctxs: [IrqAction, HardIrqContext][]): Step[] {
    const steps: Step[] = [];
    for (const [a, ctx] of ctxs) {
      if (ctx.verdict !== 'wake-thread' || !a.thread) continue;
      if (a.oneshot) this.oneshotRunning.add(a);
      steps.push(pcpu.step(this.k['genirq.thread.wake'], 'genirq.thread.wake', ctx.flow, this.sim.sid(`irq/${this.irq}-${a.name}`), {
        then: () => pcpu.wakeThread(() => this.threadSteps(pcpu, a, ctx)),
      }));
    }
    return steps;
  }

  private threadSteps(pcpu: PCpu, a: IrqAction, ctx: HardIrqContext): Step[] {
    return [
      pcpu.step(this.k['sched.switch'], 'sched.switch', ctx.flow, this.sim.sid(`irq/${this.irq}-${a.name}`)),
      ...a.thread!(ctx),
      pcpu.step(this.k['genirq.oneshot.finalize'], 'genirq.oneshot.finalize', ctx.flow, this.sim.sid(`irq ${this.irq}: ${a.name}`), {
        next: () => {
          if (ctx.threadRet === 'handled') this.spurious.threadsHandled++; // kernel/irq/manage.c irq_thread_fn
          if (!this.oneshotRunning.delete(a)) return [];
          return this.maybeUnmask(pcpu.where, ctx.flow);
        },
      }),
    ];
  }

  /** Unmasks the chip when nothing holds it masked any more (no ONESHOT thread, not disabled). */
  private maybeUnmask(where: number, flow: number): Step[] {
    if (this.oneshotRunning.size > 0 || this.depth > 0) return [];
    this.maskedForOneshot = false;
    this.maskedLazily = false;
    return this.chip.masked() ? [this.chip.unmaskStep(where, flow)] : [];
  }
}
