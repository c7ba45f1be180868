// `virq path` as a user runs it: one interrupt's hops, where each ran, in order; usage errors exit 2.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const virq = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, 'path', ...args], { encoding: 'utf8' });
  return { code: r.status, lines: r.stdout.split('\n').filter(Boolean), err: r.stderr };
};

describe('virq path', () => {
  it('prints an INTx interrupt from the device to VFIO\'s unmask, each hop with its CPU or vCPU', () => {
    const r = virq('intx-shared-line', '--flow', '1', '--set', 'devices[0].intxMasking=device');
    expect(r.code).toBe(0);
    const kinds = r.lines.map((l) => l.split(' ').slice(0, 2).join(' '));
    expect(kinds).toContain('cpu0 kvm.irqfd.defer');
    expect(kinds.indexOf('cpu0 kvm.irqfd.inject')).toBeGreaterThan(kinds.indexOf('cpu0 sched.switch'));
    expect(kinds.slice(-5)).toEqual(['vm0.vcpu0 kvm.ioapic.eoi', 'vm0.vcpu0 kvm.irqfd.resample', 'vm0.vcpu0 vfio.virqfd.unmask',
      'vm0.vcpu0 pci.config.read', 'vm0.vcpu0 pci.config.write']);
    expect(r.lines[0]).toMatch(/\[\+0 ns\]$/);
  }, 30_000);

  it('--kind K follows one hop kind through the run: the disk\'s request_irq refused with -EBUSY under line masking', () => {
    const r = virq('intx-shared-line', '--kind', 'genirq.request', '--set', 'devices[0].intxMasking=line');
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(2);
    expect(r.lines[1]).toMatch(/^cpu0 genirq\.request irq 16: request_irq\(disk0-driver\) failed: -EBUSY/);
    expect(virq('msi-emulated', '--kind', 'no.such.kind')).toMatchObject({ code: 2, err: expect.stringMatching(/no hop of kind "no\.such\.kind"/) });
  }, 30_000);

  it('needs --flow N, and says so when the flow is not in the run', () => {
    expect(virq('msi-emulated')).toMatchObject({ code: 2, err: expect.stringMatching(/needs --flow N/) });
    expect(virq('msi-emulated', '--flow', '0')).toMatchObject({ code: 2 });
    expect(virq('msi-emulated', '--flow', '99999999')).toMatchObject({ code: 2, err: expect.stringMatching(/flow 99999999 has no hops/) });
  }, 30_000);
});
