// Hop kinds of the host scheduler around vCPU threads (host/sched/) and of KVM's halt-polling.
import { hop } from '../hopKind';

export const SCHED_HOPS = {
  'sched.vcpu.switch': hop('kvm', 'host', ['sched.vcpu.switch'], 'the pCPU switches from one vCPU thread to another (vcpu_put, context switch, vcpu_load)'),
  'sched.tick': hop('hardirq', 'host', ['sched.tick'], 'the scheduler tick: the running vCPU thread used its slice while another waits, need_resched is set'),
  'sched.resched.ipi': hop('device', 'wire', ['kvm.kick.ipi'], 'wakeup preemption: a woken vCPU thread preempts the running one, a reschedule IPI goes to its pCPU'),
  'sched.vcpu.wait': hop('kvm', 'host', [], 'a woken vCPU thread is runnable but waits on its pCPU for the running thread\'s slice'),
  'kvm.halt.poll': hop('kvm', 'host', [], 'kvm_vcpu_halt: the halted vCPU polls for a wake-up event before it sleeps (halt_poll_ns)'),
  'kvm.halt.poll.end': hop('kvm', 'host', [], 'the halt-poll ends: an event arrived (no sleep, no wake-up) or the window ran out (the vCPU sleeps)'),
} as const;
