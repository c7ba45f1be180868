// A step of work on a CPU: it records one hop (kind, place, flow) lasting `dur`, with side effects when it
// starts and when it ends. A chain of steps runs back to back on one pCPU, unless something preempts it.
// Steps are made with the builders below: a timed step's cost must be one its kind's catalog entry names, so a
// misspelt kind or a cost the kind does not declare fails the type check.
import type { CostModel } from '../core/costModel';
import type { CostOf, HopKind, KindId } from '../core/catalog/hopKinds';
import type { Ns } from '../core/time';

/**
 * Where a step runs, which says what may preempt it:
 * - hardirq: interrupts off, nothing preempts it;
 * - softirq: a hard interrupt preempts it;
 * - thread: a kernel thread (an IRQ thread, a workqueue worker): hard interrupts and softirqs preempt it;
 * - kvm: KVM's own code around VM exits and entries, interrupts off: nothing preempts it;
 * - guest: guest code in VMX non-root mode: any host interrupt forces a VM exit.
 */
export type StepLevel = 'hardirq' | 'softirq' | 'thread' | 'kvm' | 'guest';

export interface Step {
  /** Interned hop kind, e.g. "vfio.msi.handler" (0 for a silent step). */
  kind: number;
  /** Interned place, e.g. "cpu0" or "vm0.vcpu1". */
  where: number;
  /** Interned detail text. */
  detail: number;
  /** The flow this step works for (0 for none). */
  flow: number;
  /** Interned VM the step works for; default: the flow's VM, or the host. */
  vm?: number;
  dur: Ns;
  /** Bookkeeping between real steps: records no hop (its dur should be 0). */
  silent?: boolean;
  /** Default: the level of the chain it is in. */
  level?: StepLevel;
  /**
   * Guest code with interrupts enabled (an application, the guest's softirqs): a virtual interrupt is taken in the
   * middle of it (nested, then it resumes), not after the chain it is in. Other guest steps (handlers) run with
   * interrupts off: their interrupts wait for the chain's end.
   */
  irqsOn?: boolean;
  start?: () => void;
  then?: () => void;
  /** Decided when the step ends: steps to run right after it (a handler's verdict depends on state at that time). */
  next?: () => Step[];
}

/** What a step may carry besides its hop. */
export type StepExtra = Pick<Step, 'start' | 'then' | 'next' | 'level' | 'vm' | 'irqsOn'>;

/**
 * A step with every field present, always in this order: the steps a CPU runs then share one shape, so its loop reads
 * them without a lookup per shape (a spread of `extra` would make one shape per combination of fields given).
 */
export function makeStep(kind: number, where: number, detail: number, flow: number, dur: Ns, extra: StepExtra | undefined, vm?: number, silent = false): Step {
  return extra === undefined
    ? { kind, where, detail, flow, vm, dur, silent, level: undefined, irqsOn: undefined, start: undefined, then: undefined, next: undefined }
    : { kind, where, detail, flow, vm: extra.vm ?? vm, dur, silent, level: extra.level, irqsOn: extra.irqsOn, start: extra.start, then: extra.then, next: extra.next };
}

/** A step of kind K lasting the cost named `cost` (one of those K's catalog entry declares). */
export function timedStep<K extends HopKind>(costs: CostModel, kind: KindId<K>, cost: CostOf<K>, where: number, flow: number, detail: number, extra?: StepExtra): Step {
  return makeStep(kind, where, detail, flow, costs.ns(cost), extra);
}

/** The same, with the cost as overridden for one device or VM (`cost@scope`). */
export function scopedStep<K extends HopKind>(costs: CostModel, kind: KindId<K>, cost: CostOf<K>, scope: string, where: number, flow: number, detail: number, extra?: StepExtra): Step {
  return makeStep(kind, where, detail, flow, costs.nsFor(cost, scope), extra);
}

/** A step that marks an instant (a decision, a refusal, a bookkeeping hop): it takes no time. */
export function instantStep(kind: KindId, where: number, flow: number, detail: number, extra?: StepExtra): Step {
  return makeStep(kind, where, detail, flow, 0, extra);
}

/** Bookkeeping between real steps: records no hop; its `next` or `then` decides what follows when it is reached. */
export function silentStep(where: number, extra: StepExtra): Step {
  return makeStep(0, where, 0, 0, 0, extra, undefined, true);
}

/** A hop kind and the cost a step of it takes, as one value (a CPU's interrupt entry and EOI hops). */
export type TimedHop = { [K in HopKind]: { readonly kind: K; readonly cost: CostOf<K> } }[HopKind];
