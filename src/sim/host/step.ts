// A step of work on a CPU: it records one hop (kind, place, flow) lasting `dur`, with side effects when it
// starts and when it ends. A chain of steps runs back to back on one pCPU, unless something preempts it.
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
  /** Interned hop kind, e.g. "vfio.msi.handler". */
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
  start?: () => void;
  then?: () => void;
  /** Decided when the step ends: steps to run right after it (a handler's verdict depends on state at that time). */
  next?: () => Step[];
}
