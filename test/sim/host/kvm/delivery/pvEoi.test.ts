// PV EOI (vms[i].pvEoi) on emulated delivery: the guest clears its flag instead of writing EOI when KVM set it.
import { describe, expect, it } from 'vitest';
import { count, exitsPerIrq, loadIssues, run } from '../../vmm/support';

describe('PV EOI', () => {
  it('removes the EOI exit of an MSI: up to half the exits per interrupt (facts F8)', () => {
    const off = run('msi-nic');
    const on = run('msi-nic', { 'vms[0].pvEoi': 'on' });
    expect(on.s.flows.pending).toBe(0);
    expect(count(off.rows, 'kvm.pveoi.set')).toBe(0);
    expect(count(on.rows, 'guest.pveoi.clear')).toBeGreaterThan(0);
    expect(exitsPerIrq(on.s)).toBeLessThan(exitsPerIrq(off.s) * 0.6);
    // Every EOI the guest made without exiting is read back by KVM at a later entry.
    expect(count(on.rows, 'kvm.pveoi.sync', /cleared by the guest/)).toBeGreaterThanOrEqual(count(on.rows, 'guest.pveoi.clear') - 1);
  });

  it('an interrupt arriving during the handler withdraws the flag: that EOI exits, and the next interrupt is not held back', () => {
    const on = run('msi-nic', { 'vms[0].pvEoi': 'on', 'devices[0].rate': '200000' }, 2_000_000);
    const off = run('msi-nic', { 'devices[0].rate': '200000' }, 2_000_000);
    expect(on.s.flows.pending).toBe(0);
    expect(count(on.rows, 'kvm.pveoi.sync', /withdrawn/)).toBeGreaterThan(0);
    expect(on.s.perVm['vm0']!.vmExits.byReason['MSR_WRITE'] ?? 0).toBeGreaterThan(0);
    // No interrupt waits for a later exit: the tail stays near that of an EOI exit on every interrupt (a flag left set
    // while another vector waits in the vIRR would hold it until some unrelated exit, many times longer).
    expect(on.s.completionNs.p99).toBeLessThan(off.s.completionNs.p99 * 1.5);
  });

  it('a level vector (INTx through the IOAPIC) never gets the flag: its EOI must reach the IOAPIC', () => {
    const on = run('intx-nic', { 'vms[0].pvEoi': 'on' });
    const off = run('intx-nic');
    expect(count(on.rows, 'kvm.pveoi.set')).toBe(0);
    expect(on.s.perVm['vm0']!.vmExits).toEqual(off.s.perVm['vm0']!.vmExits);
  });

  it('is refused with posted delivery', () => {
    expect(loadIssues('msi-nic', { 'vms[0].pvEoi': 'on', 'vms[0].delivery': 'posted' }).join()).toMatch(/applies to emulated delivery/);
  });
});
