// The INTx EOI switch (devices[i].intxEoi) and the irqchip it goes through, on an assigned INTx NIC alone on its pin:
// which contexts run which part of one interrupt, and what the slow path costs.
import { describe, expect, it } from 'vitest';
import { count, exitsPerIrq, kindsOf, loadIssues, run, type Row } from './support';

/** The first flow that was injected into the guest (its handler ran). */
const firstHandled = (rows: Row[]): number => rows.find((r) => r.kind === 'guest.handler')!.flow;
/** `kinds` appear in this order in `seq` (other kinds may come between). */
const inOrder = (seq: string[], kinds: string[]): boolean => {
  let i = 0;
  for (const k of seq) if (k === kinds[i]) i++;
  return i === kinds.length;
};

describe('INTx EOI paths of an assigned device', () => {
  it('resamplefd (the default under the kernel irqchip) never runs QEMU', () => {
    const { s, rows } = run('intx-nic');
    expect(s.flows.pending).toBe(0);
    expect(rows.filter((r) => r.kind.startsWith('vmm.') || r.kind === 'kvm.exit.userspace')).toEqual([]);
    expect(count(rows, 'kvm.irqfd.resample')).toBeGreaterThan(0);
  });

  it('qemu-trapped: QEMU\'s main loop reads the INTx eventfd and injects; the handler\'s first BAR access exits to QEMU and unmasks', () => {
    const { s, rows } = run('intx-nic', { 'devices[0].intxEoi': 'qemu-trapped' });
    expect(s.flows.pending).toBe(0);
    const flow = firstHandled(rows);
    expect(inOrder(kindsOf(rows, flow), [
      'vfio.intx.handler', 'eventfd.signal', 'vmm.thread.wake', 'vmm.eventfd.read', 'vmm.vfio.intx', 'vmm.irq.inject', 'kvm.ioapic.set_irq',
      'guest.handler', 'kvm.vmexit', 'kvm.exit.userspace', 'vmm.vfio.region', 'vmm.vfio.eoi', 'vmm.vfio.unmask', 'vfio.virqfd.unmask',
    ])).toBe(true);
    // The main loop runs on the host's free CPU; the BAR accesses on the vCPU's thread.
    expect(rows.find((r) => r.kind === 'vmm.thread.wake')!.where).toBe('cpu0');
    expect(rows.find((r) => r.kind === 'vmm.vfio.region')!.where).toBe('vm0.vcpu0');
    // Three trapped accesses (e1000e: the cause read, the mask-set write and its STATUS flush) per handler run; the
    // BAR mmaps are disabled once.
    expect(count(rows, 'kvm.vmexit', /EPT_MISCONFIG/)).toBe(3 * count(rows, 'guest.handler'));
    expect(count(rows, 'vmm.vfio.mmap')).toBe(1);
    // No KVM resampler: the kernel IOAPIC's EOI stays in the kernel.
    expect(count(rows, 'kvm.irqfd.resample')).toBe(0);
    expect(count(rows, 'kvm.exit.userspace', /IOAPIC_EOI/)).toBe(0);
  });

  it('qemu-trapped under a split irqchip: QEMU\'s IOAPIC injects through the pin\'s MSI route and takes the EOI (KVM_EXIT_IOAPIC_EOI)', () => {
    const { s, rows } = run('intx-nic', { 'vms[0].irqchip': 'split', 'devices[0].intxEoi': 'qemu-trapped' });
    expect(s.flows.pending).toBe(0);
    const flow = firstHandled(rows);
    expect(inOrder(kindsOf(rows, flow), ['vmm.eventfd.read', 'vmm.ioapic.set_irq', 'vmm.irq.inject', 'kvm.vlapic.accept', 'guest.handler', 'vmm.vfio.unmask'])).toBe(true);
    expect(count(rows, 'kvm.ioapic.set_irq')).toBe(0);
    expect(count(rows, 'kvm.exit.userspace', /IOAPIC_EOI/)).toBe(count(rows, 'vmm.ioapic.eoi'));
    expect(count(rows, 'vmm.ioapic.eoi')).toBeGreaterThan(0);
  });

  it('split-resamplefd (QEMU\'s pick under split): injected inline by the irqfd\'s MSI route, unmasked by QEMU\'s resamplefd kick on the vCPU thread', () => {
    const { s, rows } = run('intx-nic', { 'vms[0].irqchip': 'split' });
    expect(s.flows.pending).toBe(0);
    const flow = firstHandled(rows);
    const seq = kindsOf(rows, flow);
    expect(inOrder(seq, ['vfio.intx.handler', 'eventfd.signal', 'kvm.irqfd.inject', 'kvm.vlapic.accept', 'guest.handler',
      'kvm.exit.userspace', 'vmm.ioapic.eoi', 'vmm.resamplefd.kick', 'vfio.virqfd.unmask'])).toBe(true);
    // No kworker (an MSI route is injected in atomic context), no QEMU main loop, no trapped BAR access.
    expect(count(rows, 'kvm.irqfd.defer')).toBe(0);
    expect(count(rows, 'vmm.thread.wake')).toBe(0);
    expect(count(rows, 'kvm.vmexit', /EPT_MISCONFIG/)).toBe(0);
    const unmask = rows.find((r) => r.flow === flow && r.kind === 'vfio.virqfd.unmask')!;
    expect(unmask.where).toBe('vm0.vcpu0');
  });

  it('the slow path costs more host CPU, latency and exits per interrupt than either resamplefd path', () => {
    const fast = run('intx-nic').s;
    const split = run('intx-nic', { 'vms[0].irqchip': 'split' }).s;
    const slow = run('intx-nic', { 'vms[0].irqchip': 'split', 'devices[0].intxEoi': 'qemu-trapped' }).s;
    for (const f of [fast, split]) {
      expect(slow.cpuNs.hostNsPerFlow).toBeGreaterThan(f.cpuNs.hostNsPerFlow);
      expect(slow.completionNs.p50).toBeGreaterThan(f.completionNs.p50);
      expect(exitsPerIrq(slow)).toBeGreaterThan(exitsPerIrq(f));
    }
  });

  it('the guest acks each level interrupt by reading its TMR before the EOI: one more exit without APICv, none with it', () => {
    // Linux's ioapic_ack_level (arch/x86/kernel/apic/io_apic.c) reads APIC_TMR, then writes EOI.
    const sets: Record<string, string>[] = [{}, { 'vms[0].irqchip': 'split' }, { 'vms[0].irqchip': 'split', 'devices[0].intxEoi': 'qemu-trapped' }];
    for (const set of sets) {
      const { rows } = run('intx-nic', set);
      const handled = count(rows, 'guest.handler');
      expect(handled).toBeGreaterThan(0);
      expect(count(rows, 'kvm.apic.read.emulate', /TMR read \(ioapic_ack_level\)/)).toBe(handled);
      const flow = firstHandled(rows);
      expect(inOrder(kindsOf(rows, flow), ['guest.handler', 'kvm.vmexit', 'kvm.apic.read.emulate', 'kvm.vmentry', 'kvm.vmexit', 'kvm.apic.eoi.emulate'])).toBe(true);
    }
    // APICv virtualizes the read (APIC-register virtualization); only the level EOI exits (EOI-exit bitmap).
    const { rows } = run('intx-nic', { 'vms[0].delivery': 'posted' });
    expect(count(rows, 'guest.handler')).toBeGreaterThan(0);
    expect(count(rows, 'kvm.apic.read.emulate')).toBe(0);
  });

  it('an edge (MSI) interrupt\'s ack reads no TMR', () => {
    const { rows } = run('msi-nic');
    expect(count(rows, 'guest.handler')).toBeGreaterThan(0);
    expect(count(rows, 'kvm.apic.read.emulate')).toBe(0);
  });

  it('the kernel irqchip\'s deferred injection wakes a kworker for each irqfd_inject it queues, and none while one is queued', () => {
    const { rows } = run('intx-nic');
    const wakes = count(rows, 'workqueue.wake');
    expect(wakes).toBeGreaterThan(0);
    expect(wakes).toBe(count(rows, 'sched.switch', /irqfd_inject/));
    expect(wakes).toBeLessThanOrEqual(count(rows, 'kvm.irqfd.defer'));
    const flow = firstHandled(rows);
    expect(inOrder(kindsOf(rows, flow), ['kvm.irqfd.defer', 'workqueue.wake', 'sched.switch', 'kvm.irqfd.inject', 'kvm.ioapic.set_irq'])).toBe(true);
  });

  it('refuses the combinations that cannot exist', () => {
    expect(loadIssues('intx-nic', { 'vms[0].irqchip': 'split', 'devices[0].intxEoi': 'resamplefd' }).join()).toMatch(/refuse KVM_IRQFD with RESAMPLE/);
    expect(loadIssues('intx-nic', { 'devices[0].intxEoi': 'split-resamplefd' }).join()).toMatch(/needs vm0.irqchip split/);
    expect(loadIssues('msi-nic', { 'devices[0].intxEoi': 'qemu-trapped' }).join()).toMatch(/applies to an INTx device/);
    expect(loadIssues('intx-nic', { 'vms[0].irqchip': 'split' })).toEqual([]);
  });
});
