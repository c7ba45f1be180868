// The i915 driver's load and its render requests against a fake BAR: what it reads, what it writes, what it decides.
import { describe, expect, it } from 'vitest';
import { RegisterFile } from '../../../src/sim/core/registers';
import { I915Driver, type I915DriverOptions } from '../../../src/sim/guest/i915Driver';
import type { GuestMmio } from '../../../src/sim/guest/i915Guest';
import { I915_DRIVER_STATE_REGS } from '../../../src/sim/guest/i915State';
import { GPU_MMIO_REGS } from '../../../src/sim/hw/gpu/gen8Registers';
import { PVINFO_REGS, VGT_G2V } from '../../../src/sim/hw/gpu/pvInfoRegisters';

const off = (name: string) => (GPU_MMIO_REGS.registers.find((r) => r.name === name) ?? PVINFO_REGS.registers.find((r) => r.name === name))!.offset;
const nameAt = (o: number) => (GPU_MMIO_REGS.registers.find((r) => r.offset === o) ?? PVINFO_REGS.registers.find((r) => r.offset === o))?.name ?? `0x${o.toString(16)}`;

/** A BAR whose PV INFO page holds GVT's values (or reads 0 when absent); it records the driver's accesses. */
function fakeBar(page: 'present' | 'absent' | 'wrong-version', fenceNum = 8) {
  const values = new Map<number, bigint>();
  if (page !== 'absent') {
    for (const r of PVINFO_REGS.registers) values.set(r.offset, r.reset);
    values.set(off('fence_num'), BigInt(fenceNum));
    values.set(off('mappable_gmadr_base'), 0x0400_0000n);
    values.set(off('mappable_gmadr_size'), 0x0400_0000n);
    values.set(off('nonmappable_gmadr_base'), 0x1000_0000n);
    values.set(off('nonmappable_gmadr_size'), 0x1000_0000n);
    if (page === 'wrong-version') values.set(off('version_major'), 0n);
  }
  const reads: string[] = [];
  const writes: [string, bigint][] = [];
  const mmio: GuestMmio = {
    read: (o) => { reads.push(nameAt(o)); return values.get(o) ?? 0n; },
    write: (o, v) => { writes.push([nameAt(o), v]); },
  };
  const msi: [number, number][] = [];
  return { mmio, reads, writes, msi, pci: { enableMsi: (d: number, v: number) => { msi.push([d, v]); } } };
}

function driver(o: Partial<I915DriverOptions> = {}) {
  const state = new RegisterFile(I915_DRIVER_STATE_REGS, 'vm0/i915/state', 'vm0', 'i915', true);
  return new I915Driver({ vgpuId: 1, msi: { destId: 0, vector: 0x52 }, pvFeatures: true, display: true, engine: 'RCS', mask: [], shared: [], ...o }, state);
}

const ON = 0x8000_0000n;

