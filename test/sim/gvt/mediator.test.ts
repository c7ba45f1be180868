// Trap table and access paths (seed 002), physical → virtual fan-out (seed 000), nested emulation.
import { describe, expect, it } from 'vitest';
import { Gen8Gpu } from '../../../src/sim/hw/gpu/gen8Gpu';
import { programGpuMsi } from '../../../src/sim/hw/gpu/gpuConfigSpace';
import { Mediator } from '../../../src/sim/gvt/mediator';
import type { Vgpu } from '../../../src/sim/gvt/vgpu';
import { inPort, wireNode, WireGraph, type OutPort } from '../../../src/sim/core/wires';

/** Connects a test probe to an out-port, as the builder connects a part. */
const listen = <F extends (...a: never[]) => unknown>(out: OutPort<F>, fn: F) => new WireGraph().connect(out, inPort(wireNode('test/probe', 'probe'), 'in', out.kind, fn));

const MASTER = 0x44200;
const GT0_IMR = 0x44304;
const GT0_IIR = 0x44308;
const GT0_IER = 0x4430c;
const RCS_ELSP = 0x2230;
const ON = 1n << 31n;

function machine() {
  const gpu = new Gen8Gpu('host/gpu0');
  const m = new Mediator(gpu);
  const host = m.addVgpu({ id: 0, owner: 'host' });
  const vms = [1, 2, 3].map((id) => {
    const v = m.addVgpu({ id, owner: `vm${id}` });
    v.attached = true;
    programGpuMsi(v.config, id, 0x40 + id);
    return v;
  });
  return { gpu, m, host, vms };
}

function enable(m: Mediator, v: Vgpu, bits: bigint) {
  m.write(v, GT0_IMR, 0xffffffffn & ~bits);
  m.write(v, GT0_IER, bits);
  m.write(v, MASTER, ON);
}

describe('MMIO trap table and access paths', () => {
  it('a guest access is trapped and emulated on its vGPU; the host driver access is redirected by the hooks', () => {
    const { m, host, vms } = machine();
    const g = m.write(vms[0]!, GT0_IMR, 0xfffffffen);
    expect(g).toMatchObject({ path: 'guest-trap', outcome: 'emulated', register: 'GT0_IMR', handler: 'intel_vgpu_reg_imr_handler', touchedHardware: false });
    const h = m.read(host, GT0_IMR);
    expect(h).toMatchObject({ path: 'host-hook', outcome: 'emulated', value: 0xffffffffn }); // the host view has its own values
    expect(m.gpu.regs.get('GT0_IMR')).toBe(0xffffffffn); // hardware untouched
  });

  it('a passed-through register reaches the physical one on both paths', () => {
    const { m, gpu, host, vms } = machine();
    gpu.regs.set(gpu.regs.index('RCS_TIMESTAMP'), 12345n);
    expect(m.read(vms[1]!, 0x2358)).toMatchObject({ outcome: 'passthrough', value: 12345n, touchedHardware: true, handler: 'mmio_read_from_hw' });
    expect(m.read(host, 0x2358)).toMatchObject({ path: 'host-hook', outcome: 'passthrough', value: 12345n });
    m.trapTable.setMode('GT0_IMR', 'passthrough');
    m.write(host, GT0_IMR, 0xfffffffen);
    expect(gpu.regs.get('GT0_IMR')).toBe(0xfffffffen);
  });

  it('an undeclared offset is untracked and reads 0; the PV INFO page cannot be passed through', () => {
    const { m, vms } = machine();
    expect(m.read(vms[0]!, 0x12345)).toMatchObject({ outcome: 'untracked', value: 0n, register: null });
    expect(() => m.trapTable.setMode('magic', 'passthrough')).toThrow(/no hardware/);
  });

  it('the PV INFO page reads through emulation; with the page absent it is untracked (0)', () => {
    const { m, vms } = machine();
    expect(m.read(vms[0]!, 0x78000)).toMatchObject({ outcome: 'emulated', register: 'magic', value: 0x4776544776544776n });
    const absent = m.addVgpu({ id: 4, owner: 'vm4', pvInfo: 'absent' });
    expect(m.read(absent, 0x78000)).toMatchObject({ outcome: 'untracked', value: 0n });
    const g2v = m.write(vms[0]!, 0x78818, 6n);
    expect(g2v.effects).toEqual([{ kind: 'g2v-notify', vgpu: 'vm1', value: 6, name: 'VGT_G2V_EXECLIST_CONTEXT_CREATE' }]);
  });

  it('four ELSP writes submit a workload and, with the engine idle, raise the context-switch virtual interrupt inside the emulation', () => {
    const { m, vms } = machine();
    const vm = vms[0]!;
    enable(m, vm, 0x101n);
    const writes = [0n, 0n, 0n, 0x1009n].map((d) => m.write(vm, RCS_ELSP, d));
    const last = writes[3]!;
    expect(last.effects.map((e) => e.kind)).toEqual(['submit', 'inject']);
    expect(vm.regs.get('GT0_IIR')).toBe(0x100n);
    const done = m.completeWorkload(vm, 'RCS', [77]);
    expect(done).toMatchObject({ user: 'delivered', ctxSwitch: 'coalesced' });
    expect(done.effects.filter((e) => e.kind === 'inject')).toHaveLength(2);
  });

  it('flags an access made while another is being emulated (the hardirq-tail nested emulation)', () => {
    const { m, host } = machine();
    enable(m, host, 0x101n);
    // hardirq-tail: the host's virq is delivered synchronously, so the host i915 handler runs inside the ELSP emulation.
    let inner: ReturnType<Mediator['read']> | null = null;
    listen(host.emitted, (e) => { if (e.kind === 'inject' && !inner) inner = m.read(host, MASTER); });
    for (const d of [0n, 0n, 0n, 1n]) m.write(host, RCS_ELSP, d);
    expect(inner).toMatchObject({ nested: true, register: 'GEN8_MASTER_IRQ' });
    expect(m.stats.nested).toBe(1);
    expect(m.lastNested).toEqual({ outer: 'host:RCS_ELSP', inner: 'host:GEN8_MASTER_IRQ' });
  });
});

