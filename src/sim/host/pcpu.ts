// A physical CPU: its LAPIC, its interrupt vector table, a queue of deferred host work, and the vCPU pinned to it.
// It runs one chain of steps at a time. Between chains it picks, in order: a deliverable interrupt (exiting the
// guest first if it was in guest mode), queued host work, then the pinned vCPU's entry or guest-mode work.
// Simplification: a chain is not preempted; an interrupt arriving during one is taken when it ends
// (hard-irq handlers run with interrupts off, so this only shortens guest-mode segments).
import { HOST, type Simulator } from '../core/simulator';
import type { CostModel } from '../core/costModel';
import type { CostName } from '../costs';
import type { FlowGroup, Lapic } from '../hw/x86/lapic';
import type { Step } from './step';

export type IrqHandler = (vector: number, flows: FlowGroup) => Step[];

interface IdtEntry {
  name: string;
  handler: IrqHandler;
  /** True when the handler services the flows itself (a host driver), so its EOI completes them. */
  completesFlows: boolean;
}

/** What a pCPU needs from the vCPU pinned to it. */
export interface PinnedVcpu {
  /** Steps to enter the guest (with injection), or null when the vCPU does not want to run. */
  entrySteps(): Step[] | null;
  /** Guest-mode work (handling an injected interrupt, halting), or null while the guest just computes. */
  guestSteps(): Step[] | null;
  /** Steps of a VM exit for `reason`, ending in host mode. */
  exitSteps(reason: string, flow: number): Step[];
}

export class PCpu {
  busy = false;
  mode: 'host' | 'guest' = 'host';
  vcpu: PinnedVcpu | null = null;
  readonly where: number;
  private readonly idt = new Map<number, IdtEntry>();
  private readonly work: (() => Step[])[] = [];
  private dispatchQueued = false;
  private readonly kEntry: number;
  private readonly kEoi: number;
  private readonly kSpurious: number;
  private readonly hostVm: number;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly index: number, readonly lapic: Lapic) {
    this.where = sim.sid(`cpu${index}`);
    this.kEntry = sim.sid('x86.irq.entry');
    this.kEoi = sim.sid('x86.lapic.eoi');
    this.kSpurious = sim.sid('x86.irq.unhandled');
    this.hostVm = sim.sid(HOST);
    lapic.onEoi = (vector, flows) => {
      if (!this.idt.get(vector)?.completesFlows) return;
      for (const f of flows) sim.flows.complete(f, sim.now);
    };
  }

  /** request_irq for a vector on this CPU. */
  requestVector(vector: number, name: string, handler: IrqHandler, completesFlows: boolean): void {
    if (this.idt.has(vector)) throw new Error(`cpu${this.index}: vector 0x${vector.toString(16)} already taken by ${this.idt.get(vector)!.name}`);
    this.idt.set(vector, { name, handler, completesFlows });
  }

  /** Queue host work (a tasklet, a KVM request); it runs when no interrupt is deliverable. */
  queueWork(task: () => Step[]): void {
    this.work.push(task);
    this.poke();
  }

  /** Something changed (an interrupt arrived, work was queued): dispatch if idle. */
  poke(): void {
    if (this.busy || this.dispatchQueued) return;
    this.dispatchQueued = true;
    this.sim.after(0, () => {
      this.dispatchQueued = false;
      this.dispatch();
    });
  }

  /** A step on this CPU for `flow`, costing the named entry. */
  step(kind: number, cost: CostName, flow: number, detail: number, extra?: Pick<Step, 'start' | 'then'>): Step {
    return { kind, where: this.where, detail, flow, dur: this.costs.ns(cost), ...extra };
  }

  private dispatch(): void {
    if (this.busy) return;
    const v = this.lapic.deliverable();
    if (v >= 0) {
      if (this.mode === 'guest' && this.vcpu) {
        this.exec(this.vcpu.exitSteps('EXTERNAL_INTERRUPT', this.lapic.pendingFlows(v)[0] ?? 0));
        return;
      }
      this.exec(this.takeInterrupt());
      return;
    }
    const task = this.work.shift();
    if (task) {
      this.exec(task());
      return;
    }
    if (this.vcpu) {
      const steps = this.mode === 'host' ? this.vcpu.entrySteps() : this.vcpu.guestSteps();
      if (steps) this.exec(steps);
    }
  }

  private takeInterrupt(): Step[] {
    const { vector, flows } = this.lapic.ack();
    const flow = flows[0] ?? 0;
    const detail = this.sim.sid(`vector 0x${vector.toString(16)}`);
    const entry = this.idt.get(vector);
    const body = entry
      ? entry.handler(vector, flows)
      : [{ kind: this.kSpurious, where: this.where, detail, flow, dur: 0 }];
    return [
      this.step(this.kEntry, 'x86.irq.entry', flow, detail),
      ...body,
      this.step(this.kEoi, 'x86.lapic.eoi', flow, detail, { then: () => this.lapic.writeEoi() }),
    ];
  }

  private exec(steps: Step[]): void {
    if (steps.length === 0) return;
    this.busy = true;
    this.runStep(steps, 0);
  }

  private runStep(steps: Step[], i: number): void {
    const s = steps[i]!;
    const sim = this.sim;
    const vm = s.vm ?? (s.flow > 0 ? sim.flows.vmOf(s.flow) : this.hostVm);
    sim.hop(s.flow, s.kind, s.where, vm, s.detail, s.dur);
    s.start?.();
    sim.after(s.dur, () => {
      s.then?.();
      if (i + 1 < steps.length) this.runStep(steps, i + 1);
      else {
        this.busy = false;
        this.dispatch();
      }
    });
  }
}
