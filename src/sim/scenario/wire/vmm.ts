// Each VM's userspace VMM (QEMU), made when something first needs it: its main loop on the pCPU `vms[i].vmm.cpu`
// names (default: the lowest pCPU that runs no vCPU, as libvirt's emulatorpin keeps QEMU off the vCPUs' CPUs; the
// VM's first vCPU's when every pCPU runs one), each vCPU's exits to userspace drawn to it; and, for a VM with
// irqchip split, QEMU's IOAPIC (made on first use too: a VM with only MSI devices programs no IOAPIC pin).
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { Vm } from '../../host/kvm/vm';
import type { PCpu } from '../../host/pcpu';
import { EmulatedDevice } from '../../host/vmm/emulatedDevice';
import { QemuIoapic } from '../../host/vmm/qemuIoapic';
import { Vmm } from '../../host/vmm/vmm';
import type { Machine } from '../machine';
import type { Scenario } from '../schema';
import { defaultPcpu } from '../validate';

/** The pCPU of VM `vmIndex`'s QEMU main loop. */
export function vmmCpu(s: Scenario, vmIndex: number): number {
  const vm = s.vms[vmIndex]!;
  if (vm.vmm?.cpu !== undefined) return vm.vmm.cpu;
  const taken = new Set<number>();
  s.vms.forEach((v, i) => { for (let c = 0; c < v.vcpus; c++) taken.add(v.pinning?.[c] ?? defaultPcpu(s, i, c)); });
  for (let p = 0; p < s.host.cpus; p++) if (!taken.has(p)) return p;
  return vm.pinning?.[0] ?? defaultPcpu(s, vmIndex, 0);
}

export interface VmmParts {
  /** The VM's QEMU (made on first use). */
  vmm(vm: Vm): Vmm;
  /** The VM's IOAPIC in QEMU, for a VM with irqchip split (made on first use). */
  qemuIoapic(vm: Vm): QemuIoapic;
  /** An emulated device of the VM's QEMU (a workload's virtio-style NIC), with the VM's ioeventfd and injection
   *  switches; `gsi`: the GSI of its MSI route. Reach its doorbell with host/vmm/emulatedDevice.ts guestDoorbell. */
  emulatedDevice(vm: Vm, id: string, gsi: number): EmulatedDevice;
}

export function wireVmms(s: Scenario, sim: Simulator, costs: CostModel, pcpus: PCpu[], vms: Vm[], machine: Machine): VmmParts {
  const vmms = new Map<Vm, Vmm>();
  const ioapics = new Map<Vm, QemuIoapic>();
  const vmm = (vm: Vm): Vmm => {
    let q = vmms.get(vm);
    if (!q) {
      q = new Vmm(sim, costs, vm.name, pcpus[vmmCpu(s, vms.indexOf(vm))]!);
      for (const v of vm.vcpus) q.addVcpu(v);
      vmms.set(vm, q);
    }
    return q;
  };
  const qemuIoapic = (vm: Vm): QemuIoapic => {
    let io = ioapics.get(vm);
    if (!io) {
      io = new QemuIoapic(sim, costs, vm, vmm(vm));
      ioapics.set(vm, io);
      machine.registerFiles.push(io.ioapic.regs);
    }
    return io;
  };
  const emulatedDevice = (vm: Vm, id: string, gsi: number): EmulatedDevice => {
    const q = vmm(vm);
    const spec = s.vms[vms.indexOf(vm)]!.vmm;
    const d = new EmulatedDevice(sim, costs, id, vm, q, gsi, spec?.ioeventfd ?? 'on', spec?.irqInjection ?? 'irqfd');
    q.addEmulatedDevice(d);
    return d;
  };
  return { vmm, qemuIoapic, emulatedDevice };
}
