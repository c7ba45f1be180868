import { describe, expect, it } from 'vitest';
import { Gen8Gpu } from '../../../../src/sim/hw/gpu/gen8Gpu';
import { GEN8_IRQ_MAP, GPU_EVENTS, GPU_MMIO_REGS, IRQ_GROUP_INFO, IRQ_GROUPS } from '../../../../src/sim/hw/gpu/gen8Registers';
import { GPU_MSI_CAP_OFFSET, GPU_PCI_CONFIG_REGS, msiEnabled, programGpuMsi, readMsiCap } from '../../../../src/sim/hw/gpu/gpuConfigSpace';
import { PVINFO_REGS, VGT_MAGIC, VGT_G2V } from '../../../../src/sim/hw/gpu/pvInfoRegisters';
import { inPort, wireNode, WireGraph, type OutPort } from '../../../../src/sim/core/wires';

/** Connects a test probe to an out-port, as the builder connects a part. */
const listen = <F extends (...a: never[]) => unknown>(out: OutPort<F>, fn: F) => new WireGraph().connect(out, inPort(wireNode('test/probe', 'probe'), 'in', out.kind, fn));

const off = (name: string) => GPU_MMIO_REGS.registers.find((r) => r.name === name)!.offset;
const pv = (name: string) => PVINFO_REGS.registers.find((r) => r.name === name)!;
const field = (reg: string, f: string) => GPU_MMIO_REGS.registers.find((r) => r.name === reg)!.fields.find((x) => x.name === f)!;

describe('gen8 GPU interrupt registers (facts A.4, G)', () => {
  it('puts GEN8_MASTER_IRQ at 0x44200 with the enable at bit 31 and the group status bits of the facts', () => {
    expect(off('GEN8_MASTER_IRQ')).toBe(0x44200);
    const bit = (f: string) => field('GEN8_MASTER_IRQ', f).lsb;
    expect(bit('MASTER_IRQ_CONTROL')).toBe(31);
    expect([bit('GT_RCS'), bit('GT_BCS'), bit('GT_VCS0'), bit('GT_VCS1'), bit('GT_PM'), bit('GT_VECS')]).toEqual([0, 1, 2, 3, 4, 6]);
    expect([bit('DE_PIPE_A'), bit('DE_PIPE_B'), bit('DE_PIPE_C'), bit('DE_PORT'), bit('DE_MISC'), bit('DE_PCH'), bit('PCU')]).toEqual([16, 17, 18, 20, 22, 23, 30]);
  });

  it('lays out every bank as ISR = base, IMR +4, IIR +8, IER +0xC at the facts offsets', () => {
    const bases: Record<string, number> = {
      GT0: 0x44300, GT1: 0x44310, GT2: 0x44320, GT3: 0x44330, DE_PIPE_A: 0x44400, DE_PIPE_B: 0x44410, DE_PIPE_C: 0x44420,
      DE_PORT: 0x44440, DE_MISC: 0x44460, PCU: 0x444e0, PCH: 0xc4000,
    };
    for (const g of IRQ_GROUPS) {
      const i = IRQ_GROUP_INFO[g];
      expect([off(i.isr), off(i.imr), off(i.iir), off(i.ier)]).toEqual([bases[g], bases[g]! + 4, bases[g]! + 8, bases[g]! + 0xc]);
    }
    expect(off('SDEIIR')).toBe(0xc4008);
  });

  it('names the event bits of gen8_init_irq (SKL+ flip-done bits)', () => {
    expect(GPU_EVENTS.RCS_MI_USER_INTERRUPT).toMatchObject({ group: 'GT0', bit: 0 });
    expect(GPU_EVENTS.RCS_PIPE_CONTROL).toMatchObject({ group: 'GT0', bit: 4 });
    expect(GPU_EVENTS.RCS_AS_CONTEXT_SWITCH).toMatchObject({ group: 'GT0', bit: 8 });
    expect(GPU_EVENTS.BCS_MI_USER_INTERRUPT).toMatchObject({ group: 'GT0', bit: 16 });
    expect(GPU_EVENTS.BCS_MI_FLUSH_DW.bit).toBe(20);
    expect(GPU_EVENTS.BCS_AS_CONTEXT_SWITCH.bit).toBe(24);
    expect(GPU_EVENTS.PIPE_A_VBLANK).toMatchObject({ group: 'DE_PIPE_A', bit: 0 });
    expect(GPU_EVENTS.PRIMARY_B_FLIP_DONE.bit).toBe(3);
    expect(GPU_EVENTS.SPRITE_C_FLIP_DONE.bit).toBe(4);
    expect([GPU_EVENTS.AUX_CHANNEL_A.bit, GPU_EVENTS.DP_A_HOTPLUG.bit]).toEqual([0, 3]);
    expect([GPU_EVENTS.GMBUS.bit, GPU_EVENTS.CRT_HOTPLUG.bit, GPU_EVENTS.DP_B_HOTPLUG.bit, GPU_EVENTS.DP_D_HOTPLUG.bit]).toEqual([17, 19, 21, 23]);
    expect([GPU_EVENTS.PCU_THERMAL.bit, GPU_EVENTS.PCU_PCODE2DRIVER_MAILBOX.bit]).toEqual([24, 25]);
    expect(field('GT0_IIR', 'RCS_MI_USER_INTERRUPT').access).toBe('w1c');
    expect(field('GT0_IMR', 'RCS_MI_USER_INTERRUPT').access).toBe('rw');
  });

  it('maps master bits to groups as gen8_irq_map', () => {
    const m = Object.fromEntries(GEN8_IRQ_MAP.map((e) => [e.masterBit, [e.group, e.mask >>> 0]]));
    expect(m[0]).toEqual(['GT0', 0xffff]);
    expect(m[1]).toEqual(['GT0', 0xffff0000]);
    expect(m[6]).toEqual(['GT3', 0xffff]);
    expect(m[23]).toEqual(['PCH', 0xffffffff]);
    expect(m[5]).toBeUndefined();
  });

  it('puts the RCS execlist port at RING_ELSP(RENDER_RING_BASE) = 0x2230, write-only, and PIPECONF_A at 0x70008 bit 31', () => {
    expect(off('RCS_ELSP')).toBe(0x2230);
    expect(off('BCS_ELSP')).toBe(0x22230);
    expect(field('RCS_ELSP', 'dword').access).toBe('wo');
    expect(off('PIPECONF_A')).toBe(0x70008);
    expect(off('PIPECONF_B')).toBe(0x71008);
    expect(field('PIPECONF_A', 'ENABLE').lsb).toBe(31);
  });
});

