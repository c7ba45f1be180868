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
  const gic = new ArmGic({ version: s.gic, cpus: s.host.cpus, spis: 64, listRegs: s.host.listRegs, owner: 'host' });
  gic.dist.setEnabledGlobally(true);
  const kMaint = sim.kind('arm.kvm.maint.handle');
  const pcpus = gic.cpuIfs.map((cpuIf, i) => {
    const pcpu = new PCpu(sim, costs, i, new GicPort(cpuIf));
    cpuIf.onSignal = (irq) => { if (irq) pcpu.poke(); };
    gic.dist.enable(SGI_RESCHEDULE, true, i);
    pcpu.requestVector(SGI_RESCHEDULE, PCpu.handler(`host/cpu${i}/ipi-reschedule`, 'IPI_RESCHEDULE', () => []), false);
    // vgic_maintenance_handler does nothing itself: the exit it caused folds the list registers.
    gic.dist.enable(PPI.maintenance, true, i);
    pcpu.requestVector(PPI.maintenance, PCpu.handler(`host/cpu${i}/vgic-maintenance`, 'kvm vgic maintenance', (_v, flows) => [
      pcpu.step(kMaint, 'arm.kvm.maint.handle', flows[0] ?? 0, sim.sid(`maintenance: ${gic.virtIfs[i]!.misrReasons().join(', ') || 'handled by the fold'}`)),
    ]), false);
    return pcpu;
  });
  const hwDeactivate = new Map<number, () => void>();
  // A guest deactivation of an HW = 1 list register ends the flows riding on it.
  gic.onHwDeactivate = (_cpu, pintid, flows) => {
    for (const f of flows) sim.flows.complete(f, sim.now);
    hwDeactivate.get(pintid)?.();
  };

  const allTimers: ArchTimer[] = [];
  const vms: ArmVm[] = s.vms.map((spec, vi) => {
    const guestIdt = new GuestInterruptTable(sim, spec.id);
    const vm: ArmVm = { name: spec.id, vgic: new Vgic(sim, costs, spec.id), vcpus: [], guestIdt };
    const timers: ArchTimer[] = [];
    for (let c = 0; c < spec.vcpus; c++) {
      const p = spec.pinning?.[c] ?? defaultPcpu(s, vi, c);
      const idle = Array.isArray(spec.idle) ? (spec.idle[c] ?? 'busy') : spec.idle;
      const vif = gic.virtIfs[p]!;
      const vcpu = new ArmVcpu(sim, costs, spec.id, c, pcpus[p]!, vif, new ListRegisterAllocator(vif), () => vm.vgic, guestIdt, idle,
        (flows) => gic.dist.sendSgi(SGI_RESCHEDULE, 0, [p], flows));
      vm.vcpus.push(vcpu);
      if (spec.timerHz) allTimers.push(timers[c] = wireVtimer(sim, gic, pcpus[p]!, vcpu, spec.timerHz));
    }
    if (spec.timerHz) {
      const period = 1e9 / spec.timerHz;
      // The guest's tick handler re-arms CVAL one period on (which lowers the timer's output), until the sources stop.
      guestIdt.set(PPI.virtualTimer, {
        name: 'arch_timer', cost: 'guest.driver.handler', scope: `${spec.id}-timer`, completesOnEoi: false,
        service: (i) => {
          const t = timers[i];
          if (t && sim.now + period < sim.sourcesUntil) t.rearm(period);
          else t?.setControl(false);
          return null;
        },
      });
    }
    return vm;
  });
  return { gic, pcpus, vms, hwDeactivate, timers: allTimers };
}

/**
 * A vCPU's virtual timer: PPI 27 on its pCPU, whose host handler (kvm_arch_timer_handler) queues the vtimer on the
 * vCPU as HW-mapped (the guest's deactivation deactivates the physical PPI) and only drops priority.
 */
function wireVtimer(sim: Simulator, gic: ArmGic, pcpu: PCpu, vcpu: ArmVcpu, hz: number): ArchTimer {
  const timer = new ArchTimer(sim, 'virtual', pcpu.index, {
    idPrefix: vcpu.vmName, owner: vcpu.vmName,
    newFlow: () => sim.raiseFlow(sim.sid(`${vcpu.vmName}.vcpu${vcpu.index}.vtimer`), sim.sid(vcpu.vmName)),
  });
  gic.attachTimer(timer);
  gic.dist.enable(PPI.virtualTimer, true, pcpu.index);
  const kTimer = sim.kind('arm.timer.fire');
  pcpu.requestVector(PPI.virtualTimer, PCpu.handler(`host/cpu${pcpu.index}/arch-timer`, 'kvm arch timer', (_v, flows) => [
    pcpu.step(kTimer, 'arm.timer.fire', flows[0] ?? 0, sim.sid(`vtimer of ${vcpu.vmName}.vcpu${vcpu.index} → vINTID 27 (HW)`), {
      then: () => {
        vcpu.alloc.inject({ vintid: PPI.virtualTimer, priority: 0xa0, level: true, pintid: PPI.virtualTimer, flows });
        vcpu.kick(flows[0] ?? 0, pcpu.where);
      },
    }),
  ]), false, { dropOnly: () => true });
  // As the guest's driver does: program the compare value first, then enable (enabling first would fire at CVAL 0).
  timer.armIn(1e9 / hz);
  timer.setControl(true);
  return timer;
}
