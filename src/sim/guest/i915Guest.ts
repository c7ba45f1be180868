// The guest i915 driver's GVT-g awareness (facts A.2; torvalds/linux drivers/gpu/drm/i915/i915_vgpu.c,
// i915_check_vgpu / intel_vgpu_detect, intel_vgt_balloon; fence count from i915_gem_load_init_fences /
// intel_ggtt_init_fences):
// 1. raw 64-bit read of vgt_if.magic; not VGT_MAGIC → native, stop;
// 2. raw 16-bit read of version_major; < VGT_VERSION_MAJOR → "VGT interface version mismatch!", stop (native);
// 3. read vgt_caps, vgpu.active = true, "Virtual GPU for Intel GVT-g detected.";
// then, when active: the fence count is avail_rs.fence_num instead of the platform's (32 on gen7+ but VLV/CHV),
// and ballooning reserves every GGTT range outside the VM's slices (up to 4 nodes), failing with -EINVAL on a bad
// configuration (mappable_end > aperture end, unmappable_base < aperture end, unmappable_end > GGTT end).
// The driver reaches the registers through `GuestMmio` (the caller routes it through the trap: one exit per read).
import { GGTT_LAYOUT } from '../hw/gpu/gen8Registers';
import { pvInfoOffset, VGT_CAPS, VGT_MAGIC, VGT_VERSION_MAJOR } from '../hw/gpu/pvInfoRegisters';

/** The GPU's BAR as the driver sees it: register accesses at offsets. */
export interface GuestMmio {
  /** A raw MMIO read of `bytes` at a BAR offset: the value, at once. */
  read(offset: number, bytes: 2 | 4 | 8): bigint;
  /** A 32-bit MMIO write, posted: the driver goes on; the writes are made in program order after its reads. */
  write(offset: number, value: bigint): void;
}

/** What the probe needs of the BAR: reads. */
export type MmioReads = Pick<GuestMmio, 'read'>;

export type PvInfoDetection = 'gvt' | 'native' | 'version-mismatch';

export interface VgpuDetect {
  outcome: PvInfoDetection;
  active: boolean;
  caps: number;
  log: string[];
  /** MMIO reads the detection made (each a trap for a guest). */
  reads: number;
}

/** The vgt_if fields the driver reads (i915_pvinfo.h vgtif_reg), at the offsets the PV INFO declaration gives. */
const OFF = {
  magic: pvInfoOffset('magic'),
  versionMajor: pvInfoOffset('version_major'),
  caps: pvInfoOffset('vgt_caps'),
  mappableBase: pvInfoOffset('mappable_gmadr_base'),
  mappableSize: pvInfoOffset('mappable_gmadr_size'),
  unmappableBase: pvInfoOffset('nonmappable_gmadr_base'),
  unmappableSize: pvInfoOffset('nonmappable_gmadr_size'),
  fenceNum: pvInfoOffset('fence_num'),
};

export function detectVgpu(mmio: MmioReads): VgpuDetect {
  const log: string[] = [];
  let reads = 1;
  const magic = mmio.read(OFF.magic, 8);
  if (magic !== VGT_MAGIC) {
    log.push(`vgt_if.magic = 0x${magic.toString(16)}: not a vGPU, native driver`);
    return { outcome: 'native', active: false, caps: 0, log, reads };
  }
  reads++;
  const major = Number(mmio.read(OFF.versionMajor, 2));
  if (major < VGT_VERSION_MAJOR) {
    log.push('VGT interface version mismatch!');
    return { outcome: 'version-mismatch', active: false, caps: 0, log, reads };
  }
  reads++;
  const caps = Number(mmio.read(OFF.caps, 4));
  log.push('Virtual GPU for Intel GVT-g detected.');
  return { outcome: 'gvt', active: true, caps, log, reads };
}

export function hasFull48bitPpgtt(caps: number): boolean {
  return VGT_CAPS.FULL_48BIT_PPGTT.on(BigInt(caps));
}

export interface GgttLayout {
  /** End of the CPU-mappable aperture (ggtt->mappable_end), bytes. */
  mappableEnd: number;
  /** Total GGTT size (ggtt->base.total), bytes. */
  total: number;
}

export interface BalloonRange {
  start: number;
  end: number;
  /** bl_info.space index: 0/1 below/above the mappable slice, 2/3 below/above the unmappable slice. */
  node: 0 | 1 | 2 | 3;
}

export type BalloonResult =
  | { ok: true; reserved: BalloonRange[]; log: string[] }
  | { ok: false; errno: -22; log: string[] };

export function balloon(mmio: MmioReads, ggtt: GgttLayout): BalloonResult {
  const rd = (o: number) => Number(mmio.read(o, 4));
  const mappableBase = rd(OFF.mappableBase);
  const mappableSize = rd(OFF.mappableSize);
  const unmappableBase = rd(OFF.unmappableBase);
  const unmappableSize = rd(OFF.unmappableSize);
  const mappableEnd = mappableBase + mappableSize;
  const unmappableEnd = unmappableBase + unmappableSize;
  const log = [
    'VGT ballooning configuration:',
    `Mappable graphic memory: base 0x${mappableBase.toString(16)} size ${mappableSize / 1024}KiB`,
    `Unmappable graphic memory: base 0x${unmappableBase.toString(16)} size ${unmappableSize / 1024}KiB`,
  ];
  if (mappableEnd > ggtt.mappableEnd || unmappableBase < ggtt.mappableEnd || unmappableEnd > ggtt.total) {
    log.push('Invalid ballooning configuration!');
    return { ok: false, errno: -22, log };
  }
  const reserved: BalloonRange[] = [];
  if (unmappableBase > ggtt.mappableEnd) reserved.push({ node: 2, start: ggtt.mappableEnd, end: unmappableBase });
  if (unmappableEnd < ggtt.total) reserved.push({ node: 3, start: unmappableEnd, end: ggtt.total });
  if (mappableBase) reserved.push({ node: 0, start: 0, end: mappableBase });
  if (mappableEnd < ggtt.mappableEnd) reserved.push({ node: 1, start: mappableEnd, end: ggtt.mappableEnd });
  for (const r of reserved) log.push(`balloon space: range [ 0x${r.start.toString(16)} - 0x${r.end.toString(16)} ] ${(r.end - r.start) / 1024} KiB.`);
  log.push('VGT balloon successfully');
  return { ok: true, reserved, log };
}

/** The fence register count: the platform's (32 on gen7+ other than VLV/CHV), or avail_rs.fence_num under GVT-g. */
export function fenceCount(mmio: MmioReads, vgpuActive: boolean, platformFences = 32): number {
  return vgpuActive ? Number(mmio.read(OFF.fenceNum, 4)) : platformFences;
}

export interface GuestProbe {
  detect: VgpuDetect;
  fences: number;
  balloon: BalloonResult | null;
  log: string[];
}

/** Driver load as far as GVT-g matters: detection, fences, ballooning (only when the vGPU is active). */
export function probeI915Guest(mmio: MmioReads, ggtt: GgttLayout = GGTT_LAYOUT, platformFences = 32): GuestProbe {
  const detect = detectVgpu(mmio);
  const fences = fenceCount(mmio, detect.active, platformFences);
  const bl = detect.active ? balloon(mmio, ggtt) : null;
  const log = [...detect.log, `fence registers: ${fences}${detect.active ? ' (vgt_if.avail_rs.fence_num)' : ' (platform)'}`, ...(bl?.log ?? [])];
  return { detect, fences, balloon: bl, log };
}
