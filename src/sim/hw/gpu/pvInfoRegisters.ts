// The PV INFO page (struct vgt_if) at VGT_PVINFO_PAGE = 0x78000, VGT_PVINFO_SIZE = 0x1000 (facts A.1;
// torvalds/linux drivers/gpu/drm/i915/i915_pvinfo.h). It has no hardware behind it: only a vGPU's virtual
// register file instantiates it (a physical read of 0x78000 is not decoded and returns 0).
// Reset values are what gvt/vgpu.c populate_pvinfo_page writes: magic, version 1.0, the three capability bits,
// display not ready, cursor hot spots UINT_MAX; vgt_id, avail_rs and fence_num are set per vGPU.
import { bits, layout, reg, registerFile, type RegisterDecl } from '../../core/registers';

export const VGT_PVINFO_PAGE = 0x78000;
export const VGT_PVINFO_SIZE = 0x1000;
export const VGT_MAGIC = 0x4776544776544776n; // 'vGTvGTvG'
export const VGT_VERSION_MAJOR = 1;
export const VGT_VERSION_MINOR = 0;

/** vgt_if.vgt_caps (VGT_CAPS_*). */
export const VGT_CAPS = layout(32, {
  HUGE_GTT: bits(4, 4, 'ro', 'VGT_CAPS_HUGE_GTT'),
  HWSP_EMULATION: bits(3, 3, 'ro', 'VGT_CAPS_HWSP_EMULATION'),
  FULL_48BIT_PPGTT: bits(2, 2, 'ro', 'VGT_CAPS_FULL_48BIT_PPGTT'),
}, 'vgt_caps');

/** enum vgt_g2v_type */
export const VGT_G2V = {
  PPGTT_L3_PAGE_TABLE_CREATE: 2,
  PPGTT_L3_PAGE_TABLE_DESTROY: 3,
  PPGTT_L4_PAGE_TABLE_CREATE: 4,
  PPGTT_L4_PAGE_TABLE_DESTROY: 5,
  EXECLIST_CONTEXT_CREATE: 6,
  EXECLIST_CONTEXT_DESTROY: 7,
  MAX: 8,
} as const;

const G2V_NAMES: Record<number, string> = Object.fromEntries(Object.entries(VGT_G2V).map(([k, v]) => [v, `VGT_G2V_${k}`]));

export const VGT_DRV_DISPLAY = { NOT_READY: 0, READY: 1 } as const;

const P = VGT_PVINFO_PAGE;
const u32 = (meaning: string, access: 'ro' | 'rw' = 'ro') => ({ value: bits(31, 0, access, meaning) });

