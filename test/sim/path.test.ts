// The x86 MSI path end to end: what each flow goes through, and that its latency is the sum of its hops' costs.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Lab } from '../../src/sim/lab/lab';
import { CostModel } from '../../src/sim/core/costModel';
import { COSTS } from '../../src/sim/core/catalog/costs';

const base = (over: string) => `
name: path-test
duration: 2ms
host: { cpus: 2, cpuGhz: 3.0 }
vms:
  - { id: vm0, vcpus: 1, pinning: [1] }
devices:
  - { id: nic0, owner: vm0, hostCpu: 0, hostVector: 0x41, guestVector: 0x51, rate: 2000, arrival: periodic }
${over}`;

function run(text: string) {
  const r = Lab.load(text);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const summary = r.lab.runToEnd();
  return { lab: r.lab, summary };
}

const costs = new CostModel(COSTS, 3.0);
const ns = (...names: (keyof typeof COSTS)[]) => names.reduce((s, n) => s + costs.ns(n), 0);

describe('x86 MSI to a running vCPU, emulated delivery', () => {
  it('walks device → LAPIC → vfio → eventfd → irqfd → vLAPIC → kick → exit → inject → guest handler → EOI exit', () => {
    const { lab } = run(base(''));
    const kinds = lab.queryLog({ start: 0, count: 100, filter: { flow: 1 } }).rows.map((h) => h.kind);
    expect(kinds).toEqual([
      'pci.msi.write', 'x86.lapic.accept', 'x86.irq.entry', 'vfio.msi.handler', 'eventfd.signal',
      'kvm.irqfd.inject', 'kvm.vlapic.accept', 'kvm.kick.ipi', 'x86.lapic.eoi',
      'kvm.vmexit', 'kvm.exit.handle', 'x86.irq.entry', 'x86.lapic.eoi',
      'kvm.inject.event', 'kvm.vmentry', 'guest.exit.indirect', 'guest.irq.entry', 'guest.handler', 'kvm.vmexit', 'kvm.apic.eoi.emulate',
    ]);
  });

  it('delivers each uncontended flow after exactly the modelled costs of its hops', () => {
    const { summary } = run(base(''));
    // Host side until the vLAPIC holds the vector, then the kick IPI, the exit on the vCPU's pCPU, the IPI's own
    // entry+EOI, the injection and entry, and the guest's IDT dispatch: the guest handler starts then.
    const expected = ns('pci.msi.write', 'x86.lapic.accept', 'x86.irq.entry', 'vfio.msi.handler', 'eventfd.signal',
      'kvm.irqfd.inject', 'kvm.vlapic.accept', 'kvm.kick.ipi', 'kvm.vmexit', 'kvm.exit.handle', 'x86.irq.entry',
      'x86.lapic.eoi', 'kvm.inject.event', 'kvm.vmentry', 'guest.exit.indirect', 'guest.irq.entry');
    expect(summary.flows.raised).toBe(3); // periodic at 0.5, 1.0, 1.5 ms; sources stop at 2 ms
    expect(summary.latencyNs.p50).toBe(expected);
    expect(summary.latencyNs.max).toBe(expected);
    expect(summary.completionNs.p50).toBe(expected + ns('guest.driver.handler', 'kvm.vmexit', 'kvm.apic.eoi.emulate'));
  });

  it('moves latency by exactly the change of one overridden cost', () => {
    const a = run(base('')).summary.latencyNs.p50;
    const b = run(base('costs: { "kvm.vmexit": "3000 cycles" }')).summary.latencyNs.p50;
    expect(b - a).toBe(Math.round(3000 / 3) - costs.ns('kvm.vmexit'));
  });

  it('costs two exits per interrupt to a busy vCPU: the kick and the EOI', () => {
    const { summary } = run(base(''));
    expect(summary.vmExits.byReason).toEqual({ MSR_WRITE: 3, EXTERNAL_INTERRUPT: 3 });
    expect(summary.perVm.vm0!.vmExits.total).toBe(6);
  });

  it('wakes a halted vCPU instead of kicking it', () => {
    const { lab, summary } = run(base('').replace('pinning: [1] }', 'pinning: [1], idle: halt }'));
    const kinds = lab.queryLog({ start: 0, count: 100, filter: { flow: 2 } }).rows.map((h) => h.kind);
    expect(kinds).toContain('kvm.vcpu.wakeup');
    expect(kinds).not.toContain('kvm.kick.ipi');
    expect(summary.vmExits.byReason.HLT).toBeGreaterThan(0);
    expect(summary.flows.pending).toBe(0);
  });

  it('merges interrupts that arrive while the vector is still pending, and loses none', () => {
    const { summary } = run(base('').replace('rate: 2000, arrival: periodic', 'rate: 2000000, arrival: poisson'));
    expect(summary.flows.coalesced).toBeGreaterThan(0);
    expect(summary.flows.delivered + summary.flows.coalesced).toBe(summary.flows.raised);
    expect(summary.flows.pending).toBe(0);
  });

  it('drops the flows of a device whose guest disabled MSI, and says why', () => {
    const r = Lab.load(base(''));
    if (!r.ok) throw new Error('bad');
    const w = r.lab.writeRegister({ file: 'vm0/nic0/config', register: 'MSI_CTRL', field: 'enable', value: '0' });
    expect(w.ok).toBe(true);
    const s = r.lab.runToEnd();
    expect(s.flows.dropped).toBe(s.flows.raised);
    const blocked = r.lab.queryLog({ start: 0, count: 10, filter: { kind: 'kvm.irqfd.blocked' } }).rows;
    expect(blocked[0]!.detail).toMatch(/MSI disabled/);
  });

  it('services a host-owned device on the host with no VM exit', () => {
    const { summary } = run(base('').replace('owner: vm0', 'owner: host'));
    expect(summary.vmExits.total).toBe(0);
    expect(summary.perVm.host!.flows.delivered).toBe(3);
    expect(summary.latencyNs.p50).toBe(ns('pci.msi.write', 'x86.lapic.accept', 'x86.irq.entry'));
  });

  it('gives the same log hash for the same seed, and another for another seed', () => {
    const text = readFileSync(new URL('../../resources/presets/msi-emulated.yaml', import.meta.url), 'utf8');
    const h = (seed: number) => { const r = Lab.load(text, { seed }); if (!r.ok) throw 1; return r.lab.runToEnd().logHash; };
    expect(h(1)).toBe(h(1));
    expect(h(2)).not.toBe(h(1));
  });
});
