// A vCPU's thread as the host scheduler sees it: whether it is the thread loaded on its pCPU, and the two moments the
// scheduler must hear about — the vCPU blocks (HLT, after any halt-polling) and it is woken (kvm_vcpu_kick →
// kvm_vcpu_wake_up → try_to_wake_up). A vCPU pinned alone on its pCPU is always loaded and its wake-up only pokes
// its pCPU (what the model did before vCPU scheduling); a vCPU sharing its pCPU is an entity of that pCPU's run queue
// (runQueue.ts).
import type { PCpu } from '../pcpu';

export interface VcpuThread {
  /** The thread is the one its pCPU runs now (vcpu->cpu is this CPU and the vCPU is loaded). */
  loaded(): boolean;
  /** Another thread wants this pCPU (single_task_running() is false): a halted vCPU does not poll then. */
  othersRunnable(): boolean;
  /** The vCPU went from halted to runnable, woken from CPU `from` for `flow`. */
  woken(flow: number, from: number): void;
  /** The vCPU blocked (it sleeps until a wake-up). */
  blocked(): void;
}

/** One vCPU alone on its pCPU. */
export function pinnedAlone(pcpu: PCpu): VcpuThread {
  return {
    loaded: () => true,
    othersRunnable: () => false,
    woken: () => pcpu.poke(),
    blocked: () => {},
  };
}
