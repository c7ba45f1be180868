// The VM's delivery switch (seed 004), decided once when the VM is built: how KVM gets an interrupt into a vCPU and
// how the guest ends it. The vCPU calls its delivery at each point where the two designs differ and never asks which
// one it has: at entry (sync the posted requests), in guest mode (the CPU's own virtual-interrupt delivery), at the
// guest's EOI (virtualized or an exit), at the guest's reads of its vLAPIC (APIC-register virtualization or an exit), on HLT and wake-up, when KVM injects a vector, when a host notification
// arrives in guest mode, and when the vCPU thread is scheduled out or in.
// As a part of the wiring, a vCPU's delivery is where the VM's APIC bus reaches it (`injectIn`): its vLAPIC
// ("vm0/vcpu0/vlapic") when emulated, its posted-interrupt descriptor ("vm0/vcpu0/pi-desc") when posted.
import type { FlowGroup } from '../../../core/flows';
import type { InPort } from '../../../core/wires';
import type { RegisterFile } from '../../../core/registers';
import type { InterruptRemapper } from '../../../hw/x86/interruptRemapper';
import type { Irte } from '../../../hw/x86/irte';
import type { Lapic } from '../../../hw/x86/lapic';
import type { MsiDeliver } from '../../../hw/x86/apicBus';
import type { PCpu } from '../../pcpu';
import type { Step } from '../../step';

export type DeliveryMode = 'emulated' | 'posted';
/** How the guest reaches its vLAPIC: x2APIC MSRs (a Linux guest on KVM: arch/x86/kernel/kvm.c sets x2apic_available
 *  = kvm_para_available) or the xAPIC MMIO page (qtest has no MSR command). */
export type ApicAccess = 'msr' | 'mmio';
export type VcpuRunState = 'running' | 'halted';

/** kvm_apic_set_irq into one vCPU, in the context of CPU `from`. */
export type Inject = (vector: number, level: boolean, flows: FlowGroup, from: number) => void;

/** The parts of the host a delivery is connected to (posted notifications go out on the APIC bus). */
export interface DeliveryWiring {
  apicBus: InPort<MsiDeliver>;
}

/** What a delivery reaches of its vCPU. */
export interface DeliveryVcpu {
  readonly vmName: string;
  readonly index: number;
  /** Interned place and VM of the vCPU's hops. */
  readonly where: number;
  readonly vmId: number;
  readonly vlapic: Lapic;
  readonly pcpu: PCpu;
  readonly state: VcpuRunState;
  /** In guest mode, or entering it (KVM's vcpu->mode == IN_GUEST_MODE). */
  inGuestMode(): boolean;
  /** kvm_vcpu_kick: wake a halted vCPU, or get a running one to notice its pending vIRR. */
  kick(flow: number, from: number): void;
  /** An IPI to the pCPU it runs on (a kick, a posted-interrupt notification). */
  sendIpi(vector: number, flows: FlowGroup): void;
  /** The guest takes the highest deliverable vIRR vector (vIRR → vISR), awaiting its handler. */
  takeVirq(): void;
  /** The guest handler of the interrupt taken, up to its EOI. */
  handlerSteps(): Step[];
  /** The guest's EOI write exits for `reason` and KVM emulates it (then a level vector's EOI goes on). */
  eoiExitSteps(reason: string, flow: number, vec: string): Step[];
  /** The guest's read of a vLAPIC register (`what`) exits for `reason`; KVM answers it and re-enters the guest. */
  apicReadExitSteps(reason: string, flow: number, what: string): Step[];
  /** Whether `vector` is in the vCPU's EOI-exit bitmap (ioapic_handled_vectors, loaded by vcpu_load_eoi_exitmap). */
  eoiExits(vector: number): boolean;
}

/** The part of the VM's delivery that lives with one vCPU. */
export interface VcpuDelivery {
  /** kvm_apic_set_irq: where the VM's APIC bus reaches this vCPU. */
  readonly injectIn: InPort<Inject>;
  /** At every entry, decided when the entry runs: steps before the injection check (sync_pir_to_irr). */
  entrySyncSteps(): Step[];
  /** After KVM injected a vector at entry (vIRR → vISR), before the VM entry: steps of its own (PV EOI), if any. */
  injectedSteps?(vector: number, flow: number): Step[];
  /** Guest mode with nothing injected: the CPU's own delivery of a pending vIRR vector, or null. */
  guestDeliverySteps(): Step[] | null;
  /** After the guest handler of `vector` (`vec`: how the log names it): its EOI, written to the x2APIC EOI MSR as
   *  Linux on KVM does, or to the xAPIC page (`mmio`: a qtest script's write). */
  eoiSteps(flow: number, vector: number, vec: string, access?: ApicAccess): Step[];
  /** The guest reads a vLAPIC register (`what`) in the middle of its handler: an exit, or read in guest mode. */
  apicReadSteps(flow: number, what: string): Step[];
  /** Interrupts waiting outside the vLAPIC (posted requests): the vCPU must not halt. */
  holdsPending(): boolean;
  /** The vCPU blocks on HLT / is woken from it. */
  onBlock(): void;
  onWake(): void;
  /** A host vector deliverable while the vCPU runs in guest mode, handled there with no exit; false if it cannot be. */
  takeInGuest(vector: number): boolean;
  /** The vCPU thread is scheduled out (another thread runs on its pCPU) or back in. */
  onScheduledOut(): void;
  onScheduledIn(): void;
  /** The host's wake-up vector found this vCPU blocked. */
  wakeUp(): void;
  /**
   * KVM's irq bypass consumer, for a VFIO vector aimed at this vCPU: posting puts the vector's IRTE in posted mode
   * (returned, so the machine lists it); emulated delivery leaves the MSI to the host handler (null).
   */
  irqBypass(remapper: InterruptRemapper, key: string, irte: () => Irte, guestVector: number, sid: number): Irte | null;
  /** Register files this delivery adds to the machine (the posted-interrupt descriptor). */
  readonly registerFiles: readonly RegisterFile[];
}

/** One VM's delivery: it makes each vCPU's part. */
export interface DeliveryStrategy {
  forVcpu(vcpu: DeliveryVcpu): VcpuDelivery;
}
