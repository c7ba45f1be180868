// What the i915 driver (a guest's, or the host's under GVT) decided at probe time, as a register file so the
// inspector and `virq regs` show it next to the vGPU's registers. This is driver software state (struct
// i915_virtual_gpu, ggtt->num_fences, the balloon nodes of i915_vgpu.c), not hardware: the file says so.
import { bits, layout, reg, registerFile, type RegisterFile } from '../core/registers';
import type { GuestProbe } from './i915Guest';

export const DETECT_OUTCOME = { 0: 'not probed', 1: 'gvt (PV features in use)', 2: 'native (no vgt_if magic)', 3: 'version mismatch (native fall-back)' } as const;

export const VGPU_STATE = layout(32, {
  caps: bits(15, 8, 'ro', 'vgt_caps read at detection (BIT 2 48-bit PPGTT, 3 HWSP emulation, 4 huge GTT)'),
  active: bits(4, 4, 'ro', 'vgpu.active: PV features (ballooning, fence_num, g2v notifications) in use'),
  outcome: bits(1, 0, 'ro', 'PV INFO detection outcome (i915_check_vgpu / intel_vgpu_detect)', DETECT_OUTCOME),
}, 'VGPU');

export const FENCES_STATE = layout(32, {
  count: bits(5, 0, 'ro', 'fence registers the driver uses: avail_rs.fence_num under GVT-g, else the platform\'s 32'),
}, 'FENCES');

export const BALLOON_STATE = layout(32, {
  nodes: bits(6, 4, 'ro', 'reserved (ballooned) GGTT ranges, up to 4'),
  result: bits(1, 0, 'ro', 'intel_vgt_balloon result', { 0: 'not ballooned (native)', 1: 'ballooned', 2: '-EINVAL (invalid configuration)' }),
}, 'BALLOON');

export const I915_DRIVER_STATE_REGS = registerFile('i915 driver state (software: i915_vgpu.c, not hardware)', [
  reg('VGPU', 0x00, 32, VGPU_STATE, { meaning: 'PV INFO detection' }),
  reg('FENCES', 0x04, 32, FENCES_STATE, { meaning: 'ggtt->num_fences' }),
  reg('BALLOON', 0x08, 32, BALLOON_STATE, { meaning: 'GGTT ballooning' }),
  ...[0, 1, 2, 3].flatMap((n) => [
    reg(`BALLOON${n}_START`, 0x10 + 0x10 * n, 64, { addr: bits(63, 0, 'ro', `bl_info.space[${n}] start (GGTT byte address)`) }, { meaning: `balloon node ${n}: ${['below the mappable slice', 'above the mappable slice', 'below the unmappable slice', 'above the unmappable slice'][n]}` }),
    reg(`BALLOON${n}_END`, 0x18 + 0x10 * n, 64, { addr: bits(63, 0, 'ro', `bl_info.space[${n}] end`) }, { meaning: `balloon node ${n} end` }),
  ]),
]);

/** Records a probe's outcome in the state file (hardware-side sets: the inspector sees the driver's variables). */
export function recordProbe(f: RegisterFile, p: GuestProbe): void {
  const vg = f.index('VGPU');
  f.deposit(vg, VGPU_STATE.outcome, p.detect.outcome === 'gvt' ? 1 : p.detect.outcome === 'native' ? 2 : 3);
  f.deposit(vg, VGPU_STATE.active, p.detect.active);
  f.deposit(vg, VGPU_STATE.caps, p.detect.caps);
  f.deposit(f.index('FENCES'), FENCES_STATE.count, p.fences);
  const bl = f.index('BALLOON');
  if (!p.balloon) f.deposit(bl, BALLOON_STATE.result, 0);
  else if (!p.balloon.ok) f.deposit(bl, BALLOON_STATE.result, 2);
  else {
    f.deposit(bl, BALLOON_STATE.result, 1);
    f.deposit(bl, BALLOON_STATE.nodes, p.balloon.reserved.length);
    for (const r of p.balloon.reserved) {
      f.set(f.index(`BALLOON${r.node}_START`), BigInt(r.start));
      f.set(f.index(`BALLOON${r.node}_END`), BigInt(r.end));
    }
  }
}