describe('guest i915 driver load', () => {
  it('PV INFO present: enables its MSI, detects GVT-g, takes fence_num, balloons, then notifies GVT and enables its interrupts and pipe', () => {
    const bar = fakeBar('present');
    const d = driver();
    const p = d.load(bar.mmio, bar.pci);
    expect(bar.msi).toEqual([[0, 0x52]]);
    expect(p.detect).toMatchObject({ outcome: 'gvt', active: true });
    expect(bar.reads.slice(0, 3)).toEqual(['magic', 'version_major', 'vgt_caps']);
    expect([d.pvInfo, d.fences]).toEqual(['gvt', 8]);
    expect(d.state.get('BALLOON') & 0x3n).toBe(1n); // ballooned
    expect(bar.writes).toEqual([
      // execlist context create (context of vGPU 1 at GGTT page 2, valid), then display ready
      ['execlist_context_descriptor_lo', 0x2001n], ['execlist_context_descriptor_hi', 0n],
      ['g2v_notify', BigInt(VGT_G2V.EXECLIST_CONTEXT_CREATE)], ['display_ready', 1n],
      // render user interrupt (bit 0) and context switch (bit 8); pipe A vblank (bit 0) and primary flip done (bit 3)
      ['GT0_IMR', 0xffff_fefen], ['GT0_IER', 0x101n],
      ['DE_PIPE_A_IMR', 0xffff_fff6n], ['DE_PIPE_A_IER', 0x9n],
      ['GEN8_MASTER_IRQ', ON], ['PIPECONF_A', ON],
    ]);
  });

  it('PV INFO absent: magic reads 0, the driver stays native (platform fences, no PV writes) and still enables its interrupts', () => {
    const bar = fakeBar('absent');
    const d = driver();
    const p = d.load(bar.mmio, bar.pci);
    expect(p.detect).toMatchObject({ outcome: 'native', active: false });
    expect(bar.reads).toEqual(['magic']);
    expect([d.pvInfo, d.fences]).toEqual(['native', 32]);
    expect(bar.writes.map(([n]) => n)).toEqual(['GT0_IMR', 'GT0_IER', 'DE_PIPE_A_IMR', 'DE_PIPE_A_IER', 'GEN8_MASTER_IRQ', 'PIPECONF_A']);
  });

  it('wrong version: "VGT interface version mismatch!", native fall-back, no PV writes', () => {
    const bar = fakeBar('wrong-version');
    const d = driver();
    const p = d.load(bar.mmio, bar.pci);
    expect(p.log[0]).toBe('VGT interface version mismatch!');
    expect(bar.reads).toEqual(['magic', 'version_major']);
    expect([d.pvInfo, d.fences]).toEqual(['version-mismatch', 32]);
    expect(bar.writes.some(([n]) => n === 'g2v_notify' || n === 'display_ready')).toBe(false);
  });

  it('an event it keeps masked stays set in IMR but enabled in IER; shared events are enabled too', () => {
    const bar = fakeBar('present');
    driver({ mask: ['RCS_MI_USER_INTERRUPT'], shared: ['DP_B_HOTPLUG'], display: false }).load(bar.mmio, bar.pci);
    const w = Object.fromEntries(bar.writes);
    expect([w.GT0_IMR, w.GT0_IER]).toEqual([0xffff_feffn, 0x101n]);
    expect([w.SDEIMR, w.SDEIER]).toEqual([0xffdf_ffffn, 0x20_0000n]); // DP_B_HOTPLUG: PCH bit 21
    expect(w.PIPECONF_A).toBeUndefined();
  });

  it('the host\'s own view: no virtual MSI, no PV features, no display', () => {
    const bar = fakeBar('present');
    const d = driver({ msi: null, pvFeatures: false, display: false });
    d.load(bar.mmio, bar.pci);
    expect(d.pvInfo).toBe('gvt'); // it reads the page, but does not use it
    expect(bar.msi).toEqual([]);
    expect(bar.writes.map(([n]) => n)).toEqual(['GT0_IMR', 'GT0_IER', 'GEN8_MASTER_IRQ']);
  });
});

describe('guest i915 render requests', () => {
  it('each request writes one valid context descriptor into its engine\'s execlist port: element 1 empty, upper dwords first', () => {
    const bar = fakeBar('present');
    const d = driver({ engine: 'BCS' });
    d.submit(bar.mmio);
    d.submit(bar.mmio);
    expect(d.requests).toBe(2);
    const lrca = (seq: number) => BigInt(2 * 0x1000 + seq) << 12n | 1n;
    expect(bar.writes).toEqual([
      ['BCS_ELSP', 0n], ['BCS_ELSP', 0n], ['BCS_ELSP', 0n], ['BCS_ELSP', lrca(1)],
      ['BCS_ELSP', 0n], ['BCS_ELSP', 0n], ['BCS_ELSP', 0n], ['BCS_ELSP', lrca(2)],
    ]);
  });
});
