// Seed 004 (x86): posted interrupts for edge MSIs, against emulated delivery, on the msi-posted preset.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Lab } from '../../../../src/sim/lab/lab';

const preset = readFileSync(new URL('../../../../resources/presets/msi-posted.yaml', import.meta.url), 'utf8');
const single = `
name: one-running-vcpu
duration: 5ms
host: { cpus: 2 }
vms: [{ id: vm0, vcpus: 1, pinning: [1], delivery: DELIVERY }]
devices: [{ id: nic0, owner: vm0, rate: 10000, arrival: periodic }]
`;

function run(text: string, set: Record<string, string> = {}) {
  const r = Lab.load(text, { set });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { lab: r.lab, s: r.lab.runToEnd() };
}

describe('posted vs emulated delivery', () => {
  it('reaches a running vCPU with 0 exits per interrupt when posted, at least 1 when emulated', () => {
    const posted = run(single.replace('DELIVERY', 'posted')).s;
    const emulated = run(single.replace('DELIVERY', 'emulated')).s;
    expect(posted.flows.raised).toBe(49);
    expect(posted.flows.pending).toBe(0);
    expect(posted.vmExits.total).toBe(0);
    expect(emulated.vmExits.total / emulated.flows.raised).toBeGreaterThanOrEqual(1);
    expect(posted.latencyNs.p50).toBeLessThan(emulated.latencyNs.p50);
    expect(posted.cpuNs.hostNsPerFlow).toBeLessThan(emulated.cpuNs.hostNsPerFlow);
  });

  it('bypasses the host handler: no vfio handler, eventfd or irqfd hop on the posted path', () => {
    const { s } = run(single.replace('DELIVERY', 'posted'));
    for (const k of ['vfio.msi.handler', 'eventfd.signal', 'kvm.irqfd.inject', 'kvm.kick.ipi']) expect(s.hopTimeNs[k], k).toBeUndefined();
    expect(s.hopTimeNs['x86.pi.notify.guest']!.count).toBe(49);
    expect(s.hopTimeNs['apicv.eoi.virtualized']!.count).toBe(49);
  });

  it('wakes a halted vCPU through the wake-up vector (0xF1)', () => {
    const { lab, s } = run(preset);
    const wakes = lab.queryLog({ start: 0, count: 10, filter: { kind: 'vtd.pi.notify', vm: 'vm0' } }).rows.filter((r) => /0xf1/.test(r.detail));
    expect(wakes.length).toBeGreaterThan(0);
    expect(s.hopTimeNs['kvm.pi.wakeup']!.count).toBeGreaterThan(0);
    expect(s.flows.pending).toBe(0);
  });

  it('suppresses notifications (SN) while a host thread has the vCPU scheduled out, and loses nothing', () => {
    const { lab, s } = run(preset);
    const sn = lab.queryLog({ start: 0, count: 10, filter: { kind: 'kvm.pi.sn' } }).rows;
    expect(sn.some((r) => /SN = 1/.test(r.detail))).toBe(true);
    const suppressed = lab.queryLog({ start: 0, count: 1e6, filter: { kind: 'vtd.pi.post' } }).rows.filter((r) => /SN: no notification/.test(r.detail));
    expect(suppressed.length).toBeGreaterThan(0);
    expect(s.flows.pending).toBe(0);
    expect(s.flows.delivered + s.flows.coalesced).toBe(s.flows.raised);
  });

  it('posts KVM\'s own injections under APICv too: INTx via the virtual IOAPIC costs only the level EOI exit', () => {
    const text = readFileSync(new URL('../../../../resources/presets/intx-shared-line.yaml', import.meta.url), 'utf8');
    const { s } = run(text, { 'vms[0].delivery': 'posted' });
    expect(Object.keys(s.vmExits.byReason)).toEqual(['EOI_INDUCED']); // no kick, no APIC-access exit
    expect(s.hopTimeNs['kvm.pi.post']!.count).toBeGreaterThan(0);
    expect(s.flows.pending).toBe(0);
  });

  it('posts a vGPU\'s MSI (irqfd) to its VM under APICv, through the GVT guest\'s trapped MMIO, losing nothing', () => {
    const text = readFileSync(new URL('../../../../resources/presets/gvt-three-vms.yaml', import.meta.url), 'utf8');
    const posted = run(text, { 'vms[0].delivery': 'posted' }).s;
    const emulated = run(text).s;
    expect(posted.flows.pending).toBe(0);
    expect(posted.perVm.vm0!.vmExits.byReason.MSR_WRITE ?? 0).toBe(0);
    expect(emulated.perVm.vm0!.vmExits.byReason.MSR_WRITE).toBeGreaterThan(0);
    expect(posted.perVm.vm0!.latencyNs.max).toBeLessThan(50_000);
  });

  it('keeps the resample path for level INTx even with posted delivery (posting is edge/MSI only)', () => {
    const text = readFileSync(new URL('../../../../resources/presets/intx-shared-line.yaml', import.meta.url), 'utf8');
    const { s } = run(text, { 'vms[0].delivery': 'posted' });
    expect(s.hopTimeNs['kvm.irqfd.resample']!.count).toBeGreaterThan(0);
    expect(s.vmExits.byReason.EOI_INDUCED).toBeGreaterThan(0); // level EOIs still exit under APICv
    expect(s.flows.pending).toBe(0);
  });
});
