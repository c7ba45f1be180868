// An emulated device's doorbell (ioeventfd on | off) and interrupt (irqfd | irq-line), and QEMU's main loop that
// serves them: on a machine built from the MSI fixture, with a workload's calls made by hand.
import { describe, expect, it } from 'vitest';
import type { Hop } from '../../../../src/sim/core/hopLog';
import { EmulatedDevice, guestDoorbell } from '../../../../src/sim/host/vmm/emulatedDevice';
import { Vmm } from '../../../../src/sim/host/vmm/vmm';
import { instantStep } from '../../../../src/sim/host/step';
import { buildMachine } from '../../../../src/sim/scenario/build';
import { loadScenario } from '../../../../src/sim/scenario/validate';
import { vmmCpu } from '../../../../src/sim/scenario/wire/vmm';
import { fixture } from './support';

const GUEST_VECTOR = 0x61;

function setup(set: Record<string, string> = {}) {
  const r = loadScenario(fixture('msi-nic'), { set });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const m = buildMachine(r.scenario);
  if (m.parts.platform !== 'x86') throw new Error('x86 fixture');
  const vm = m.parts.vms[0]!;
  const vcpu = vm.vcpus[0]!;
  const spec = r.scenario.vms[0]!;
  const vmm = new Vmm(m.sim, m.costs, vm.name, m.pcpus[vmmCpu(r.scenario, 0)]!);
  for (const v of vm.vcpus) vmm.addVcpu(v);
  const dev = new EmulatedDevice(m.sim, m.costs, 'vnet0', vm, vmm, 100, spec.vmm?.ioeventfd ?? 'on', spec.vmm?.irqInjection ?? 'irqfd');
  vmm.addEmulatedDevice(dev);
  vm.guestIdt.set(GUEST_VECTOR, { name: 'vnet0 driver', cost: 'guest.driver.handler' });
  m.start(0, false);
  const sim = m.sim;
  const hops = (): Hop[] => Array.from({ length: sim.log.held }, (_, i) => sim.log.at(i));
  return { m, sim, vm, vcpu, vmm, dev, hops };
}

/** The guest writes the doorbell at 100 µs; the device model's work is one marker hop where QEMU runs it. */
function ring(t: ReturnType<typeof setup>) {
  const kMark = t.sim.kind('vmm.vfio.intx');
  t.sim.at(100_000, () => t.vcpu.queueGuestWork(() => guestDoorbell(t.vcpu, t.vmm, 'vnet0', 0, (where) => [instantStep(kMark, where, 0, t.sim.sid('vnet0 handle_output'))])));
  t.sim.runUntil(1_000_000, 1_000_000);
  return t.hops();
}

describe('an emulated device\'s doorbell', () => {
  it('ioeventfd on: KVM signals the ioeventfd and re-enters; QEMU\'s main loop runs the handler on its own CPU', () => {
    const t = setup();
    const h = ring(t);
    expect(h.filter((x) => x.kind === 'kvm.vmexit').map((x) => x.detail)).toEqual(['EPT_MISCONFIG']);
    expect(h.some((x) => x.kind === 'kvm.ioeventfd')).toBe(true);
    expect(h.some((x) => x.kind === 'kvm.exit.userspace')).toBe(false);
    const handled = h.find((x) => x.detail === 'vnet0 handle_output')!;
    expect(handled.where).toBe(`cpu${t.vmm.pcpu.index}`);
    expect(h.findIndex((x) => x.kind === 'vmm.thread.wake')).toBeLessThan(h.indexOf(handled));
  });

  it('ioeventfd off: the write exits to QEMU, which runs the handler on the vCPU thread before KVM_RUN', () => {
    const t = setup({ 'vms[0].vmm.ioeventfd': 'off' });
    const h = ring(t);
    expect(h.some((x) => x.kind === 'kvm.ioeventfd')).toBe(false);
    const kinds = h.map((x) => x.kind);
    const handled = h.findIndex((x) => x.detail === 'vnet0 handle_output');
    expect(h[handled]!.where).toBe('vm0.vcpu0');
    expect(kinds.indexOf('kvm.exit.userspace')).toBeLessThan(handled);
    expect(kinds.indexOf('vmm.kvm_run')).toBeGreaterThan(handled);
    expect(kinds.includes('vmm.thread.wake')).toBe(false);
  });

  it('an assigned device\'s BAR is mapped: its doorbell makes no exit', () => {
    const t = setup();
    t.sim.at(100_000, () => t.vcpu.queueGuestWork(() => guestDoorbell(t.vcpu, t.vmm, 'nic0')));
    t.sim.runUntil(1_000_000, 1_000_000);
    expect(t.hops().filter((x) => x.kind === 'kvm.vmexit')).toEqual([]);
  });
});

describe('an emulated device\'s interrupt, raised by QEMU\'s main loop', () => {
  const raise = (t: ReturnType<typeof setup>) => {
    t.sim.at(100_000, () => t.vmm.post(0, () => t.dev.interruptSteps({ destId: 0, vector: GUEST_VECTOR, level: false }, [], t.vmm.pcpu.where)));
    t.sim.runUntil(1_000_000, 1_000_000);
    return t.hops();
  };

  it('irqfd: QEMU writes the irqfd, KVM injects inline from its wake-up, the guest handler runs', () => {
    const h = raise(setup());
    const kinds = h.map((x) => x.kind);
    expect(kinds.indexOf('vmm.eventfd.write')).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf('kvm.irqfd.inject')).toBeGreaterThan(kinds.indexOf('vmm.eventfd.write'));
    expect(h.some((x) => x.kind === 'guest.handler' && /vnet0/.test(x.detail))).toBe(true);
    expect(kinds.includes('vmm.irq.inject')).toBe(false);
  });

  it('irq-line: QEMU makes a KVM_SIGNAL_MSI ioctl instead', () => {
    const h = raise(setup({ 'vms[0].vmm.irqInjection': 'irq-line' }));
    const kinds = h.map((x) => x.kind);
    expect(kinds.includes('kvm.irqfd.inject')).toBe(false);
    expect(h.find((x) => x.kind === 'vmm.irq.inject')!.detail).toMatch(/KVM_SIGNAL_MSI/);
    expect(kinds.indexOf('kvm.vlapic.accept')).toBeGreaterThan(kinds.indexOf('vmm.irq.inject'));
    expect(h.some((x) => x.kind === 'guest.handler' && /vnet0/.test(x.detail))).toBe(true);
  });
});

describe('QEMU\'s main loop', () => {
  it('runs on the lowest pCPU no vCPU uses, unless vms[i].vmm.cpu says', () => {
    expect(setup().vmm.pcpu.index).toBe(0);
    expect(setup({ 'vms[0].vmm.cpu': '3' }).vmm.pcpu.index).toBe(3);
  });

  it('serves work that becomes ready while it runs in the same wake-up', () => {
    const t = setup();
    t.sim.at(100_000, () => { t.vmm.post(0, () => []); t.vmm.post(0, () => []); });
    t.sim.runUntil(1_000_000, 1_000_000);
    expect(t.hops().filter((x) => x.kind === 'vmm.thread.wake').length).toBe(1);
  });
});
