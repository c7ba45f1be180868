// The VMs: their vCPUs pinned to pCPUs, each with a virtual LAPIC.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { Vcpu } from '../../host/kvm/vcpu';
import { Vm } from '../../host/kvm/vm';
import type { PCpu } from '../../host/pcpu';
import { Lapic } from '../../hw/x86/lapic';
import { PostedDescriptor } from '../../hw/x86/postedDescriptor';
import type { Scenario } from '../schema';
import { defaultPcpu } from '../validate';

export function wireVms(s: Scenario, sim: Simulator, costs: CostModel, pcpus: PCpu[], lapics: Lapic[]): Vm[] {
  return s.vms.map((spec, vi) => {
    const vm = new Vm(sim, costs, spec.id);
    for (let c = 0; c < spec.vcpus; c++) {
      const p = spec.pinning?.[c] ?? defaultPcpu(s, vi, c);
      const vlapic = new Lapic(c, `${spec.id}/vcpu${c}/vlapic`, spec.id, `vcpu${c}`, true);
      const idle = Array.isArray(spec.idle) ? (spec.idle[c] ?? 'busy') : spec.idle;
      const pid = spec.delivery === 'posted' ? new PostedDescriptor(`${spec.id}/vcpu${c}/pi-desc`, spec.id, `vcpu${c}`) : null;
      vm.vcpus.push(new Vcpu(sim, costs, spec.id, c, vlapic, pcpus[p]!, lapics[p]!, vm.guestIdt, idle, spec.delivery, pid));
    }
    return vm;
  });
}
