// Where a NIC driver's deferred work runs once its interrupt handler has serviced the device: the CPU that ran the
// handler. In a VM that is the vCPU, in guest mode (the guest's softirq and the application are guest code with
// interrupts on: an exit or another interrupt pauses them); on the host it is the pCPU, the NAPI poll in softirq and the
// application in process context (a thread). A workload builds its steps against this and never asks which it has.
import { HOST, type Simulator } from '../../core/simulator';
import type { KindId } from '../../core/catalog/hopKinds';
import type { Vcpu } from '../kvm/vcpu';
import type { PCpu } from '../pcpu';
import type { Step, StepExtra } from '../step';

export interface DriverCpu {
  /** Interned place of its hops ("vm0.vcpu0", "cpu1"). */
  readonly where: number;
  /** Interned VM its hops are for ("host" on the host). */
  readonly vm: number;
  /** What every workload step on it carries (guest: guest level, interrupts on). */
  readonly extra: StepExtra;
  readonly kinds: {
    app: KindId<'guest.app.work' | 'host.app.work'>;
    poll: KindId<'guest.napi.poll' | 'host.napi.poll'>;
    write: KindId<'guest.nic.write'> | KindId<'host.nic.write'>;
  };
  /**
   * A guest's BAR write that traps instead of reaching the device (QEMU's INTx slow path keeps the BAR mmaps disabled
   * while interrupts keep coming: hw/vfio/pci.c vfio_intx_interrupt re-arms the mmap timer at each one): its steps, or
   * none when the BAR is mapped.
   */
  barWrite?: (flow: number) => Step[];
  /** Softirq work the handler raised (NAPI): before the CPU's process work. */
  softirq(work: () => Step[]): void;
  /** Process work (the application), after softirqs. */
  process(work: () => Step[]): void;
}

/** A vCPU of the VM the NIC is assigned to: the guest's softirq and application run as its guest work. */
export function guestDriverCpu(sim: Simulator, vcpu: Vcpu, barTrap?: (vcpu: Vcpu, flow: number) => Step[]): DriverCpu {
  return {
    ...(barTrap ? { barWrite: (flow: number) => barTrap(vcpu, flow) } : {}),
    where: vcpu.where,
    vm: vcpu.vmId,
    extra: { level: 'guest', irqsOn: true, vm: vcpu.vmId },
    kinds: { app: sim.kind('guest.app.work'), poll: sim.kind('guest.napi.poll'), write: sim.kind('guest.nic.write') },
    softirq: (work) => vcpu.queueGuestWork(work, true),
    process: (work) => vcpu.queueGuestWork(work),
  };
}

/** A host pCPU (a native driver): NAPI in softirq, the application as a thread. */
export function hostDriverCpu(sim: Simulator, pcpu: PCpu): DriverCpu {
  const vm = sim.sid(HOST);
  return {
    where: pcpu.where,
    vm,
    extra: { vm },
    kinds: { app: sim.kind('host.app.work'), poll: sim.kind('host.napi.poll'), write: sim.kind('host.nic.write') },
    softirq: (work) => pcpu.raiseSoftirq(work),
    process: (work) => pcpu.wakeThread(work),
  };
}
