import { describe, expect, it } from 'vitest';
import { PI_DESC_REGS, POSTED_INTR_VECTOR, PostedDescriptor } from '../../../../src/sim/hw/x86/postedDescriptor';
import { Irte } from '../../../../src/sim/hw/x86/irte';

describe('posted-interrupt descriptor (facts §D.3)', () => {
  it('lays out PIR at 0x00-0x1F, ON bit 256, SN bit 257, NV bits 279:272, NDST at 0x24', () => {
    const r = (n: string) => PI_DESC_REGS.registers.find((x) => x.name === n)!;
    expect(r('PIR0').offset).toBe(0);
    expect(r('PIR7').offset).toBe(0x1c);
    const ctrl = r('CONTROL');
    expect(ctrl.offset).toBe(0x20); // bit 256 = byte 0x20 bit 0
    expect(ctrl.fields.find((f) => f.name === 'on')).toMatchObject({ msb: 0, lsb: 0 });
    expect(ctrl.fields.find((f) => f.name === 'sn')).toMatchObject({ msb: 1, lsb: 1 });
    expect(ctrl.fields.find((f) => f.name === 'nv')).toMatchObject({ msb: 23, lsb: 16 }); // byte 0x22
    expect(r('NDST').offset).toBe(0x24);
  });

  it('notifies only when ON was clear and SN is clear; a sync takes every PIR bit and clears ON', () => {
    const pid = new PostedDescriptor('vm0/vcpu0/pi-desc', 'vm0', 'vcpu0');
    expect(pid.nv).toBe(POSTED_INTR_VECTOR);
    expect(pid.post(0x51)).toBe(true);
    expect(pid.on).toBe(true);
    expect(pid.post(0x52)).toBe(false); // ON already set: no second notification
    expect(pid.takePir()).toEqual([0x52, 0x51]);
    expect(pid.on).toBe(false);
    pid.setSn(true);
    expect(pid.post(0x61)).toBe(false); // suppressed
    expect(pid.on).toBe(false);
    expect(pid.regs.get('PIR3') & (1n << 1n)).toBe(1n << 1n); // vector 0x61 = 97 = 3*32 + 1, still recorded
  });

  it('an IRTE in posted format carries the vector and the descriptor address', () => {
    const irte = new Irte('host/nic0/irte', 'nic0');
    irte.programPosted(0x51, 0x1_2345_6780n, 0x18);
    expect(irte.posted).toBe(true);
    expect(irte.vector).toBe(0x51);
    expect(irte.pda).toBe(0x1_2345_6780n);
  });
});
