// Guest i915 PV INFO detection (facts A.2), on a vGPU through the mediator's guest path.
import { describe, expect, it } from 'vitest';
import { Gen8Gpu } from '../../../src/sim/hw/gpu/gen8Gpu';
import { Mediator } from '../../../src/sim/gvt/mediator';
import type { PvInfoMode } from '../../../src/sim/gvt/vgpu';
import { balloon, detectVgpu, probeI915Guest, type MmioReads } from '../../../src/sim/guest/i915Guest';

function guest(pvInfo: PvInfoMode, extra: Record<string, number> = {}) {
  const m = new Mediator(new Gen8Gpu('host/gpu0'));
  const vm = m.addVgpu({ id: 2, owner: 'vm2', pvInfo, fenceNum: 8, ...extra });
  const mmio: MmioReads = { read: (o) => m.read(vm, o).value };
  return { m, vm, mmio };
}

describe('PV INFO detection by the guest i915', () => {
  it('present: magic and version 1 → GVT-g detected, caps read, fence count from fence_num, ballooned', () => {
    const { m, mmio } = guest('present');
    const p = probeI915Guest(mmio);
    expect(p.detect).toMatchObject({ outcome: 'gvt', active: true, caps: 0x1c, reads: 3 });
    expect(p.log[0]).toBe('Virtual GPU for Intel GVT-g detected.');
    expect(p.fences).toBe(8);
    expect(p.balloon).toMatchObject({ ok: true });
    // slice 2 of the aperture: [128 MiB, 192 MiB); hidden [0x4800_0000, 0x6400_0000) in a 4 GiB GGTT
    expect(p.balloon!.ok && p.balloon!.reserved).toEqual([
      { node: 2, start: 0x1000_0000, end: 0x4800_0000 },
      { node: 3, start: 0x6400_0000, end: 2 ** 32 },
      { node: 0, start: 0, end: 0x0800_0000 },
      { node: 1, start: 0x0c00_0000, end: 0x1000_0000 },
    ]);
    expect(m.stats.guestTraps).toBeGreaterThan(3); // every read was a trapped access
  });

  it('absent: magic reads 0 → native driver, platform fence count, no ballooning', () => {
    const p = probeI915Guest(guest('absent').mmio);
    expect(p.detect).toMatchObject({ outcome: 'native', active: false, reads: 1 });
    expect(p.fences).toBe(32);
    expect(p.balloon).toBeNull();
  });

  it('wrong-version: version_major 0 → "VGT interface version mismatch!", native behaviour', () => {
    const p = probeI915Guest(guest('wrong-version').mmio);
    expect(p.detect).toMatchObject({ outcome: 'version-mismatch', active: false, reads: 2 });
    expect(p.log[0]).toBe('VGT interface version mismatch!');
    expect(p.fences).toBe(32);
  });

  it('the physical GPU has no PV INFO page: a host read at 0x78000 is not decoded', () => {
    const gpu = new Gen8Gpu('host/gpu0');
    expect(gpu.regs.decl.registers.find((r) => r.offset === 0x78000)).toBeUndefined();
    expect(detectVgpu({ read: () => 0n }).outcome).toBe('native');
  });

  it('a bad ballooning configuration fails with -EINVAL', () => {
    const over = guest('present', { mappableBase: 0x0f00_0000, mappableSize: 0x0200_0000 }); // ends past the 256 MiB aperture
    expect(balloon(over.mmio, { mappableEnd: 256 << 20, total: 2 ** 32 })).toMatchObject({ ok: false, errno: -22 });
    const low = guest('present', { nonmappableBase: 0x0800_0000 }); // hidden slice inside the aperture
    expect(balloon(low.mmio, { mappableEnd: 256 << 20, total: 2 ** 32 })).toMatchObject({ ok: false, errno: -22 });
    const high = guest('present', { nonmappableBase: 0xf000_0000, nonmappableSize: 0x2000_0000 }); // past the GGTT end
    expect(balloon(high.mmio, { mappableEnd: 256 << 20, total: 2 ** 32 })).toMatchObject({ ok: false, errno: -22 });
  });
});