describe('PV INFO page declaration (facts A.1)', () => {
  it('has the struct vgt_if layout at 0x78000', () => {
    expect([pv('magic').offset, pv('magic').width, pv('magic').reset]).toEqual([0x78000, 64, VGT_MAGIC]);
    expect(VGT_MAGIC).toBe(0x4776544776544776n);
    expect([pv('version_major').offset, pv('version_major').width, pv('version_major').reset]).toEqual([0x78008, 16, 1n]);
    expect([pv('version_minor').offset, pv('vgt_id').offset, pv('vgt_caps').offset]).toEqual([0x7800a, 0x7800c, 0x78010]);
    expect(pv('vgt_caps').fields.map((f) => [f.name, f.lsb])).toEqual([['HUGE_GTT', 4], ['HWSP_EMULATION', 3], ['FULL_48BIT_PPGTT', 2]]);
    expect(['mappable_gmadr_base', 'mappable_gmadr_size', 'nonmappable_gmadr_base', 'nonmappable_gmadr_size', 'fence_num'].map((n) => pv(n).offset))
      .toEqual([0x78040, 0x78044, 0x78048, 0x7804c, 0x78050]);
    expect([pv('display_ready').offset, pv('g2v_notify').offset, pv('cursor_x_hot').offset, pv('cursor_y_hot').offset]).toEqual([0x78804, 0x78818, 0x78830, 0x78834]);
    expect([pv('pdp0_lo').offset, pv('pdp3_hi').offset, pv('execlist_context_descriptor_lo').offset, pv('execlist_context_descriptor_hi').offset])
      .toEqual([0x78838, 0x78854, 0x78858, 0x7885c]);
    expect(pv('display_ready').fields[0]!.values).toEqual({ 0: 'VGT_DRV_DISPLAY_NOT_READY', 1: 'VGT_DRV_DISPLAY_READY' });
    expect(VGT_G2V).toMatchObject({ PPGTT_L3_PAGE_TABLE_CREATE: 2, EXECLIST_CONTEXT_DESTROY: 7, MAX: 8 });
  });

  it('is not part of the physical GPU: nothing is declared at 0x78000 in the MMIO file', () => {
    expect(GPU_MMIO_REGS.registers.some((r) => r.offset >= 0x78000 && r.offset < 0x79000)).toBe(false);
  });
});