describe('physical → virtual fan-out (seed 000)', () => {
  it('one physical event reaches 3 VMs + host; the VM that masks it in vIMR gets none; every flow is accounted per VM', () => {
    const { gpu, m, host, vms } = machine();
    for (const v of [host, vms[0]!, vms[2]!]) enable(m, v, 0x1n);
    enable(m, vms[1]!, 0x0n); // vm2 masks RCS_MI_USER_INTERRUPT in its vIMR
    m.write(vms[1]!, GT0_IER, 1n);
    m.syncPhysicalMasks();
    expect(gpu.regs.get('GT0_IMR') & 1n).toBe(0n); // unmasked physically because some vGPU wants it
    const edges: number[][] = [];
    listen(gpu.irq, (f) => { edges.push(f); });
    gpu.raise('RCS_MI_USER_INTERRUPT', [42]);
    expect(edges).toEqual([[42]]);
    const r = m.pirqHandler();
    expect(r.events).toEqual([{ event: 'RCS_MI_USER_INTERRUPT', flows: [42] }]);
    expect(r.records).toEqual([
      { flow: 42, event: 'RCS_MI_USER_INTERRUPT', vgpu: 'host', outcome: 'delivered' },
      { flow: 42, event: 'RCS_MI_USER_INTERRUPT', vgpu: 'vm1', outcome: 'delivered' },
      { flow: 42, event: 'RCS_MI_USER_INTERRUPT', vgpu: 'vm2', outcome: 'masked' },
      { flow: 42, event: 'RCS_MI_USER_INTERRUPT', vgpu: 'vm3', outcome: 'delivered' },
    ]);
    expect(r.perVgpu.map((p) => [p.vgpu, p.needsInjection])).toEqual([['host', true], ['vm1', true], ['vm2', false], ['vm3', true]]);
    expect(r.perVgpu.find((p) => p.vgpu === 'vm3')!.decision).toMatchObject({ via: 'msi', vector: 0x43, destId: 3, flows: [42] });
    expect(r.perVgpu.find((p) => p.vgpu === 'host')!.decision).toMatchObject({ via: 'host' });
    // accounting is complete: one record per (flow, VM)
    expect(r.records.length).toBe(4 * r.events.flatMap((e) => e.flows).length);
    expect(vms[1]!.regs.get('GT0_IIR')).toBe(0n);
    expect(gpu.regs.get('GT0_IIR')).toBe(0n); // the mediator cleared the physical IIR
  });

  it('an event for a vIIR bit the guest has not cleared yet is coalesced', () => {
    const { gpu, m, vms } = machine();
    for (const v of vms) enable(m, v, 0x1n);
    m.syncPhysicalMasks();
    gpu.raise('RCS_MI_USER_INTERRUPT', [1]);
    m.pirqHandler();
    m.write(vms[0]!, GT0_IIR, 1n); // vm1's handler cleared it, the others did not
    gpu.raise('RCS_MI_USER_INTERRUPT', [2]);
    const r = m.pirqHandler();
    expect(r.records.map((x) => [x.vgpu, x.outcome])).toEqual([['host', 'masked'], ['vm1', 'delivered'], ['vm2', 'coalesced'], ['vm3', 'coalesced']]);
  });

  it('two physical flows merged in one IIR bit: the second rides on the first in every VM', () => {
    const { gpu, m, vms } = machine();
    enable(m, vms[0]!, 0x1n);
    m.syncPhysicalMasks();
    gpu.raise('RCS_MI_USER_INTERRUPT', [1]);
    gpu.raise('RCS_MI_USER_INTERRUPT', [2]);
    const r = m.pirqHandler([vms[0]!]);
    expect(r.records.map((x) => [x.flow, x.outcome])).toEqual([[1, 'delivered'], [2, 'coalesced']]);
    expect(r.perVgpu[0]!.decision).toMatchObject({ flows: [1, 2] });
  });
});
