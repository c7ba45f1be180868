// A device signalling MSI or MSI-X: owned by a host driver, or assigned to a VM through VFIO + eventfd + KVM irqfd
// (one per vector), with VT-d posting per vector when the VM uses posted delivery.
import { Arrivals } from '../../core/arrivals';
import { Prng } from '../../core/prng';
import { Eventfd } from '../../host/eventfd';
import { HostDriver } from '../../host/hostDriver';
import { Irqfd } from '../../host/kvm/irqfd';
import type { Vm } from '../../host/kvm/vm';
import { VfioPciMsi } from '../../host/vfio/vfioPciMsi';
import { VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_IRQ_SET_DATA_EVENTFD, VFIO_PCI_MSIX_IRQ_INDEX, VFIO_PCI_MSI_IRQ_INDEX, VfioPciIrqs } from '../../host/vfio/vfioPciIrqs';
import { MsiSource } from '../../hw/pci/msiSource';
import { PciFunction, type PciIdentity } from '../../hw/pci/pciFunction';
import { Irte } from '../../hw/x86/irte';
import type { DeviceSpec } from '../schema';
import type { WireContext } from './context';

/** The remapper's key for one vector of a device. */
const vectorKey = (device: string, i: number, msix: boolean) => (msix ? `${device}#${i}` : device);

export function wireMsiDevice(c: WireContext, d: DeviceSpec, gsi: number, identity: PciIdentity): void {
  const { sim, costs, machine } = c;
  const msix = d.irq === 'msix';
  const n = msix ? d.vectors : 1;
  const fn = new PciFunction(`host/${d.id}/config`, 'host', d.id, identity, false);
  machine.registerFiles.push(fn.config);
  // The host side (the host driver, or vfio-pci) programs the physical vectors: host vector hostVector + i.
  if (msix) {
    const t = fn.withMsix(n, 'host');
    fn.programMsix((i) => ({ destId: d.hostCpu, vector: d.hostVector + i }));
    machine.registerFiles.push(t.table, t.pba);
  } else fn.programMsi(d.hostCpu, d.hostVector);
  const pcpu = c.pcpus[d.hostCpu]!;

  if (d.owner === 'host') {
    for (let i = 0; i < n; i++) new HostDriver(sim, d.id).attach(pcpu, d.hostVector + i);
  } else {
    const vm = c.vms.find((v) => v.name === d.owner)!;
    wireAssigned(c, d, gsi, fn, identity, vm, n, msix);
  }
  const arrivals = new Arrivals(d.arrival, d.rate, Prng.derive(c.s.seed, d.id));
  machine.sources.push(new MsiSource(sim, costs, fn, (msg, flows, i) => c.remapper.deliver(vectorKey(d.id, i, msix), msg, flows), arrivals, d.owner));
}

/** VFIO + KVM for an assigned device: guest vector i is guestVector + i on vCPU (guestVcpu + i) mod vCPUs. */
function wireAssigned(c: WireContext, d: DeviceSpec, gsi: number, fn: PciFunction, identity: PciIdentity, vm: Vm, n: number, msix: boolean): void {
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
    vfio.attach(pcpu, d.hostVector + i, i);
    vm.guestIdt.set(d.guestVector + i, { name: `${d.id} driver${msix ? ` (queue ${i})` : ''}`, cost: 'guest.driver.handler', scope: d.id });
    triggers.push(new Eventfd(sim, costs, `${d.id}-${msix ? 'msix' : 'msi'}${i}`, vm.name));
  }
  // What QEMU does when the guest enables MSI/MSI-X: VFIO_DEVICE_SET_IRQS with one trigger eventfd per vector,
  // then KVM_IRQFD on each, routed by the guest's own message for that vector.
  const irqs = new VfioPciIrqs(fn, msix ? { msix: vfio } : { msi: vfio });
  const r = irqs.setIrqs({
    flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index: msix ? VFIO_PCI_MSIX_IRQ_INDEX : VFIO_PCI_MSI_IRQ_INDEX,
    start: 0, count: n, data: triggers,
  }, pcpu);
  if (!r.ok) throw new Error(`${d.id}: VFIO_DEVICE_SET_IRQS refused: ${r.why}`);
  triggers.forEach((t, i) => new Irqfd(sim, costs, t, gsi * 64 + i, vm, () => {
    if (!msix) return vfn.msiMessage();
    // QEMU would hold a vector the guest masked pending in its emulated PBA; here the route refuses it, and says so.
    if (vfn.msix!.masked(i)) return { blocked: `MSI-X vector ${i} masked in the guest's table (QEMU's pending emulation not modelled)` };
    return vfn.msix!.message(i);
  }).assign());

  // KVM's irq bypass consumer (each VFIO vector is a producer): with posted delivery the vector's IRTE goes to
  // posted mode (facts §E.3); the VM's delivery decides.
  for (let i = 0; i < n; i++) {
    const irte = guestCpu(i).delivery.irqBypass(c.remapper, vectorKey(d.id, i, msix), () => new Irte(`host/${d.id}/irte${msix ? i : ''}`, d.id), d.guestVector + i, gsi);
    if (irte) machine.registerFiles.push(irte.regs);
  }
}
