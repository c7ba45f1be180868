import { describe, expect, it } from 'vitest';
import { Gen8Gpu } from '../../../src/sim/hw/gpu/gen8Gpu';
import { programGpuMsi } from '../../../src/sim/hw/gpu/gpuConfigSpace';
import { Mediator } from '../../../src/sim/gvt/mediator';
import { VblankEmulation, vblankPeriodNs } from '../../../src/sim/gvt/vblank';

describe('virtual vblank (facts A.3, F11)', () => {
  it('has the period DIV64_U64_ROUND_CLOSEST(1e12, vrefresh_k): 16,666,667 ns at the default 60 Hz', () => {
    expect(vblankPeriodNs()).toBe(16_666_667);
    expect(vblankPeriodNs(50_000)).toBe(20_000_000);
    expect(vblankPeriodNs(144_000)).toBe(6_944_444);
  });

  it('runs only while the guest has a virtual pipe enabled (PIPECONF bit 31) and says so when the guest flips it', () => {
    const m = new Mediator(new Gen8Gpu('host/gpu0'));
    const vm = m.addVgpu({ id: 1, owner: 'vm1' });
    const vb = new VblankEmulation(vm);
    expect(vb.running).toBe(false);
    const on = m.write(vm, 0x70008, 1n << 31n);
    expect(on.effects).toEqual([{ kind: 'vblank-timer', vgpu: 'vm1', pipe: 'A', on: true }]);
    expect(vm.regs.getField(vm.regs.index('PIPECONF_A'), 'STATE')).toBe(1n);
    expect(vb.running).toBe(true);
    expect(m.write(vm, 0x70008, 0n).effects).toEqual([{ kind: 'vblank-timer', vgpu: 'vm1', pipe: 'A', on: false }]);
    expect(vb.running).toBe(false);
    expect(new VblankEmulation(vm, { legacyFixedPeriod: true }).periodNs).toBe(16_000_000);
  });

  it('each expiry delivers a queued flip-done, then PIPE_x_VBLANK, through trigger_virtual_event', () => {
    const m = new Mediator(new Gen8Gpu('host/gpu0'));
    const vm = m.addVgpu({ id: 1, owner: 'vm1' });
    vm.attached = true;
    programGpuMsi(vm.config, 0, 0x41);
    m.write(vm, 0x44404, 0xffffffffn & ~0x9n); // DE_PIPE_A_IMR: unmask vblank (0) and primary flip (3)
    m.write(vm, 0x4440c, 0x9n);
    m.write(vm, 0x44200, 1n << 31n);
    m.write(vm, 0x70008, 1n << 31n);
    const vb = new VblankEmulation(vm);
    vb.queueFlip('A');
    const r = vb.fire([11]);
    expect(r.fired.map((f) => [f.event, f.outcome])).toEqual([['PRIMARY_A_FLIP_DONE', 'delivered'], ['PIPE_A_VBLANK', 'delivered']]);
    expect(vm.regs.get('GEN8_MASTER_IRQ')).toBe((1n << 31n) | (1n << 16n));
    expect(r.effects.filter((e) => e.kind === 'inject')).toHaveLength(2);
    expect(vb.fire().fired.map((f) => f.event)).toEqual(['PIPE_A_VBLANK']);
  });
});
