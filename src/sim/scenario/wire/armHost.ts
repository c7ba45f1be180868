// The ARM host: one GIC (distributor, a CPU interface and a virtualization interface per pCPU), each pCPU taking
// interrupts through its CPU interface (EOImode 1), the reschedule SGI and KVM's maintenance PPI; then the VMs,
// each with a vGIC and vCPUs whose list registers live in their pCPU's virtualization interface.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { GuestInterruptTable } from '../../host/kvm/guestInterruptTable';
import { ArmVcpu, SGI_RESCHEDULE } from '../../host/kvm/arm/armVcpu';
import { Vgic } from '../../host/kvm/arm/vgic';
import { GicPort } from '../../host/arm/gicPort';
import { PCpu } from '../../host/pcpu';
import { ArmGic } from '../../hw/arm/gic';
import { PPI } from '../../hw/arm/gicCommon';
import { ListRegisterAllocator } from '../../hw/arm/listRegisterAllocator';
import type { Scenario } from '../schema';
import { defaultPcpu } from '../validate';

export interface ArmVm {
  name: string;
  vgic: Vgic;
  vcpus: ArmVcpu[];
  guestIdt: GuestInterruptTable;
}

export function wireArmHost(s: Scenario, sim: Simulator, costs: CostModel) {
  const gic = new ArmGic({ version: s.gic, cpus: s.host.cpus, spis: 64, listRegs: s.host.listRegs, owner: 'host' });
  gic.dist.setEnabledGlobally(true);
  const kMaint = sim.sid('arm.kvm.maint.handle');
  const pcpus = gic.cpuIfs.map((cpuIf, i) => {
    const pcpu = new PCpu(sim, costs, i, new GicPort(cpuIf));
    cpuIf.onSignal = (irq) => { if (irq) pcpu.poke(); };
    gic.dist.enable(SGI_RESCHEDULE, true, i);
    pcpu.requestVector(SGI_RESCHEDULE, 'IPI_RESCHEDULE', () => [], false);
    // vgic_maintenance_handler does nothing itself: the exit it caused folds the list registers.
    gic.dist.enable(PPI.maintenance, true, i);
    pcpu.requestVector(PPI.maintenance, 'kvm vgic maintenance', (_v, flows) => [
      pcpu.step(kMaint, 'arm.kvm.maint.handle', flows[0] ?? 0, sim.sid(`maintenance: ${gic.virtIfs[i]!.misrReasons().join(', ') || 'handled by the fold'}`)),
    ], false);
    return pcpu;
  });
  const hwDeactivate = new Map<number, () => void>();
  gic.onHwDeactivate = (_cpu, pintid) => hwDeactivate.get(pintid)?.();

  const vms: ArmVm[] = s.vms.map((spec, vi) => {
    const guestIdt = new GuestInterruptTable();
    const vm: ArmVm = { name: spec.id, vgic: new Vgic(sim, costs, spec.id), vcpus: [], guestIdt };
    for (let c = 0; c < spec.vcpus; c++) {
      const p = spec.pinning?.[c] ?? defaultPcpu(s, vi, c);
      const idle = Array.isArray(spec.idle) ? (spec.idle[c] ?? 'busy') : spec.idle;
      const vif = gic.virtIfs[p]!;
      vm.vcpus.push(new ArmVcpu(sim, costs, spec.id, c, pcpus[p]!, vif, new ListRegisterAllocator(vif), () => vm.vgic, guestIdt, idle,
        (flows) => gic.dist.sendSgi(SGI_RESCHEDULE, 0, [p], flows)));
    }
    return vm;
  });
  return { gic, pcpus, vms, hwDeactivate };
}
