// The GVT-g virtual interrupt chain, from facts A.3 (gvt/interrupt.c) and "ten facts" #1.
import { describe, expect, it } from 'vitest';
import { Gen8Gpu } from '../../../src/sim/hw/gpu/gen8Gpu';
import { programGpuMsi } from '../../../src/sim/hw/gpu/gpuConfigSpace';
import { Mediator } from '../../../src/sim/gvt/mediator';
import type { Vgpu } from '../../../src/sim/gvt/vgpu';

const MASTER = 0x44200;
const GT0_IMR = 0x44304;
const GT0_IIR = 0x44308;
const GT0_IER = 0x4430c;
const ON = 1n << 31n;

function setup() {
  const m = new Mediator(new Gen8Gpu('host/gpu0'));
  const vm = m.addVgpu({ id: 1, owner: 'vm1' });
  vm.attached = true;
  programGpuMsi(vm.config, 0, 0x41);
  return { m, vm };
}

/** What the guest i915 does at init: unmask and enable the RCS user interrupt, master on. */
function guestEnable(m: Mediator, v: Vgpu, bits = 0x1n) {
  m.write(v, GT0_IMR, 0xffffffffn & ~bits);
  m.write(v, GT0_IER, bits);
  m.write(v, MASTER, ON);
}

describe('GVT virtual interrupt emulation (interrupt.c)', () => {
  it('an unmasked event sets vIIR, the master status bit, and injects the virtual MSI', () => {
    const { m, vm } = setup();
    guestEnable(m, vm);
    const r = m.trigger(vm, 'RCS_MI_USER_INTERRUPT', [5]);
    expect(r.outcome).toBe('delivered');
    expect(vm.regs.get('GT0_IIR')).toBe(1n);
    expect(vm.regs.get('GEN8_MASTER_IRQ')).toBe(ON | 1n);
    expect(r.pending).toMatchObject({ kind: 'inject', decision: { injected: true, via: 'msi', vector: 0x41, destId: 0, address: 0xfee00000, flows: [5] } });
    expect(r.effects.filter((e) => e.kind === 'inject')).toHaveLength(1);
  });

  it('a masked event is dropped, not latched: unmasking later does not bring it back', () => {
    const { m, vm } = setup();
    guestEnable(m, vm, 0x0n); // everything masked
    m.write(vm, GT0_IER, 1n);
    const r = m.trigger(vm, 'RCS_MI_USER_INTERRUPT', [1]);
    expect(r.outcome).toBe('masked');
    expect(vm.regs.get('GT0_IIR')).toBe(0n);
    expect(vm.stats.maskedByEvent).toEqual({ RCS_MI_USER_INTERRUPT: 1 });
    const unmask = m.write(vm, GT0_IMR, 0xfffffffen);
    expect(vm.regs.get('GT0_IIR')).toBe(0n);
    expect(unmask.effects.some((e) => e.kind === 'inject')).toBe(false);
  });

  it('clearing vIIR (write 1) re-evaluates the master: its status bit drops', () => {
    const { m, vm } = setup();
    guestEnable(m, vm, 0x101n);
    m.trigger(vm, 'RCS_MI_USER_INTERRUPT');
    m.trigger(vm, 'RCS_AS_CONTEXT_SWITCH');
    m.write(vm, GT0_IIR, 1n);
    expect(vm.regs.get('GT0_IIR')).toBe(0x100n);
    expect(vm.regs.get('GEN8_MASTER_IRQ')).toBe(ON | 1n); // bit 8 still pending
    const clear = m.write(vm, GT0_IIR, 0x100n);
    expect(vm.regs.get('GEN8_MASTER_IRQ')).toBe(ON);
    expect(clear.effects).toEqual([]); // an IIR write never injects
  });

  it('vIER gates the upstream: a latched bit with IER clear reaches the master when IER is set (and then injects)', () => {
    const { m, vm } = setup();
    m.write(vm, GT0_IMR, 0xfffffffen);
    m.write(vm, MASTER, ON);
    const r = m.trigger(vm, 'RCS_MI_USER_INTERRUPT');
    expect(r.outcome).toBe('delivered');
    expect(r.pending).toEqual({ kind: 'idle' });
    const w = m.write(vm, GT0_IER, 1n);
    expect(vm.regs.get('GEN8_MASTER_IRQ')).toBe(ON | 1n);
    expect(w.effects.filter((e) => e.kind === 'inject')).toHaveLength(1);
  });

  it('no injection while master bit 31 is 0; writing bit 31 injects what is pending', () => {
    const { m, vm } = setup();
    guestEnable(m, vm);
    m.write(vm, MASTER, 0n);
    const r = m.trigger(vm, 'RCS_MI_USER_INTERRUPT', [3]);
    expect(r.pending).toEqual({ kind: 'master-disabled' });
    expect(vm.regs.get('GT0_IIR')).toBe(1n);
    const on = m.write(vm, MASTER, ON);
    expect(on.effects.find((e) => e.kind === 'inject')).toMatchObject({ decision: { injected: true, flows: [3] } });
  });

  it('only bit 31 of GEN8_MASTER_IRQ is guest-writable', () => {
    const { m, vm } = setup();
    const w = m.write(vm, MASTER, 0xffffffffn);
    expect(vm.regs.get('GEN8_MASTER_IRQ')).toBe(ON);
    expect(w.value).toBe(ON);
  });

  it('no injection while the virtual MSI Enable is 0, nor with multi-message or 64-bit control bits, nor when not attached', () => {
    const { m, vm } = setup();
    guestEnable(m, vm);
    const ctrl = vm.config.index('MSI_CTRL');
    vm.config.set(ctrl, 0n);
    expect(m.trigger(vm, 'RCS_MI_USER_INTERRUPT').pending).toMatchObject({ kind: 'inject', decision: { injected: false, reason: 'msi-disabled' } });
    vm.config.set(ctrl, 0x81n); // 64-bit capable
    expect(m.trigger(vm, 'RCS_MI_USER_INTERRUPT').pending).toMatchObject({ decision: { reason: 'msi-format', message: expect.stringContaining('only support one MSI format') } });
    vm.config.set(ctrl, 1n);
    vm.attached = false;
    expect(m.trigger(vm, 'RCS_MI_USER_INTERRUPT').pending).toMatchObject({ decision: { reason: 'not-attached' } });
    vm.attached = true;
    expect(m.trigger(vm, 'RCS_MI_USER_INTERRUPT').pending).toMatchObject({ decision: { injected: true } });
    expect(vm.stats.injectBlocked).toEqual({ 'msi-disabled': 1, 'msi-format': 1, 'not-attached': 1 });
  });

  it('injects again on every trigger while a master status bit stays set (no edge detection), a coalesced event included', () => {
    const { m, vm } = setup();
    guestEnable(m, vm);
    m.trigger(vm, 'RCS_MI_USER_INTERRUPT', [1]);
    const second = m.trigger(vm, 'RCS_MI_USER_INTERRUPT', [2]);
    expect(second.outcome).toBe('coalesced');
    expect(second.pending).toMatchObject({ kind: 'inject', decision: { injected: true, flows: [2] } });
    expect(vm.stats.injections).toBe(2);
  });

  it('a PCH event reaches master bit 23 (PCH → master)', () => {
    const { m, vm } = setup();
    m.write(vm, 0xc4004, 0xffffffffn & ~(1n << 21n)); // SDEIMR: unmask DP_B_HOTPLUG
    m.write(vm, 0xc400c, 1n << 21n); // SDEIER
    m.write(vm, MASTER, ON);
    m.trigger(vm, 'DP_B_HOTPLUG');
    expect(vm.regs.get('GEN8_MASTER_IRQ')).toBe(ON | (1n << 23n));
  });

  it('the host view has no virtual MSI: its injection goes to the host strategy', () => {
    const { m } = setup();
    const host = m.addVgpu({ id: 0, owner: 'host' });
    guestEnable(m, host);
    expect(m.trigger(host, 'RCS_MI_USER_INTERRUPT', [4]).pending).toMatchObject({ decision: { injected: true, via: 'host', flows: [4] } });
  });
});
