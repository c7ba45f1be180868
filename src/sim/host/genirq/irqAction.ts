// An action on a Linux IRQ (what request_irq / request_threaded_irq registers).
import type { FlowGroup } from '../../core/flows';
import type { WireNode } from '../../core/wires';
import type { PCpu } from '../pcpu';
import type { Step } from '../step';

export type IrqReturn = 'none' | 'handled' | 'wake-thread';

/** One run of an action's primary handler: its steps set the verdict as they execute. */
export interface HardIrqContext {
  readonly pcpu: PCpu;
  /** Flows riding on the line's assertion (for hop attribution). */
  readonly flows: FlowGroup;
  /** The primary flow for this run's hops. */
  readonly flow: number;
  verdict: IrqReturn;
  /** What the threaded handler returned, when it ran (irq_thread_fn counts IRQ_HANDLED in desc->threads_handled). */
  threadRet?: 'none' | 'handled';
}

export interface IrqAction {
  name: string;
  /** IRQF_SHARED */
  shared: boolean;
  /** IRQF_ONESHOT: the line stays masked until the thread has run. */
  oneshot: boolean;
  /** The primary handler's steps (at least one); they set ctx.verdict. */
  handler(ctx: HardIrqContext): Step[];
  /** The threaded handler's steps, when the primary handler returned 'wake-thread'; they set ctx.threadRet. */
  thread?(ctx: HardIrqContext): Step[];
  /** The part whose handler this is ("host/vfio/nic0/intx", "host/disk0/driver"): the line's edge to it while requested. */
  node?: WireNode;
}
