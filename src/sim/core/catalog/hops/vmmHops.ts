// Hop kinds of the userspace VMM (QEMU's main loop, its exit handling on a vCPU's thread, the split irqchip's
// IOAPIC, the ioctls QEMU makes on the interrupt path) and of KVM's PV EOI and ioeventfd.
import { hop } from '../hopKind';

export const VMM_HOPS = {
  // Exits to userspace, on the vCPU's thread
  'kvm.exit.userspace': hop('kvm', 'host', ['kvm.exit.userspace'], 'KVM_RUN returns to the VMM on the vCPU\'s thread (KVM_EXIT_MMIO, KVM_EXIT_IO, KVM_EXIT_IOAPIC_EOI)'),
  'vmm.exit.dispatch': hop('vmm', 'host', ['vmm.exit.dispatch'], 'QEMU handles the exit on the vCPU thread (kvm_cpu_exec: the BQL, the exit reason, the memory region)'),
  'vmm.kvm_run': hop('vmm', 'host', ['vmm.kvm_run'], 'QEMU calls ioctl(KVM_RUN) again: back into KVM'),
  // QEMU's main loop thread
  'vmm.thread.wake': hop('vmm', 'host', ['vmm.thread.wake'], 'an eventfd wakes QEMU\'s main loop from ppoll: the fd handler runs'),
  'vmm.eventfd.read': hop('vmm', 'host', ['vmm.eventfd.read'], 'QEMU reads an eventfd (event_notifier_test_and_clear)'),
  'vmm.eventfd.write': hop('vmm', 'host', ['vmm.eventfd.write'], 'QEMU writes an eventfd (event_notifier_set)'),
  'vmm.irq.inject': hop('vmm', 'host', ['vmm.ioctl.irq_line'], 'QEMU injects with an ioctl: KVM_IRQ_LINE on a GSI (or KVM_SIGNAL_MSI)'),
  'vmm.ioapic.set_irq': hop('vmm', 'host', ['vmm.ioapic'], 'QEMU\'s IOAPIC (split irqchip): a pin changes level (ioapic_set_irq, ioapic_service)'),
  'vmm.ioapic.eoi': hop('vmm', 'host', ['vmm.ioapic'], 'QEMU\'s IOAPIC (split irqchip): the EOI broadcast of a level vector (ioapic_eoi_broadcast)'),
  'vmm.resamplefd.kick': hop('vmm', 'host', ['vmm.eventfd.write'], 'QEMU kicks the pin\'s resamplefd from its IOAPIC\'s EOI (kvm_resample_fd_notify)'),
  // VFIO in QEMU
  'vmm.vfio.intx': hop('vmm', 'host', [], 'vfio_intx_interrupt: the INTx is pending in QEMU, its pin asserted'),
  'vmm.vfio.mmap': hop('vmm', 'host', [], 'QEMU disables the BAR mmaps while an INTx is pending: the guest\'s BAR accesses now trap'),
  'vmm.vfio.region': hop('vmm', 'host', ['vmm.vfio.region'], 'QEMU serves a trapped BAR access with pread/pwrite on the VFIO device fd'),
  'vmm.vfio.eoi': hop('vmm', 'host', [], 'vfio_intx_eoi: a BAR access while the INTx is pending counts as its EOI: the pin is de-asserted'),
  'vmm.vfio.unmask': hop('vmm', 'host', ['vmm.ioctl.set_irqs'], 'QEMU unmasks the INTx with VFIO_DEVICE_SET_IRQS (ACTION_UNMASK)'),
  // KVM
  'kvm.ioeventfd': hop('kvm', 'host', ['kvm.ioeventfd.signal'], 'a guest write matches an ioeventfd: KVM signals it in the kernel, no exit to userspace'),
  'kvm.pveoi.set': hop('kvm', 'host', ['kvm.pveoi.set'], 'PV EOI: KVM sets the guest\'s flag at injection (no other interrupt pending, an edge vector)'),
  'kvm.pveoi.sync': hop('kvm', 'host', ['kvm.pveoi.sync'], 'PV EOI: KVM reads the flag back after an exit and applies the EOI the guest made'),
  'guest.pveoi.clear': hop('guest', 'guest', ['guest.pveoi.clear'], 'PV EOI: the guest clears its flag instead of writing EOI, no exit'),
} as const;
