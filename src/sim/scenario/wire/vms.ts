// The VMs: their vCPUs pinned to pCPUs, each with a virtual LAPIC, and each VM's delivery (emulated | posted),
// decided here once. Each vCPU's vLAPIC kicks it and reports its EOIs to it (on to the guest IDT); its IPIs go to
// its pCPU's LAPIC; the VM's APIC bus reaches it.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { createDelivery } from '../../host/kvm/delivery';
import { Vcpu } from '../../host/kvm/vcpu';
import { Vm } from '../../host/kvm/vm';
import type { PCpu } from '../../host/pcpu';
import type { ApicBus } from '../../hw/x86/apicBus';
import { Lapic } from '../../hw/x86/lapic';
import type { Scenario } from '../schema';
import { defaultPcpu } from '../validate';

export function wireVms(s: Scenario, sim: Simulator, costs: CostModel, pcpus: PCpu[], lapics: Lapic[], bus: ApicBus): Vm[] {
  const { wires } = sim;
  return s.vms.map((spec, vi) => {
    const vm = new Vm(sim, costs, spec.id);
    // Posted descriptors of VM i at 4 GiB + i × 16 KiB, 64 bytes each; their notifications cross the APIC bus.
    const delivery = createDelivery(spec.delivery, sim, costs, 0x1_0000_0000n + BigInt(vi * 256) * 64n, { apicBus: bus.msiIn }, spec.pvEoi === 'on');
    for (let c = 0; c < spec.vcpus; c++) {
      const p = spec.pinning?.[c] ?? defaultPcpu(s, vi, c);
      const vlapic = new Lapic(c, `${spec.id}/vcpu${c}/vlapic`, spec.id, `vcpu${c}`, true);
      const idle = Array.isArray(spec.idle) ? (spec.idle[c] ?? 'busy') : spec.idle;
      const vcpu = new Vcpu(sim, costs, spec.id, c, vlapic, pcpus[p]!, vm.guestIdt, idle, delivery);
      wires.connect(vlapic.irq, vcpu.kickIn);
      wires.connect(vlapic.levelEoi, vcpu.levelEoiIn);
      wires.connect(vlapic.eoiOut, vcpu.eoiIn);
      wires.connect(vcpu.guestEoi, vm.guestIdt.eoiIn);
      wires.connect(vcpu.ipi, lapics[p]!.ipiIn);
      vm.addVcpu(vcpu);
    }
    return vm;
  });
}
