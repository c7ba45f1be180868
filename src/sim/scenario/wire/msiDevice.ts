// A device signalling MSI: owned by a host driver, or assigned to a VM through VFIO + eventfd + KVM irqfd.
import { Arrivals } from '../../core/arrivals';
import { Prng } from '../../core/prng';
import { Eventfd } from '../../host/eventfd';
import { HostDriver } from '../../host/hostDriver';
import { Irqfd } from '../../host/kvm/irqfd';
import { VfioPciMsi } from '../../host/vfio/vfioPciMsi';
import { VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_IRQ_SET_DATA_EVENTFD, VFIO_PCI_MSI_IRQ_INDEX, VfioPciIrqs } from '../../host/vfio/vfioPciIrqs';
import { MsiSource } from '../../hw/pci/msiSource';
import { PciFunction, type PciIdentity } from '../../hw/pci/pciFunction';
import { Irte } from '../../hw/x86/irte';
import type { DeviceSpec } from '../schema';
import type { WireContext } from './context';

export function wireMsiDevice(c: WireContext, d: DeviceSpec, gsi: number, identity: PciIdentity): void {
  const { sim, costs, machine } = c;
  const fn = new PciFunction(`host/${d.id}/config`, 'host', d.id, identity, false);
  fn.programMsi(d.hostCpu, d.hostVector);
  machine.registerFiles.push(fn.config);
  const pcpu = c.pcpus[d.hostCpu]!;
  if (d.owner === 'host') {
    new HostDriver(sim, d.id).attach(pcpu, d.hostVector);
  } else {
    const vm = c.vms.find((v) => v.name === d.owner)!;
    // The guest's view of the function: QEMU/VFIO virtualize its MSI capability; the guest driver programs it.
    const vfn = new PciFunction(`${vm.name}/${d.id}/config`, vm.name, d.id, identity, true);
    vfn.programMsi(vm.vcpus[d.guestVcpu]!.vlapic.apicId, d.guestVector);
    machine.registerFiles.push(vfn.config);
    vm.guestIdt.set(d.guestVector, { name: `${d.id} driver`, cost: 'guest.driver.handler', scope: d.id });
    const trigger = new Eventfd(`${d.id}-msi0`);
    const msi = new VfioPciMsi(sim, costs, d.id);
    msi.attach(pcpu, d.hostVector);
    // What QEMU does when the guest enables MSI: VFIO_DEVICE_SET_IRQS with the trigger eventfd, then KVM_IRQFD on it.
    const irqs = new VfioPciIrqs(sim, costs, fn, { msi });
    const r = irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index: VFIO_PCI_MSI_IRQ_INDEX, start: 0, count: 1, data: [trigger] }, pcpu);
    if (!r.ok) throw new Error(`${d.id}: VFIO_DEVICE_SET_IRQS refused: ${r.why}`);
    new Irqfd(sim, costs, trigger, gsi, vm, () => vfn.msiMessage()).assign();
    const spec = c.s.vms.find((v) => v.id === vm.name)!;
    const vcpu = vm.vcpus[d.guestVcpu]!;
    if (spec.delivery === 'posted' && vcpu.pid) {
      // KVM's irq bypass consumer (the VFIO MSI vector is the producer) puts the IRTE in posted mode (facts §E.3).
      const irte = new Irte(`host/${d.id}/irte`, d.id);
      const pda = 0x1_0000_0000n + BigInt(machine.registerFiles.length) * 64n;
      irte.programPosted(d.guestVector, pda, gsi);
      machine.registerFiles.push(irte.regs);
      c.remapper.post(d.id, irte, pda, vcpu.pid, vcpu);
    }
  }
  const arrivals = new Arrivals(d.arrival, d.rate, Prng.derive(c.s.seed, d.id));
  machine.sources.push(new MsiSource(sim, costs, fn, (msg, flows) => c.remapper.deliver(d.id, msg, flows), arrivals, d.owner));
}
