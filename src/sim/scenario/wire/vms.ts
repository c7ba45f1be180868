// The VMs: their vCPUs pinned to pCPUs, each with a virtual LAPIC, and each VM's delivery (emulated | posted).
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { Vcpu } from '../../host/kvm/vcpu';
import { Vm } from '../../host/kvm/vm';
import type { PCpu } from '../../host/pcpu';
import { Lapic } from '../../hw/x86/lapic';
import { createDelivery } from '../../host/kvm/delivery';
import type { Scenario } from '../schema';
import { defaultPcpu } from '../validate';

export function wireVms(s: Scenario, sim: Simulator, costs: CostModel, pcpus: PCpu[], lapics: Lapic[]): Vm[] {
  return s.vms.map((spec, vi) => {
    const vm = new Vm(sim, costs, spec.id);
    // The VM's delivery switch, decided here once; posted descriptors of VM i at 4 GiB + i × 16 KiB, 64 bytes each.
    const delivery = createDelivery(spec.delivery, sim, costs, 0x1_0000_0000n + BigInt(vi * 256) * 64n);
    for (let c = 0; c < spec.vcpus; c++) {
      const p = spec.pinning?.[c] ?? defaultPcpu(s, vi, c);
      const vlapic = new Lapic(c, `${spec.id}/vcpu${c}/vlapic`, spec.id, `vcpu${c}`, true);
      const idle = Array.isArray(spec.idle) ? (spec.idle[c] ?? 'busy') : spec.idle;
      vm.vcpus.push(new Vcpu(sim, costs, spec.id, c, vlapic, pcpus[p]!, lapics[p]!, vm.guestIdt, idle, delivery));
    }
    return vm;
  });
}
