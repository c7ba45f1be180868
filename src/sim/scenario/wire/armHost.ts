// The ARM host: one GIC (distributor, a CPU interface and a virtualization interface per pCPU), each pCPU taking
// interrupts through its CPU interface (EOImode 1), the reschedule SGI and KVM's maintenance PPI; then the VMs,
// each with a vGIC and vCPUs whose list registers live in their pCPU's virtualization interface, and each vCPU's
// virtual timer. Here parts are made, the GIC version is picked once, and ports are connected; what the parts do
// is in hw/arm and host/kvm/arm.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { GuestInterruptTable } from '../../host/kvm/guestInterruptTable';
import { guestArchTimerHandler, KvmArchTimer } from '../../host/kvm/arm/archTimer';
import { ArmVcpu, SGI_RESCHEDULE } from '../../host/kvm/arm/armVcpu';
import { Vgic } from '../../host/kvm/arm/vgic';
import { VgicMaintenance } from '../../host/kvm/arm/vgicMaintenance';
import { GicPort } from '../../host/arm/gicPort';
import { PCpu } from '../../host/pcpu';
import { ArmGic } from '../../hw/arm/gic';
import { PPI } from '../../hw/arm/gicCommon';
import { GIC_VERSIONS } from '../../hw/arm/gicVersion';
import { ListRegisterAllocator } from '../../hw/arm/listRegisterAllocator';
import { ArchTimer } from '../../hw/arm/timer';
import type { Scenario } from '../schema';
import { defaultPcpu } from '../validate';

export interface ArmVm {
  name: string;
  vgic: Vgic;
  vcpus: ArmVcpu[];
  guestIdt: GuestInterruptTable;
}

export function wireArmHost(s: Scenario, sim: Simulator, costs: CostModel) {
  const gic = new ArmGic({ version: GIC_VERSIONS[s.gic], cpus: s.host.cpus, spis: 64, listRegs: s.host.listRegs, owner: 'host', wires: sim.wires });
  gic.dist.setEnabledGlobally(true);
  const pcpus = gic.cpuIfs.map((cpuIf, i) => {
    const pcpu = new PCpu(sim, costs, i, new GicPort(cpuIf));
    sim.wires.connect(cpuIf.irqOut, pcpu.irqIn);
    gic.dist.enable(SGI_RESCHEDULE, true, i);
    pcpu.requestVector(SGI_RESCHEDULE, PCpu.handler(`host/cpu${i}/ipi-reschedule`, 'IPI_RESCHEDULE', () => [], 'ipi-handler'), false);
    gic.dist.enable(PPI.maintenance, true, i);
    pcpu.requestVector(PPI.maintenance, new VgicMaintenance(sim, costs, pcpu, gic.virtIfs[i]!).handler, false);
    return pcpu;
  });

  const allTimers: ArchTimer[] = [];
  const vms: ArmVm[] = s.vms.map((spec, vi) => {
    const guestIdt = new GuestInterruptTable(sim, spec.id);
    const vm: ArmVm = { name: spec.id, vgic: new Vgic(sim, costs, spec.id, { version: gic.version, vcpus: spec.vcpus, spis: gic.dist.spis }), vcpus: [], guestIdt };
    const timers: ArchTimer[] = [];
    for (let c = 0; c < spec.vcpus; c++) {
      const p = spec.pinning?.[c] ?? defaultPcpu(s, vi, c);
      const idle = Array.isArray(spec.idle) ? (spec.idle[c] ?? 'busy') : spec.idle;
      const vif = gic.virtIfs[p]!;
      const vcpu = new ArmVcpu(sim, costs, spec.id, c, pcpus[p]!, vif, new ListRegisterAllocator(vif), guestIdt, idle);
      const toVcpu = vm.vgic.vcpuOut(c);
      sim.wires.connect(toVcpu.queue, vcpu.virqIn);
      sim.wires.connect(toVcpu.lower, vcpu.lineIn);
      sim.wires.connect(toVcpu.state, vcpu.stateIn);
      sim.wires.connect(toVcpu.unpend, vcpu.unpendIn);
      sim.wires.connect(toVcpu.kick, vcpu.kickIn);
      sim.wires.connect(vcpu.kickOut, gic.dist.sgiIn);
      sim.wires.connect(vcpu.eoiOut, vif.eoiIn);
      sim.wires.connect(vcpu.ackOut, vm.vgic.ackIn);
      vm.vcpus.push(vcpu);
      if (spec.timerHz) allTimers.push(timers[c] = wireVtimer(sim, costs, gic, pcpus[p]!, vcpu, spec.timerHz));
    }
    if (spec.timerHz) guestIdt.set(PPI.virtualTimer, guestArchTimerHandler(sim, spec.id, timers, 1e9 / spec.timerHz));
    return vm;
  });
  return { gic, pcpus, vms, timers: allTimers };
}

/**
 * A vCPU's virtual timer: PPI 27 on its pCPU, whose host handler (kvm_arch_timer_handler) queues the vtimer on the
 * vCPU as HW-mapped (the guest's deactivation deactivates the physical PPI) and only drops priority.
 */
function wireVtimer(sim: Simulator, costs: CostModel, gic: ArmGic, pcpu: PCpu, vcpu: ArmVcpu, hz: number): ArchTimer {
  const source = sim.sid(`${vcpu.vmName}.vcpu${vcpu.index}.vtimer`);
  const vmId = sim.sid(vcpu.vmName);
  const timer = new ArchTimer(sim, 'virtual', pcpu.index, { idPrefix: vcpu.vmName, owner: vcpu.vmName, newFlow: () => sim.raiseFlow(source, vmId) });
  gic.attachTimer(timer);
  gic.dist.enable(PPI.virtualTimer, true, pcpu.index);
  const kvm = new KvmArchTimer(sim, costs, pcpu, `${vcpu.vmName}.vcpu${vcpu.index}`);
  pcpu.requestVector(PPI.virtualTimer, kvm.handler, false, { dropOnly: () => true });
  sim.wires.connect(kvm.virqOut, vcpu.virqIn);
  sim.wires.connect(kvm.kickOut, vcpu.kickIn);
  sim.wires.connect(gic.dist.deactivatedOut(PPI.virtualTimer, pcpu.index), kvm.deactivatedIn);
  // As the guest's driver does: program the compare value first, then enable (enabling first would fire at CVAL 0).
  timer.armIn(1e9 / hz);
  timer.setControl(true);
  return timer;
}
