// The default cost of every modelled hop on the host (PCI, x86, genirq, VFIO, KVM, the guest), with its source. Figures marked estimate have no primary source
// (facts sheet, section F "not found"); the lab shows them as such and a scenario can override any of them.
import type { CostCatalog } from './costEntry';

const F = '../shared/facts/interrupt-virtualization.md';

export const HOST_COSTS = {
  'pci.msi.write': {
    value: 250, unit: 'ns', estimate: true,
    source: `${F} §G: a BAR MMIO read measured 423.7 ns (pcie-lat); an MSI is a posted write, so taken at about half`,
    meaning: 'device posts the MSI memory write to the interrupt address',
  },
  'x86.lapic.accept': {
    value: 100, unit: 'cycles', estimate: true,
    source: 'estimate: the LAPIC latches the vector into IRR in hardware; small next to the hops around it',
    meaning: 'LAPIC accepts the message and sets the IRR bit',
  },
  'x86.irq.entry': {
    value: 300, unit: 'cycles', estimate: true,
    source: 'estimate: IDT dispatch and register save, a few hundred cycles on current x86 (no primary figure in the facts sheet)',
    meaning: 'CPU takes the interrupt: IRR→ISR, IDT vector dispatch to the handler',
  },
  'x86.lapic.eoi': {
    value: 100, unit: 'cycles', estimate: true,
    source: 'estimate: one x2APIC EOI MSR write (xAPIC: MMIO write to 0xB0), facts §D.2',
    meaning: 'host handler writes EOI; the highest ISR bit clears',
  },
  'vfio.msi.handler': {
    value: 150, unit: 'ns', estimate: true,
    source: `${F} §B.4: vfio_msihandler only signals the eventfd; its body is a few dozen instructions`,
    meaning: 'vfio_msihandler: the hard-irq handler of a passed-through MSI vector',
  },
  'eventfd.signal': {
    value: 200, unit: 'ns', estimate: true,
    source: `${F} F15: eventfd_signal is a spinlocked counter add plus wait-queue wake-ups, "sub-µs inline"`,
    meaning: 'eventfd_signal: add to the counter and wake its waiters',
  },
  'kvm.irqfd.inject': {
    value: 300, unit: 'ns', estimate: true,
    source: `${F} F15: irqfd's wakeup injects an MSI inline through kvm_arch_set_irq_inatomic (sub-µs)`,
    meaning: 'irqfd wake-up callback routes the GSI to an MSI and injects it into the vLAPIC',
  },
  'kvm.vlapic.accept': {
    value: 200, unit: 'cycles', estimate: true,
    source: 'estimate: kvm_apic_set_irq sets a vIRR bit and requests an event on the vCPU (KVM_REQ_EVENT)',
    meaning: 'vLAPIC sets the vector in the virtual IRR',
  },
  'kvm.kick.ipi': {
    value: 2000, unit: 'cycles', estimate: true,
    source: `${F} F13 [UNVERIFIED]: a virtual IPI costs ≈5,200 cycles on KVM/x86 end to end; the host-side kick IPI is taken as under half of that`,
    meaning: 'kvm_vcpu_kick: reschedule IPI to the pCPU running the vCPU, forcing a VM exit',
  },
  'kvm.vcpu.wakeup': {
    value: 5000, unit: 'ns', estimate: true,
    source: 'estimate: waking a halted vCPU thread (wake_up, schedule in, load the VMCS) takes microseconds',
    meaning: 'wake a halted vCPU so it can take the interrupt',
  },
  'kvm.vmexit': {
    value: 1000, unit: 'cycles', estimate: false,
    source: `${F} F1: VM exit + entry ≈ 2,000 cycles (SplitX, Xeon X5570, KVM, EPT+VPID); half is taken for the exit`,
    meaning: 'VM exit: world switch from guest to host',
  },
  'kvm.vmentry': {
    value: 1000, unit: 'cycles', estimate: false,
    source: `${F} F1: VM exit + entry ≈ 2,000 cycles (SplitX); half is taken for the entry`,
    meaning: 'VM entry: world switch back to the guest',
  },
  'kvm.exit.handle': {
    value: 500, unit: 'cycles', estimate: true,
    source: `${F} F1: handling costs "can be an order of magnitude higher" than the world switch; the minimal handling of an external-interrupt exit is taken as 500 cycles`,
    meaning: 'KVM exit handler dispatch (vmx_handle_exit) for a simple reason',
  },
  'kvm.inject.event': {
    value: 150, unit: 'cycles', estimate: true,
    source: 'estimate: writing the VM-entry interruption-information field for the highest vIRR vector',
    meaning: 'inject the highest pending virtual vector on entry (vIRR→vISR)',
  },
  'kvm.apic.eoi.emulate': {
    value: 300, unit: 'cycles', estimate: true,
    source: `${F} F13 [UNVERIFIED]: a virtual EOI costs ≈1,500 cycles on x86 without APICv, mostly the exit; 300 cycles are taken for the emulation itself`,
    meaning: 'emulate the guest EOI write to the vLAPIC (APIC-access exit without APICv)',
  },
  'guest.irq.entry': {
    value: 300, unit: 'cycles', estimate: true,
    source: 'estimate: the same IDT dispatch as the host (x86.irq.entry)',
    meaning: 'guest takes the injected interrupt and dispatches to its handler',
  },
  'guest.driver.handler': {
    value: 2000, unit: 'ns', estimate: true,
    source: 'estimate: a NIC driver interrupt handler that acks and schedules NAPI, about 2 µs; a workload parameter more than a platform fact',
    meaning: "the guest driver's interrupt handler body",
  },
  'host.driver.handler': {
    value: 2000, unit: 'ns', estimate: true,
    source: 'estimate: a host block or NIC driver hard-irq handler, about 2 µs; a workload parameter more than a platform fact',
    meaning: "a host driver's interrupt handler body",
  },
  'pci.config.read': {
    value: 1000, unit: 'ns', estimate: true,
    source: `${F} F16 [UNVERIFIED]: a config access is a non-posted transaction (CF8/CFC port I/O or ECAM), "~0.5–2 µs per access"; the middle is taken`,
    meaning: 'one 32-bit PCI configuration read (under pci_lock)',
  },
  'pci.config.write': {
    value: 1000, unit: 'ns', estimate: true,
    source: `${F} F16 [UNVERIFIED]: config writes are non-posted too, "~0.5–2 µs per access"`,
    meaning: 'one 16-bit PCI configuration write (under pci_lock)',
  },
  'ioapic.rte.mask': {
    value: 524, unit: 'ns', estimate: true,
    source: `${F} §C.3, §G: mask_ioapic_irq writes IOREGSEL and IOWIN (posted, ~50 ns each, estimate) then io_apic_sync reads back: one MMIO read, 423.7 ns measured (pcie-lat)`,
    meaning: 'mask an IOAPIC pin: RTE mask bit set, flushed by a read-back',
  },
  'ioapic.rte.unmask': {
    value: 100, unit: 'ns', estimate: true,
    source: `${F} §C.3: unmask_ioapic_irq writes IOREGSEL and IOWIN with no read-back (two posted MMIO writes, ~50 ns each, estimate)`,
    meaning: 'unmask an IOAPIC pin: RTE mask bit cleared',
  },
  'genirq.flow': {
    value: 200, unit: 'cycles', estimate: true,
    source: 'estimate: handle_fasteoi_irq and handle_irq_event take the descriptor lock and walk the action list',
    meaning: 'genirq flow handler around the actions of a line',
  },
  'genirq.thread.wake': {
    value: 500, unit: 'ns', estimate: true,
    source: 'estimate: irq_wake_thread → wake_up_process of a SCHED_FIFO IRQ thread',
    meaning: 'wake the IRQ thread of an action that returned IRQ_WAKE_THREAD',
  },
  'sched.switch': {
    value: 1500, unit: 'ns', estimate: true,
    source: 'estimate: a context switch to a woken kernel thread is 1–3 µs on current x86 (no figure in the facts sheet)',
    meaning: 'switch to a woken kernel thread (IRQ thread, workqueue worker)',
  },
  'genirq.oneshot.finalize': {
    value: 100, unit: 'cycles', estimate: true,
    source: `${F} §C.1: irq_finalize_oneshot clears the action's bit in threads_oneshot under the descriptor lock`,
    meaning: 'an IRQ thread finished: clear its oneshot bit (the line is unmasked when none is left)',
  },
  'genirq.spurious.poll': {
    value: 100_000_000, unit: 'ns', estimate: false,
    source: `${F} §C.2: a line disabled as spurious is polled by poll_spurious_irq_timer every POLL_SPURIOUS_IRQ_INTERVAL = HZ/10 (100 ms)`,
    meaning: 'period at which lines disabled by the spurious detector are polled',
  },
  'vfio.intx.handler': {
    value: 150, unit: 'ns', estimate: true,
    source: `${F} §B.4: vfio_intx_handler takes the irqlock and signals the trigger eventfd; config accesses are costed apart`,
    meaning: 'vfio_intx_handler body (without its config-space accesses)',
  },
  'vfio.virqfd.unmask': {
    value: 300, unit: 'ns', estimate: true,
    source: `${F} §B.4, §B.5: drivers/vfio/virqfd.c virqfd_wakeup consumes the count and calls vfio_pci_intx_unmask_handler inline in the signaller's context (no worker for the unmask); the handler's config-space accesses are costed apart. Estimate: a spinlock and a few branches, 100–500 ns`,
    meaning: 'virqfd wake-up: the unmask eventfd runs vfio\'s unmask handler inline (device or line, as the hold says)',
  },
  'kvm.irqfd.schedule_work': {
    value: 100, unit: 'ns', estimate: true,
    source: `${F} §B.5: virt/kvm/eventfd.c irqfd_wakeup: kvm_arch_set_irq_inatomic returns -EWOULDBLOCK for an IOAPIC route on x86 (arch/x86/kvm/irq_comm.c handles only MSI and Hyper-V SINT routes), so the count is consumed and irqfd->inject is queued with schedule_work. Estimate: a per-CPU list add, 50–200 ns`,
    meaning: 'irqfd wake-up that cannot inject atomically: consume the count and queue irqfd_inject on the local CPU\'s workqueue',
  },
  'kvm.ioapic.set_irq': {
    value: 300, unit: 'cycles', estimate: true,
    source: 'estimate: kvm_ioapic_set_irq updates the pin and, if it fires, builds the message for the vLAPIC',
    meaning: "KVM's virtual IOAPIC: a GSI level change",
  },
  'kvm.ioapic.eoi': {
    value: 300, unit: 'cycles', estimate: true,
    source: `${F} §D.2: a level vector's EOI exits (EOI-exit bitmap) and kvm_ioapic_update_eoi clears Remote IRR and runs the ack notifiers`,
    meaning: "KVM's virtual IOAPIC: EOI of a level pin",
  },
  'kvm.irqfd.resample': {
    value: 300, unit: 'ns', estimate: true,
    source: `${F} §B.5, F15: irqfd_resampler_ack de-asserts the GSI and signals resamplefd (an eventfd_signal)`,
    meaning: 'resampler: de-assert the GSI and signal resamplefd',
  },
  'ioapic.deliver': {
    value: 250, unit: 'ns', estimate: true,
    source: `${F} §G: an IOAPIC sends its message as an upstream write like an MSI (see pci.msi.write)`,
    meaning: 'IOAPIC sends the redirection entry as an interrupt message to the LAPIC',
  },
  'vtd.irte.remap': {
    value: 100, unit: 'ns', estimate: true,
    source: 'estimate: the IOMMU looks the MSI up in its interrupt remapping table (usually cached)',
    meaning: 'VT-d interrupt remapping: find the IRTE of the MSI',
  },
  'vtd.pi.post': {
    value: 100, unit: 'ns', estimate: true,
    source: `${F} §D.3: the IOMMU sets the PIR bit then ON with atomic writes to the descriptor in memory`,
    meaning: 'VT-d posting: PIR bit and ON in the posted-interrupt descriptor',
  },
  'x86.pi.notify.guest': {
    value: 200, unit: 'cycles', estimate: true,
    source: `${F} F9, §D.3: a running vCPU's CPU handles the notification vector in non-root mode (PIR → vIRR) with no VM exit`,
    meaning: 'notification processed in guest mode: PIR moved into the virtual IRR',
  },
  'apicv.deliver': {
    value: 100, unit: 'cycles', estimate: true,
    source: `${F} F9: APICv virtual-interrupt delivery evaluates RVI and delivers in non-root mode`,
    meaning: 'APICv: the highest virtual IRR vector delivered to the guest without an exit',
  },
  'apicv.eoi.virtualized': {
    value: 100, unit: 'cycles', estimate: true,
    source: `${F} F9: under APICv an EOI for an edge vector has no exit (EOI virtualization)`,
    meaning: 'APICv: the guest EOI of an edge vector, handled by the CPU',
  },
  'kvm.pi.sync': {
    value: 100, unit: 'cycles', estimate: true,
    source: `${F} §D.3: vmx_sync_pir_to_irr moves PIR into the virtual IRR before entry`,
    meaning: 'sync the posted-interrupt requests into the vLAPIC at VM entry',
  },
  'host.driver.check': {
    value: 424, unit: 'ns', estimate: false,
    source: `${F} §G: a device BAR MMIO read measured at 423.7 ns (pcie-lat); a shared-line handler reads its cause register first`,
    meaning: "a host driver reads its device's interrupt cause register (IRQ_NONE if not its device)",
  },
  'vfio.platform.handler': {
    value: 150, unit: 'ns', estimate: true,
    source: `${F} §B.4 (the same shape as vfio_intx_handler): vfio_platform's handler takes its lock, masks (automasked) and signals the trigger`,
    meaning: 'vfio-platform IRQ handler body',
  },
} satisfies CostCatalog;
