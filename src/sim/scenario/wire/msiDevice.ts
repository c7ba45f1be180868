// A device signalling MSI or MSI-X: owned by a host driver, or assigned to a VM through VFIO + eventfd + KVM irqfd
// (one per vector); its message writes go to the IOMMU, and the VM's delivery decides whether each vector's IRTE
// is posted (KVM's irq bypass). A device with a workload raises its messages as the workload says (wire/workload.ts)
// and its driver tells the workload what it serviced.
import { Arrivals } from '../../core/arrivals';
import { Prng } from '../../core/prng';
import { Eventfd } from '../../host/eventfd';
import { HostDriver } from '../../host/hostDriver';
import type { Vm } from '../../host/kvm/vm';
import { VfioPciMsi } from '../../host/vfio/vfioPciMsi';
import { VfioPciIrqs } from '../../host/vfio/vfioPciIrqs';
import { enableMsi } from '../../host/vmm/qemuVfio';
import { MsiSource, requesterKey } from '../../hw/pci/msiSource';
import { PciFunction, type PciIdentity } from '../../hw/pci/pciFunction';
import { Irte } from '../../hw/x86/irte';
import type { DeviceSpec } from '../schema';
import type { WireContext } from './context';
import type { FaultTarget } from './faults';
import { wireWorkload, type DeviceWorkload } from './workload';

export function wireMsiDevice(c: WireContext, d: DeviceSpec, gsi: number, identity: PciIdentity): void {
  const { sim, costs, machine } = c;
  const msix = d.irq === 'msix';
  const n = msix ? d.vectors : 1;
  const fn = new PciFunction(`host/${d.id}/config`, 'host', d.id, identity, false);
  machine.registerFiles.push(fn.config);
  // The host side (the host driver, or vfio-pci) programs the physical vectors: host vector hostVector + i.
  if (msix) {
    const t = fn.withMsix(n, 'host');
    fn.programMsix((i) => ({ destId: hostCpuOf(d, i), vector: d.hostVector + i }));
    machine.registerFiles.push(t.table, t.pba);
  } else fn.programMsi(d.hostCpu, d.hostVector);
  let source: MsiSource | null = null;
  const faultTarget: FaultTarget = { raise: () => source!.raise(), raiseSpurious: (mark) => source!.raise(undefined, mark), fn, owner: d.owner, cpu: c.pcpus[d.hostCpu]! };
  c.faultTargets.set(d.id, faultTarget);
  const workload = wireWorkload(machine, d, { raise: (queue) => source!.raise(queue % n) });

  if (d.owner === 'host') {
    for (let i = 0; i < n; i++) new HostDriver(sim, costs, d.id, workload?.hostServiced).attach(c.pcpus[hostCpuOf(d, i)]!, d.hostVector + i);
  } else {
    const vm = c.vms.find((v) => v.name === d.owner)!;
    faultTarget.eventfds = wireAssigned(c, d, gsi, fn, identity, vm, n, msix, workload);
  }
  const arrivals = workload ? null : new Arrivals(d.arrival, d.rate, Prng.derive(c.s.seed, d.id));
  source = new MsiSource(sim, costs, fn, arrivals, d.owner);
  sim.wires.connect(fn.msi, c.remapper.msiIn);
  if (fn.msix) sim.wires.connect(fn.msix.release, source.releaseIn);
  if (!workload) machine.sources.push(source);
}

/** The pCPU host vector i targets: its hostCpus entry (MSI-X affinity), else hostCpu. */
function hostCpuOf(d: DeviceSpec, i: number): number {
  return d.hostCpus?.[i] ?? d.hostCpu;
}

/** VFIO + KVM for an assigned device: guest vector i is guestVector + i on vCPU (guestVcpu + i) mod vCPUs. */
function wireAssigned(c: WireContext, d: DeviceSpec, gsi: number, fn: PciFunction, identity: PciIdentity, vm: Vm, n: number, msix: boolean, workload: DeviceWorkload | null): Eventfd[] {
  const { sim, costs, machine } = c;
  const pcpu = c.pcpus[d.hostCpu]!;
  const guestCpu = (i: number) => vm.vcpus[(d.guestVcpu + i) % vm.vcpus.length]!;
  // The guest's view of the function: QEMU/VFIO virtualize its MSI / MSI-X capability (and table); the guest driver programs it.
  const vfn = new PciFunction(`${vm.name}/${d.id}/config`, vm.name, d.id, identity, true);
  machine.registerFiles.push(vfn.config);
  if (msix) {
    const vt = vfn.withMsix(n, vm.name);
    vfn.programMsix((i) => ({ destId: guestCpu(i).vlapic.apicId, vector: d.guestVector + i }));
    machine.registerFiles.push(vt.table, vt.pba);
  } else vfn.programMsi(guestCpu(0).vlapic.apicId, d.guestVector);

  const vfio = new VfioPciMsi(sim, d.id, msix ? 'MSI-X' : 'MSI', n);
  const triggers: Eventfd[] = [];
  for (let i = 0; i < n; i++) {
    vfio.attach(c.pcpus[hostCpuOf(d, i)]!, d.hostVector + i, i);
    vm.guestIdt.set(d.guestVector + i, { name: `${d.id} driver${msix ? ` (queue ${i})` : ''}`, cost: 'guest.driver.handler', scope: d.id,
      ...(workload ? { onServiced: workload.guestServiced(vm) } : {}) });
    triggers.push(new Eventfd(sim, costs, `${d.id}-${msix ? 'msix' : 'msi'}${i}`, vm.name));
  }
  // What QEMU does when the guest enables MSI/MSI-X: a trigger eventfd per vector, then KVM_IRQFD on each.
  enableMsi(sim, costs, { irqs: new VfioPciIrqs(fn, msix ? { msix: vfio } : { msi: vfio }), view: vfn, vm, triggers, gsiBase: gsi * 64, cpu: pcpu });

  // KVM's irq bypass consumer (each VFIO vector is a producer): with posted delivery the vector's IRTE goes to
  // posted mode (facts §E.3); the VM's delivery decides.
  for (let i = 0; i < n; i++) {
    const irte = guestCpu(i).delivery.irqBypass(c.remapper, requesterKey(d.id, i, msix), () => new Irte(`host/${d.id}/irte${msix ? i : ''}`, d.id), d.guestVector + i, gsi);
    if (irte) machine.registerFiles.push(irte.regs);
  }
  return triggers;
}
