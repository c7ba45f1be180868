// Scenario → Machine: wires the host (pCPUs, LAPICs, the APIC bus), the VMs (vCPUs, vLAPICs), and each device
// with its driver: a host driver, or VFIO + eventfd + KVM irqfd for a device assigned to a VM.
import { Arrivals } from '../core/arrivals';
import { CostModel, type CostOverride } from '../core/costModel';
import { Prng } from '../core/prng';
import { Simulator } from '../core/simulator';
import { COSTS } from '../costs';
import { Eventfd } from '../host/eventfd';
import { HostDriver } from '../host/hostDriver';
import { Irqfd } from '../host/kvm/irqfd';
import { RESCHEDULE_VECTOR, Vcpu } from '../host/kvm/vcpu';
import { Vm } from '../host/kvm/vm';
import { PCpu } from '../host/pcpu';
import { VfioPciMsi } from '../host/vfioPciMsi';
import { MsiSource } from '../hw/pci/msiSource';
import { PciFunction, type PciIdentity } from '../hw/pci/pciFunction';
import { ApicBus } from '../hw/x86/apicBus';
import { Lapic } from '../hw/x86/lapic';
import { Machine } from '../machine';
import { parseCost } from './fields';
import type { Scenario } from './schema';
import { defaultPcpu } from './validate';

const NIC: PciIdentity = { vendorId: 0x8086, deviceId: 0x10d3, baseClass: 0x02, subClass: 0x00 };

export function buildMachine(s: Scenario): Machine {
  const sim = new Simulator(s.log.capacity);
  const overrides: Record<string, CostOverride> = {};
  for (const [name, v] of Object.entries(s.costs)) overrides[name] = parseCost(v);
  const costs = new CostModel(COSTS, s.host.cpuGhz, overrides);
  const bus = new ApicBus(sim, costs);

  const pcpus: PCpu[] = [];
  for (let i = 0; i < s.host.cpus; i++) {
    const lapic = new Lapic(i, `host/cpu${i}/lapic`, 'host', `cpu${i}`, false);
    const pcpu = new PCpu(sim, costs, i, lapic);
    // The reschedule IPI only forces an exit; the scheduler_ipi body does nothing we model.
    pcpu.requestVector(RESCHEDULE_VECTOR, 'reschedule IPI', () => [], false);
    bus.attach({ lapic, poke: () => pcpu.poke() });
    pcpus.push(pcpu);
  }

  const vms = s.vms.map((spec, vi) => {
    const vm = new Vm(sim, costs, spec.id);
    for (let c = 0; c < spec.vcpus; c++) {
      const p = spec.pinning?.[c] ?? defaultPcpu(s, vi, c);
      const vlapic = new Lapic(c, `${spec.id}/vcpu${c}/vlapic`, spec.id, `vcpu${c}`, true);
      vm.vcpus.push(new Vcpu(sim, costs, spec.id, c, vlapic, pcpus[p]!, vm.guestIdt, spec.idle));
    }
    return vm;
  });

  const machine = new Machine(s, sim, costs, pcpus, vms, []);
  machine.registerFiles.push(...pcpus.map((p) => p.lapic.regs));
  for (const vm of vms) machine.registerFiles.push(...vm.vcpus.map((v) => v.vlapic.regs));

  s.devices.forEach((d, gsi) => {
    const fn = new PciFunction(`host/${d.id}/config`, 'host', d.id, NIC, false);
    fn.programMsi(d.hostCpu, d.hostVector);
    machine.registerFiles.push(fn.config);
    const pcpu = pcpus[d.hostCpu]!;
    if (d.owner === 'host') {
      new HostDriver(sim, d.id).attach(pcpu, d.hostVector);
    } else {
      const vm = vms.find((v) => v.name === d.owner)!;
      // The guest's view of the function: QEMU/VFIO virtualize its MSI capability; the guest driver programs it.
      const vfn = new PciFunction(`${vm.name}/${d.id}/config`, vm.name, d.id, NIC, true);
      vfn.programMsi(vm.vcpus[d.guestVcpu]!.vlapic.apicId, d.guestVector);
      machine.registerFiles.push(vfn.config);
      vm.guestIdt.set(d.guestVector, { name: `${d.id} driver`, cost: 'guest.driver.handler' });
      const trigger = new Eventfd(`${d.id}-msi0`);
      const irqfd = new Irqfd(sim, costs, trigger, gsi, vm, () => vfn.msiMessage());
      new VfioPciMsi(sim, d.id, trigger, irqfd).attach(pcpu, d.hostVector);
    }
    const arrivals = new Arrivals(d.arrival, d.rate, Prng.derive(s.seed, d.id));
    machine.sources.push(new MsiSource(sim, costs, fn, bus, arrivals, d.owner));
  });
  return machine;
}
