// The host vectors that KVM's kicks and posted-interrupt notifications arrive on, requested on every x86 pCPU
// (arch/x86/include/asm/irq_vectors.h):
// - RESCHEDULE_VECTOR: kvm_vcpu_kick's IPI; it only forces the exit (scheduler_ipi does nothing we model);
// - POSTED_INTR_VECTOR taken in host mode: nothing to do, the PIR is synced at the next entry (in guest mode the
//   CPU takes it without an exit: the posted delivery's takeInGuest);
// - POSTED_INTR_WAKEUP_VECTOR: pi_wakeup_handler wakes the blocked vCPU whose descriptor has ON set.
import type { Simulator } from '../../core/simulator';
import { POSTED_INTR_VECTOR, POSTED_INTR_WAKEUP_VECTOR } from '../../hw/x86/postedDescriptor';
import { PCpu } from '../pcpu';
import { instantStep } from '../step';

/** x86 RESCHEDULE_VECTOR: the IPI kvm_vcpu_kick sends to force a running vCPU out of guest mode. */
export const RESCHEDULE_VECTOR = 0xfd;

export function requestKickVectors(sim: Simulator, pcpu: PCpu): void {
  const i = pcpu.index;
  pcpu.requestVector(RESCHEDULE_VECTOR, PCpu.handler(`host/cpu${i}/reschedule-ipi`, 'reschedule IPI', () => [], 'ipi-handler'), false);
  // A halt-polling vCPU keeps its notification vector (kvm_vcpu_halt polls before it blocks) and sees its PIR here.
  pcpu.requestVector(POSTED_INTR_VECTOR, PCpu.handler(`host/cpu${i}/posted-intr-ipi`, 'posted-intr IPI', () => {
    pcpu.vcpu?.notifiedInHost?.();
    return [];
  }, 'ipi-handler'), false);
  const kWakeup = sim.kind('kvm.pi.wakeup');
  pcpu.requestVector(POSTED_INTR_WAKEUP_VECTOR, PCpu.handler(`host/cpu${i}/posted-intr-wakeup`, 'posted-intr wakeup', () => [
    instantStep(kWakeup, pcpu.where, 0, sim.sid('pi_wakeup_handler'), { then: () => pcpu.vcpu?.wakeUp?.() }),
  ], 'ipi-handler'), false);
}