describe('physical GPU semantics', () => {
  const setup = () => {
    const gpu = new Gen8Gpu('host/gpu0');
    const r = gpu.regs;
    const edges: number[][] = [];
    listen(gpu.irq, (f) => { edges.push(f); });
    r.write(r.index('GT0_IMR'), 0xfffffefen); // unmask RCS user interrupt and context switch
    r.write(r.index('GT0_IER'), 0x101n);
    r.write(r.index('GEN8_MASTER_IRQ'), 1n << 31n);
    return { gpu, r, edges };
  };

  it('latches an unmasked event into IIR, sets the master status bit and signals one edge', () => {
    const { gpu, r, edges } = setup();
    expect(gpu.raise('RCS_MI_USER_INTERRUPT', [1])).toBe('latched');
    expect(r.get('GT0_IIR')).toBe(1n);
    expect(r.get('GEN8_MASTER_IRQ')).toBe((1n << 31n) | 1n);
    expect(edges).toEqual([[1]]);
    expect(gpu.raise('RCS_MI_USER_INTERRUPT', [2])).toBe('coalesced'); // IIR bit still set: no new edge
    expect(edges.length).toBe(1);
  });

  it('does not latch an event masked in IMR', () => {
    const { gpu, r, edges } = setup();
    expect(gpu.raise('RCS_PIPE_CONTROL', [1])).toBe('masked');
    expect(r.get('GT0_IIR')).toBe(0n);
    expect(edges).toEqual([]);
  });

  it('IIR is write-1-to-clear; a latched bit whose IER is clear does not reach the master', () => {
    const { gpu, r, edges } = setup();
    r.write(r.index('GT0_IER'), 0n);
    gpu.raise('RCS_MI_USER_INTERRUPT', [1]);
    expect(r.get('GT0_IIR')).toBe(1n);
    expect(r.get('GEN8_MASTER_IRQ')).toBe(1n << 31n);
    expect(edges).toEqual([]);
    r.write(r.index('GT0_IER'), 1n); // enabling it now propagates: an edge
    expect(edges).toEqual([[1]]);
    r.write(r.index('GT0_IIR'), 1n);
    expect(r.get('GT0_IIR')).toBe(0n);
    expect(gpu.asserted).toBe(false);
  });

  it('signals nothing while the master enable is off, and an edge when it is turned on with events latched', () => {
    const { gpu, r, edges } = setup();
    r.write(r.index('GEN8_MASTER_IRQ'), 0n);
    gpu.raise('RCS_MI_USER_INTERRUPT', [7]);
    expect(edges).toEqual([]);
    r.write(r.index('GEN8_MASTER_IRQ'), 1n << 31n);
    expect(edges).toEqual([[7]]);
  });

  it('acknowledge() is the handler sequence: returns the pending events with their flows and clears them', () => {
    const { gpu, r, edges } = setup();
    gpu.raise('RCS_MI_USER_INTERRUPT', [1]);
    gpu.raise('RCS_MI_USER_INTERRUPT', [2]);
    gpu.raise('RCS_AS_CONTEXT_SWITCH', [3]);
    expect(gpu.acknowledge()).toEqual([
      { event: 'RCS_MI_USER_INTERRUPT', flows: [1, 2] },
      { event: 'RCS_AS_CONTEXT_SWITCH', flows: [3] },
    ]);
    expect(r.get('GT0_IIR')).toBe(0n);
    expect(edges.length).toBe(1);
    gpu.raise('RCS_MI_USER_INTERRUPT', [4]);
    // 2 and 3 latched while the output was already asserted: they rode on the first edge, read by the handler.
    expect(edges).toEqual([[1], [4]]);
  });

  it('four ELSP dwords submit a context pair; the caller completes it later', () => {
    const { gpu, edges } = setup();
    const subs: unknown[] = [];
    listen(gpu.submit, (s) => { subs.push(s); });
    const r = gpu.regs;
    const elsp = r.index('RCS_ELSP');
    for (const d of [0n, 0n, 0x1n, 0x1000_0009n]) r.write(elsp, d);
    expect(subs).toEqual([{ engine: 'RCS', element0: 0x1_1000_0009n, element1: 0n }]);
    expect(r.read(elsp)).toBe(0n); // write-only
    expect(gpu.completeContext('RCS', [9])).toEqual({ user: 'latched', ctxSwitch: 'latched' });
    expect(edges).toEqual([[9]]);
  });
});

describe('GPU PCI config space', () => {
  it('has the 32-bit MSI capability at 0xAC as GVT reads it (control cap+2, address cap+4, data cap+8)', () => {
    const o = (n: string) => GPU_PCI_CONFIG_REGS.registers.find((r) => r.name === n)!;
    expect(GPU_MSI_CAP_OFFSET).toBe(0xac);
    expect([o('CAP_PTR').reset, o('MSI_CTRL').offset, o('MSI_ADDR').offset, o('MSI_DATA').offset]).toEqual([0xacn, 0xae, 0xb0, 0xb4]);
    expect(o('MSI_CTRL').reset).toBe(0n); // 64bit-, one message
    const gpu = new Gen8Gpu('host/gpu0');
    expect(readMsiCap(gpu.config)).toEqual({ control: 0n, address: 0n, data: 0n });
  });

  it('a driver enabling MSI writes the x86 message (0xFEE base, destination, vector) and sets memory, bus master and MSI Enable', () => {
    const gpu = new Gen8Gpu('host/gpu0');
    programGpuMsi(gpu.config, 3, 0x45);
    const cap = readMsiCap(gpu.config);
    expect(cap).toEqual({ control: 1n, address: 0xfee03000n, data: 0x45n });
    expect(msiEnabled(cap)).toBe(true);
    expect(gpu.config.get('COMMAND') & 0x6n).toBe(0x6n);
  });
});
