// Costs of the host scheduler around vCPU threads (host/sched/): switching the pCPU from one vCPU thread to another,
// and the tick that ends a time slice. Halt-polling has no cost entry: a poll lasts as long as the kernel polls
// (up to the vCPU's window), so its time comes out of the run.
import type { CostCatalog } from './costEntry';

export const SCHED_COSTS = {
  'sched.vcpu.switch': {
    value: 3000, unit: 'ns', estimate: true, range: [2000, 6000],
    rangeWhy: 'estimate: a thread context switch plus vmx_vcpu_put/load (VMPTRLD, IBPB): 2–6 µs',
    source: 'estimate, plausible range 2–6 µs: no measured figure in the facts sheet. What it covers, from the kernel: '
      + 'vcpu_put → vmx_vcpu_put (host state back, vmx_vcpu_pi_put sets SN for a preempted vCPU), __schedule → '
      + 'context_switch between the two vCPU threads (sched.switch alone is taken as 1.5 µs), then vcpu_load → '
      + 'vmx_vcpu_load → vmx_vcpu_load_vmcs (VMPTRLD of the other VMCS, and an IBPB when the per-CPU current VMCS '
      + 'changes: several thousand cycles on current parts) and vmx_vcpu_pi_load (NDST, SN cleared) — arch/x86/kvm/vmx/vmx.c, posted_intr.c',
    meaning: 'the pCPU switches from one vCPU thread to another (vcpu_put, context switch, vcpu_load with the VMCS load)',
  },
  'sched.tick': {
    value: 1000, unit: 'ns', estimate: true, range: [500, 2000],
    rangeWhy: 'estimate: a local timer interrupt through hrtimer_interrupt and the scheduler tick: 0.5–2 µs',
    source: 'estimate, plausible range 0.5–2 µs: the local timer interrupt that ends a slice runs hrtimer_interrupt → '
      + 'sched_tick → task_tick_fair (update_curr, the slice check, resched_curr) — kernel/sched/core.c, fair.c',
    meaning: 'the scheduler tick on a pCPU finds the running vCPU thread past its slice and sets need_resched',
  },
} satisfies CostCatalog;
