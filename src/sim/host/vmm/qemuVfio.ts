// What QEMU (the VMM) does for a device assigned through vfio-pci, as the kernel sees it: the ioctls that wire the
// interrupt path between VFIO and KVM (facts §B.2, §B.5).
// - MSI / MSI-X (when the guest enables them): VFIO_DEVICE_SET_IRQS with one trigger eventfd per vector, then one
//   KVM_IRQFD per vector whose GSI route is the guest's own message for that vector (its view of the function).
// - INTx (when the VM starts): the KVM fast path, VFIO's trigger as a level irqfd with RESAMPLE and KVM's resamplefd
//   as VFIO's unmask eventfd; enabling the trigger is vfio-pci's request_irq. If that is refused (-EBUSY: the line
//   is taken and one side will not share), QEMU's vfio_intx_enable fails and the device is not realized: it gets no
//   interrupts in the VM.
// Not modelled: QEMU's own interrupt emulation (its slow path), MSI-X vectors masked by the guest held in QEMU's
// emulated PBA (the route refuses them, and says so).
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { PciFunction } from '../../hw/pci/pciFunction';
import type { Eventfd } from '../eventfd';
import { Irqfd, type MsiRoute } from '../kvm/irqfd';
import type { KvmIrqchip } from '../kvm/kvmIrqchip';
import { LevelIrqfd } from '../kvm/levelIrqfd';
import type { Vm } from '../kvm/vm';
import type { PCpu } from '../pcpu';
import { instantStep } from '../step';
import {
  VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_IRQ_SET_ACTION_UNMASK, VFIO_IRQ_SET_DATA_EVENTFD, VFIO_PCI_INTX_IRQ_INDEX,
  VFIO_PCI_MSIX_IRQ_INDEX, VFIO_PCI_MSI_IRQ_INDEX,
} from '../vfio/vfioUapi';
import type { VfioPciIrqs } from '../vfio/vfioPciIrqs';

/** QEMU's MSI route for vector i: the message the guest programmed in its view of the function. */
export function guestMsiRoute(view: PciFunction, i: number): MsiRoute {
  if (!view.msix) return () => view.msiMessage();
  const table = view.msix;
  return () => (table.masked(i)
    ? { blocked: `MSI-X vector ${i} masked in the guest's table (QEMU's pending emulation not modelled)` }
    : table.message(i));
}

/** The guest enabled MSI or MSI-X: one trigger per vector, then KVM_IRQFD on each (GSI gsiBase + i). */
export function enableMsi(sim: Simulator, costs: CostModel, o: {
  irqs: VfioPciIrqs; view: PciFunction; vm: Vm; triggers: Eventfd[]; gsiBase: number; cpu: PCpu;
}): void {
  const msix = o.view.msix !== null;
  const r = o.irqs.setIrqs({
    flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index: msix ? VFIO_PCI_MSIX_IRQ_INDEX : VFIO_PCI_MSI_IRQ_INDEX,
    start: 0, count: o.triggers.length, data: o.triggers,
  }, o.cpu);
  if (!r.ok) throw new Error(`${o.irqs.fn.device}: VFIO_DEVICE_SET_IRQS refused: ${r.why}`);
  o.triggers.forEach((t, i) => new Irqfd(sim, costs, t, o.gsiBase + i, o.vm, guestMsiRoute(o.view, i)).assign());
}

/**
 * The VM starts: QEMU wires the KVM INTx fast path, in a thread on `cpu` (VFIO_DEVICE_SET_IRQS trigger and unmask
 * eventfd, KVM_IRQFD with RESAMPLE on the VM's irqchip). `masking` names the device's masking in the log.
 */
export function enableIntxFastPath(sim: Simulator, costs: CostModel, o: {
  irqs: VfioPciIrqs; vm: string; trigger: Eventfd; resamplefd: Eventfd; gsi: number; irqchip: KvmIrqchip; cpu: PCpu; masking: string;
  /** VFIO_DEVICE_SET_IRQS refused the trigger (request_irq's -EBUSY): the device is left out of the VM. */
  failed: (call: string, error: string) => void;
}): void {
  const { cpu } = o;
  const device = o.irqs.fn.device;
  const kEnable = sim.kind('vfio.intx.enable');
  cpu.wakeThread(() => [instantStep(kEnable, cpu.where, 0, sim.sid(`${device}: VFIO_DEVICE_SET_IRQS INTx trigger + unmask eventfd, KVM_IRQFD resample, for ${o.vm} (${o.masking} masking)`), {
    next: () => {
      const trig = o.irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index: VFIO_PCI_INTX_IRQ_INDEX, start: 0, count: 1, data: [o.trigger] }, cpu);
      if (!trig.ok && trig.errno === '-EBUSY') {
        const call = 'VFIO_DEVICE_SET_IRQS (INTx trigger)';
        o.failed(call, `${trig.errno}: ${trig.why}`);
        return [...(trig.steps ?? []), instantStep(kEnable, cpu.where, 0,
          sim.sid(`${device}: ${call} failed ${trig.errno}; QEMU cannot set up INTx: ${device} is not realized in ${o.vm}`))];
      }
      const unmask = o.irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_UNMASK, index: VFIO_PCI_INTX_IRQ_INDEX, start: 0, count: 1, data: [o.resamplefd] }, cpu);
      if (!trig.ok || !unmask.ok) throw new Error(`${device}: VFIO_DEVICE_SET_IRQS refused`);
      new LevelIrqfd(sim, costs, o.trigger, o.resamplefd, o.gsi, o.irqchip, o.vm, cpu).assign();
      return [...trig.steps, ...unmask.steps];
    },
  })]);
}
