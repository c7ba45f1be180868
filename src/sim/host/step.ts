// A step of work on a CPU: it records one hop (kind, place, flow) lasting `dur`, with side effects when it
// starts and when it ends. A chain of steps runs back to back on one pCPU.
import type { Ns } from '../core/time';

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
  start?: () => void;
  then?: () => void;
}
