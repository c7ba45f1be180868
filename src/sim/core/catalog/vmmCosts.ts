// The default cost of the userspace VMM's hops (QEMU's main loop, exits to userspace on a vCPU's thread, the ioctls
// QEMU makes on the interrupt path, the split irqchip's IOAPIC) and of KVM's PV EOI. Each names its source or is an
// estimate with its range; a scenario can override any of them.
import type { CostCatalog } from './costEntry';

const F = '../shared/facts/interrupt-virtualization.md';

export const VMM_COSTS = {
  'kvm.exit.userspace': {
    value: 600, unit: 'cycles', estimate: false,
    source: `${F} F2: a KVM_RUN ioctl round trip with one VMRUN is ~2,528–2,576 cycles, of which ~1,350 are pre-VMRUN to post-VMRUN (AMD EPYC, 2020 SVM discussion); the ~1,200 cycles left are the ioctl's way into and out of the kernel, half taken for the way out`,
    meaning: 'KVM_RUN returns to the VMM on the vCPU\'s thread (vcpu_put, the syscall return) with an exit reason for userspace',
  },
  'vmm.kvm_run': {
    value: 600, unit: 'cycles', estimate: false,
    source: `${F} F2: the other half of the ~1,200 cycles of a KVM_RUN round trip spent outside VMRUN (syscall entry, vcpu_load, back to vcpu_enter_guest)`,
    meaning: 'the VMM calls ioctl(KVM_RUN) again: back into KVM, up to the VM entry',
  },
  'vmm.exit.dispatch': {
    value: 1000, unit: 'ns', estimate: true, range: [500, 3000],
    rangeWhy: 'estimate: the span the source names (0.5–3 µs)',
    source: 'estimate (0.5–3 µs): QEMU kvm_cpu_exec takes the BQL and switches on run->exit_reason; an MMIO exit goes through address_space_rw to the MemoryRegion\'s handler (accel/kvm/kvm-all.c kvm_cpu_exec)',
    meaning: 'QEMU handles an exit to userspace on the vCPU thread: the BQL, the exit reason, the memory region dispatch',
  },
  'vmm.thread.wake': {
    value: 3000, unit: 'ns', estimate: true, range: [2000, 10000],
    rangeWhy: 'estimate: the span the source names (2–10 µs)',
    source: 'estimate (2–10 µs): the eventfd\'s wake-up of QEMU\'s main loop sleeping in ppoll (try_to_wake_up, a context switch into the thread, the return from ppoll, glib\'s dispatch to the fd handler: util/main-loop.c os_host_main_loop_wait); a context switch alone is sched.switch',
    meaning: 'QEMU\'s main loop wakes from ppoll and dispatches the ready fd\'s handler',
  },
  'vmm.eventfd.read': {
    value: 500, unit: 'ns', estimate: true, range: [300, 1000],
    rangeWhy: 'estimate: the span the source names (0.3–1 µs)',
    source: 'estimate (0.3–1 µs): read(2) of 8 bytes from an eventfd (event_notifier_test_and_clear, util/event_notifier-posix.c): a syscall and fs/eventfd.c eventfd_read under the wait-queue lock',
    meaning: 'QEMU reads an eventfd (event_notifier_test_and_clear)',
  },
  'vmm.eventfd.write': {
    value: 500, unit: 'ns', estimate: true, range: [300, 1000],
    rangeWhy: 'estimate: the span the source names (0.3–1 µs)',
    source: 'estimate (0.3–1 µs): write(2) of 8 bytes to an eventfd (event_notifier_set): a syscall and fs/eventfd.c eventfd_write; the inline waiters it wakes (virqfd) are costed apart',
    meaning: 'QEMU writes an eventfd (event_notifier_set), e.g. kicking a resamplefd',
  },
  'vmm.ioctl.irq_line': {
    value: 500, unit: 'ns', estimate: true, range: [300, 1500],
    rangeWhy: 'estimate: the span the source names (0.3–1.5 µs)',
    source: 'estimate (0.3–1.5 µs): a KVM_IRQ_LINE (or KVM_SIGNAL_MSI) ioctl on the VM fd: the syscall and the GSI routing lookup (virt/kvm/kvm_main.c kvm_vm_ioctl_irq_line → kvm_set_irq); the irqchip\'s own work is costed apart (kvm.ioapic.set_irq, kvm.vlapic.accept)',
    meaning: 'QEMU injects an interrupt with an ioctl (KVM_IRQ_LINE for a GSI, KVM_SIGNAL_MSI for a message)',
  },
  'vmm.ioctl.set_irqs': {
    value: 600, unit: 'ns', estimate: true, range: [400, 1500],
    rangeWhy: 'estimate: the span the source names (0.4–1.5 µs)',
    source: 'estimate (0.4–1.5 µs): a VFIO_DEVICE_SET_IRQS ioctl (ACTION_UNMASK, DATA_NONE) on the device fd: the syscall, vfio_set_irqs_validate_and_prepare\'s copy of the header; the unmask\'s config-space accesses are costed apart (drivers/vfio/pci/vfio_pci_intrs.c vfio_pci_set_intx_unmask)',
    meaning: 'QEMU unmasks the device\'s INTx with VFIO_DEVICE_SET_IRQS (vfio_unmask_single_irqindex)',
  },
  'vmm.ioapic': {
    value: 200, unit: 'ns', estimate: true, range: [100, 500],
    rangeWhy: 'estimate: the span the source names (100–500 ns)',
    source: 'estimate (100–500 ns): QEMU\'s IOAPIC model under the BQL (hw/intc/ioapic.c ioapic_set_irq / ioapic_service / ioapic_eoi_broadcast): a few loads and stores on the redirection table',
    meaning: 'QEMU\'s userspace IOAPIC (split irqchip): a pin change, a service or an EOI broadcast',
  },
  'vmm.vfio.region': {
    value: 924, unit: 'ns', estimate: true, range: [550, 1850],
    rangeWhy: 'estimate: the measured 423.7 ns BAR read (§G) plus a syscall of 0.1–1.4 µs',
    source: `${F} §G: a device BAR MMIO read measured at 423.7 ns (pcie-lat), plus ~500 ns (estimate) for the pread/pwrite syscall on the VFIO device fd that serves a trapped BAR access (hw/vfio/common.c vfio_region_read / vfio_region_write → drivers/vfio/pci/vfio_pci_rdwr.c)`,
    meaning: 'QEMU serves a trapped BAR access with pread/pwrite on the VFIO device fd',
  },
  'kvm.ioeventfd.signal': {
    value: 150, unit: 'ns', estimate: true, range: [50, 300],
    rangeWhy: 'estimate: the span the source names (50–300 ns)',
    source: 'estimate (50–300 ns): an MMIO write that matches an ioeventfd is found on the VM\'s MMIO bus (kvm_io_bus_write) and ioeventfd_write signals its eventfd (virt/kvm/eventfd.c); the eventfd_signal itself is eventfd.signal',
    meaning: 'KVM matches a guest write to an ioeventfd on its MMIO bus',
  },
  'kvm.pveoi.set': {
    value: 100, unit: 'cycles', estimate: true, range: [50, 300],
    rangeWhy: 'estimate: the span the source names (50–300 cycles)',
    source: 'estimate (50–300 cycles): pv_eoi_set_pending writes the guest\'s PV EOI byte through the cached gfn→hva mapping (arch/x86/kvm/lapic.c apic_sync_pv_eoi_to_guest, kvm_write_guest_cached)',
    meaning: 'KVM sets the guest\'s PV EOI flag before the entry that injects',
  },
  'kvm.pveoi.sync': {
    value: 200, unit: 'cycles', estimate: true, range: [100, 500],
    rangeWhy: 'estimate: the span the source names (100–500 cycles)',
    source: 'estimate (100–500 cycles): apic_sync_pv_eoi_from_guest reads the PV EOI byte (kvm_read_guest_cached), clears the pending state and, if the guest cleared the flag, runs apic_set_eoi (arch/x86/kvm/lapic.c, from kvm_lapic_sync_from_vapic after an exit)',
    meaning: 'KVM reads back the guest\'s PV EOI flag at the next exit: the EOI the guest made without exiting',
  },
  'guest.pveoi.clear': {
    value: 20, unit: 'cycles', estimate: true, range: [10, 50],
    rangeWhy: 'estimate: the span the source names (10–50 cycles)',
    source: 'estimate (10–50 cycles): the guest\'s kvm_guest_apic_eoi_write clears KVM_PV_EOI_BIT in its per-CPU word with __test_and_clear_bit instead of writing the EOI register (arch/x86/kernel/kvm.c)',
    meaning: 'the guest clears its PV EOI flag instead of writing EOI: no exit',
  },
} satisfies CostCatalog;
