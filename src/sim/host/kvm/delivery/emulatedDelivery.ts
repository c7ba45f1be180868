// Emulated delivery (no APICv): KVM sets the vector in the vLAPIC's IRR and kicks the vCPU; the interrupt is injected
// at the next VM entry (a running vCPU must first be kicked out with an IPI), and the guest's EOI write traps to be
// emulated: WRMSR to the x2APIC EOI MSR (MSR_WRITE, arch/x86/kvm/x86.c kvm_emulate_wrmsr → kvm_x2apic_msr_write),
// or a write to the xAPIC page (APIC_ACCESS, vmx.c handle_apic_access) from a qtest script; so does the guest's read
// of a vLAPIC register (the TMR read of a level interrupt's ack: RDMSR, MSR_READ), which KVM answers before
// re-entering the guest.
// As a part of the wiring: the VM's APIC bus reaches the vCPU's vLAPIC ("vm0/vcpu0/vlapic"), whose `irq` out-port
// kicks the vCPU.
import type { FlowGroup } from '../../../core/flows';
import { inPort, type InPort } from '../../../core/wires';
import type { Simulator } from '../../../core/simulator';
import type { Step } from '../../step';
import type { ApicAccess, DeliveryStrategy, DeliveryVcpu, Inject, VcpuDelivery } from './delivery';

export class EmulatedDelivery implements DeliveryStrategy {
  constructor(private readonly sim: Simulator) {}

  forVcpu(vcpu: DeliveryVcpu): VcpuDelivery {
    return new EmulatedVcpuDelivery(this.sim, vcpu);
  }
}

class EmulatedVcpuDelivery implements VcpuDelivery {
  readonly registerFiles = [];
  readonly injectIn: InPort<Inject>;
  private readonly kCoalesce;

  constructor(private readonly sim: Simulator, private readonly vcpu: DeliveryVcpu) {
    this.kCoalesce = sim.kind('kvm.vlapic.coalesce');
    this.injectIn = inPort<Inject>(vcpu.vlapic.node, 'inject', 'msi', (vector, level, flows, from) => this.inject(vector, level, flows, from));
  }

  entrySyncSteps(): Step[] {
    return [];
  }

  guestDeliverySteps(): null {
    return null;
  }

  eoiSteps(flow: number, _vector: number, vec: string, access: ApicAccess = 'msr'): Step[] {
    return this.vcpu.eoiExitSteps(access === 'msr' ? 'MSR_WRITE' : 'APIC_ACCESS', flow, vec);
  }

  /** No APIC-register virtualization: the guest's RDMSR of an x2APIC register traps (MSR_READ) and KVM answers. */
  apicReadSteps(flow: number, what: string): Step[] {
    return this.vcpu.apicReadExitSteps('MSR_READ', flow, what);
  }

  holdsPending(): boolean {
    return false;
  }

  onBlock(): void {}

  onWake(): void {}

  /** kvm_apic_set_irq: into the vLAPIC (merging with a vector already pending), then the vLAPIC kicks its vCPU. */
  private inject(vector: number, level: boolean, flows: FlowGroup, from: number): void {
    const v = this.vcpu;
    const r = v.vlapic.msiIn.fn(vector, level, flows);
    if (r.coalesced) {
      const detail = this.sim.sid(`vIRR 0x${vector.toString(16)} already pending: merged into flow ${r.intoFlow}`);
      for (const f of flows) this.sim.hop(f, this.kCoalesce, from, v.vmId, detail, 0);
    }
    v.vlapic.irq.send(r.intoFlow, from);
  }

  takeInGuest(): boolean {
    return false;
  }

  onScheduledOut(): void {}

  onScheduledIn(): void {}

  wakeUp(): void {}

  irqBypass(): null {
    return null;
  }
}