const REGS = [
  reg('magic', P + 0x000, 64, { value: bits(63, 0, 'ro', 'VGT_MAGIC 0x4776544776544776 ("vGTvGTvG") when a GVT-g vGPU is behind the BAR') }, {
    reset: VGT_MAGIC, meaning: 'vgt_if.magic (u64)',
  }),
  reg('version_major', P + 0x008, 16, { value: bits(15, 0, 'ro', 'interface major version; the guest needs >= VGT_VERSION_MAJOR (1)') }, {
    reset: VGT_VERSION_MAJOR, meaning: 'vgt_if.version_major (u16)',
  }),
  reg('version_minor', P + 0x00a, 16, { value: bits(15, 0, 'ro', 'interface minor version') }, { reset: VGT_VERSION_MINOR, meaning: 'vgt_if.version_minor (u16)' }),
  reg('vgt_id', P + 0x00c, 32, u32('ID of the vGPU instance'), { meaning: 'vgt_if.vgt_id' }),
  reg('vgt_caps', P + 0x010, 32, VGT_CAPS, {
    reset: VGT_CAPS.FULL_48BIT_PPGTT.of(1) | VGT_CAPS.HWSP_EMULATION.of(1) | VGT_CAPS.HUGE_GTT.of(1), meaning: 'vgt_if.vgt_caps',
  }),
  reg('mappable_gmadr_base', P + 0x040, 32, u32('first byte of the aperture (mappable GM) slice of this VM'), { meaning: 'avail_rs.mappable_gmadr.base (aperture ballooning)' }),
  reg('mappable_gmadr_size', P + 0x044, 32, u32('size of the aperture slice'), { meaning: 'avail_rs.mappable_gmadr.size' }),
  reg('nonmappable_gmadr_base', P + 0x048, 32, u32('first byte of the hidden (non-mappable) GM slice'), { meaning: 'avail_rs.nonmappable_gmadr.base' }),
  reg('nonmappable_gmadr_size', P + 0x04c, 32, u32('size of the hidden GM slice'), { meaning: 'avail_rs.nonmappable_gmadr.size' }),
  reg('fence_num', P + 0x050, 32, u32('fence registers allowed for this VM (the guest uses this as its fence count)'), { meaning: 'avail_rs.fence_num' }),
  reg('display_ready', P + 0x804, 32, {
    value: bits(31, 0, 'rw', 'ready for display owner switch', { 0: 'VGT_DRV_DISPLAY_NOT_READY', 1: 'VGT_DRV_DISPLAY_READY' }),
  }, { meaning: 'vgt_if.display_ready (guest → host)' }),
  reg('g2v_notify', P + 0x818, 32, { value: bits(31, 0, 'rw', 'guest → vGPU notification (enum vgt_g2v_type)', G2V_NAMES) }, { meaning: 'vgt_if.g2v_notify' }),
  reg('cursor_x_hot', P + 0x830, 32, u32('cursor hot spot x', 'rw'), { reset: 0xffffffff, meaning: 'vgt_if.cursor_x_hot' }),
  reg('cursor_y_hot', P + 0x834, 32, u32('cursor hot spot y', 'rw'), { reset: 0xffffffff, meaning: 'vgt_if.cursor_y_hot' }),
  ...[0, 1, 2, 3].flatMap((i) => [
    reg(`pdp${i}_lo`, P + 0x838 + 8 * i, 32, u32(`PPGTT root pointer ${i}, low dword (goes with a g2v notification)`, 'rw'), { meaning: `vgt_if.pdp[${i}].lo` }),
    reg(`pdp${i}_hi`, P + 0x83c + 8 * i, 32, u32(`PPGTT root pointer ${i}, high dword`, 'rw'), { meaning: `vgt_if.pdp[${i}].hi` }),
  ]),
  reg('execlist_context_descriptor_lo', P + 0x858, 32, u32('context descriptor low dword (EXECLIST_CONTEXT_CREATE/DESTROY)', 'rw'), { meaning: 'vgt_if.execlist_context_descriptor_lo' }),
  reg('execlist_context_descriptor_hi', P + 0x85c, 32, u32('context descriptor high dword', 'rw'), { meaning: 'vgt_if.execlist_context_descriptor_hi' }),
];

export const PVINFO_REGS = registerFile('PV INFO page (struct vgt_if)', REGS);

/** The PV INFO registers by name (their offsets are what a driver reads and writes). */
export const PVINFO: Readonly<Record<string, RegisterDecl>> = Object.fromEntries(REGS.map((r) => [r.name, r]));

/** Offset of a PV INFO register, by name. */
export function pvInfoOffset(name: PvInfoRegister): number {
  return PVINFO[name]!.offset;
}

export type PvInfoRegister =
  | 'magic' | 'version_major' | 'version_minor' | 'vgt_id' | 'vgt_caps'
  | 'mappable_gmadr_base' | 'mappable_gmadr_size' | 'nonmappable_gmadr_base' | 'nonmappable_gmadr_size' | 'fence_num'
  | 'display_ready' | 'g2v_notify' | 'cursor_x_hot' | 'cursor_y_hot'
  | `pdp${0 | 1 | 2 | 3}_${'lo' | 'hi'}` | 'execlist_context_descriptor_lo' | 'execlist_context_descriptor_hi';

/** True when an MMIO offset falls inside the PV INFO page. */
export function inPvInfoPage(offset: number): boolean {
  return offset >= VGT_PVINFO_PAGE && offset < VGT_PVINFO_PAGE + VGT_PVINFO_SIZE;
}
