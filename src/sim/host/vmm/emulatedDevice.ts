// An emulated device's two crossings between the guest and QEMU, for workloads that drive one (a virtio-style NIC):
// the guest's doorbell write and the device's interrupt. Each follows a switch of the VM's QEMU (vms[i].vmm), decided
// once when the device is made.
// - Doorbell (vms[i].vmm.ioeventfd): on — KVM matches the write on its MMIO bus and signals the device's ioeventfd in
//   the kernel (virt/kvm/eventfd.c ioeventfd_write), the vCPU re-enters at once and QEMU's main loop runs the device's
//   handler when it wakes (QEMU's virtio default, virtio_bus_set_host_notifier); off — the write exits to userspace
//   (KVM_EXIT_MMIO) and QEMU runs the handler on the vCPU thread before KVM_RUN again.
// - Interrupt (vms[i].vmm.irqInjection): irqfd — QEMU writes the irqfd's eventfd (event_notifier_set) and KVM injects
//   the MSI inline from its wake-up (virtio-pci's kvm_virtio_pci_irqfd_use); irq-line — QEMU makes an ioctl
//   (KVM_SIGNAL_MSI for a message: accel/kvm/kvm-all.c kvm_irqchip_send_msi).
// A device assigned through VFIO has no doorbell here: its BAR is mapped into the guest (a write reaches the device
// with no exit), except while QEMU's INTx slow path keeps the mmaps disabled (intxEoi qemu-trapped), when the write
// traps to QEMU (registered by that path with `Vmm.setBarTrap`).
// Not modelled: the device's own work (the caller's handler), vhost (the doorbell served by a kernel thread).
import type { CostModel } from '../../core/costModel';
import type { FlowGroup } from '../../core/flows';
import type { Simulator } from '../../core/simulator';
import type { MsiMessage } from '../../hw/pci/msiMessage';
import { Eventfd } from '../eventfd';
import { Irqfd } from '../kvm/irqfd';
import type { Vcpu } from '../kvm/vcpu';
import type { Vm } from '../kvm/vm';
import { silentStep, timedStep, type Step } from '../step';
import type { DoorbellHandler, EmulatedDoorbell, Vmm } from './vmm';

export type { DoorbellHandler } from './vmm';

export type IoeventfdMode = 'on' | 'off';
export type IrqInjection = 'irqfd' | 'irq-line';

export class EmulatedDevice implements EmulatedDoorbell {
  private readonly doorbellFd: Eventfd;
  private readonly irqfd: Eventfd;
  private message: MsiMessage | null = null;
  private readonly pendingHandlers: DoorbellHandler[] = [];
  private readonly k;
  private readonly vmId: number;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly id: string,
    private readonly vm: Vm,
    private readonly vmm: Vmm,
    /** The GSI of its MSI route (KVM_IRQFD, irqfd injection). */
    gsi: number,
    readonly ioeventfd: IoeventfdMode,
    readonly injection: IrqInjection,
  ) {
    this.k = sim.kinds(['kvm.ioeventfd', 'vmm.eventfd.write', 'vmm.irq.inject']);
    this.vmId = sim.sid(vm.name);
    this.doorbellFd = new Eventfd(sim, costs, `${id}-ioeventfd`, vm.name);
    this.irqfd = new Eventfd(sim, costs, `${id}-irqfd`, vm.name);
    if (ioeventfd === 'on') {
      vmm.watch(this.doorbellFd, (_flows, where) => this.pendingHandlers.splice(0).flatMap((h) => h(where)));
    }
    if (injection === 'irqfd') {
      new Irqfd(sim, costs, this.irqfd, gsi, vm, () => this.message ?? { blocked: `${id}: no message programmed` }).assign();
    }
  }

  /** The guest's write to the device's doorbell register on `vcpu`, at the point of the guest code it interrupts. */
  doorbell(vcpu: Vcpu, flow: number, handler: DoorbellHandler): Step[] {
    if (this.ioeventfd === 'off') return this.vmm.mmioExitSteps(vcpu, flow, `${this.id} doorbell write`, () => handler(vcpu.where));
    return [
      ...vcpu.exitSteps('EPT_MISCONFIG', flow),
      timedStep(this.costs, this.k['kvm.ioeventfd'], 'kvm.ioeventfd.signal', vcpu.where, flow, this.sim.sid(`${this.id} doorbell write → ${this.doorbellFd.name}`), {
        vm: this.vmId, then: () => { this.pendingHandlers.push(handler); },
      }),
      ...this.doorbellFd.signalSteps(vcpu.where, flow > 0 ? [flow] : []),
      ...vcpu.reentrySteps(),
    ];
  }

  /** QEMU raises the device's MSI (`msg`: the guest's programming of its vector) from the context at `where`. */
  interruptSteps(msg: MsiMessage, flows: FlowGroup, where: number): Step[] {
    const flow = flows[0] ?? 0;
    if (this.injection === 'irqfd') {
      return [timedStep(this.costs, this.k['vmm.eventfd.write'], 'vmm.eventfd.write', where, flow, this.sim.sid(`event_notifier_set ${this.irqfd.name}`), {
        vm: this.vmId,
        then: () => { this.message = msg; },
        next: () => this.irqfd.addIn.fn(1n, flows, where),
      })];
    }
    return [
      timedStep(this.costs, this.k['vmm.irq.inject'], 'vmm.ioctl.irq_line', where, flow, this.sim.sid(`KVM_SIGNAL_MSI vector 0x${msg.vector.toString(16)} (${this.id})`), { vm: this.vmId }),
      silentStep(where, { next: () => [this.vm.msiIn.fn(where, msg, flows)] }),
    ];
  }
}

/**
 * A guest doorbell write to `device` (a workload's call): an emulated device's ioeventfd or MMIO exit; an assigned
 * device's BAR write, which traps only while QEMU's INTx slow path has the mmaps disabled (no steps otherwise).
 */
export function guestDoorbell(vcpu: Vcpu, vmm: Vmm, device: string, flow = 0, handler: DoorbellHandler = () => []): Step[] {
  const emulated = vmm.emulatedDevice(device);
  if (emulated) return emulated.doorbell(vcpu, flow, handler);
  return vmm.barTrap(device)?.(vcpu, flow) ?? [];
}
