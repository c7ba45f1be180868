// The memory BARs of `virq qtest`'s x86 views: each PCI function of the view's owner that has MMIO register files
// (a GPU's GTTMMADR registers, a vGPU's, with the PV INFO page inside it at 0x78000 as i915's VGT_PVINFO_PAGE) gets
// BAR0 in the PCI MMIO window, 16 MiB each from 0xE0000000 in the order of the register files, and its
// configuration space's BAR0 says so, as firmware would have assigned it. An access goes to the register file whose
// declarations cover it (its write hooks are the model's emulation: GVT-g's for a vGPU); other bytes read as zero.
// Not modelled: BAR sizing (writing all ones to BAR0), BARs other than BAR0, functions with no MMIO register file.
import { registerFileRegion, type MmioRegion } from '../../../core/mmio';
import type { RegisterFile } from '../../../core/registers';

/** Where the view puts the first BAR, and each BAR's size (i915's GTTMMADR is 16 MiB). */
export const PCI_MMIO_WINDOW = 0xe0000000n;
export const BAR_SIZE = 0x1000000;

export interface PciBar {
  device: string;
  base: bigint;
  region: MmioRegion;
}

/** The register files of one function that live in its BAR (all but its configuration space and kernel state). */
const IN_BAR = /\/(mmio|pvinfo)$/;

/** Each function of `owner` with MMIO register files, as a BAR region (and its config BAR0 set to match): the host's
 *  physical functions, or a VM's virtual ones (its vGPU). */
export function pciBars(files: readonly RegisterFile[], owner: string): PciBar[] {
  const virtual = owner !== 'host';
  const byDevice = new Map<string, RegisterFile[]>();
  for (const f of files) {
    if (f.owner !== owner || f.virtual !== virtual || !IN_BAR.test(f.id)) continue;
    byDevice.set(f.device, [...(byDevice.get(f.device) ?? []), f]);
  }
  return [...byDevice].map(([device, parts], i) => {
    const base = PCI_MMIO_WINDOW + BigInt(i * BAR_SIZE);
    const config = files.find((f) => f.owner === owner && f.virtual === virtual && f.device === device && f.id.endsWith('/config'));
    // BAR0 holds the address itself: a 16 MiB-aligned base leaves its flag bits (32-bit memory, not prefetchable) 0.
    if (config) config.set(config.index('BAR0'), base);
    return { device, base, region: barRegion(device, parts) };
  });
}

function barRegion(device: string, parts: RegisterFile[]): MmioRegion {
  // Which file declares each byte (a vGPU's MMIO registers span the PV INFO page's offsets without covering them).
  const owner = new Map<number, MmioRegion>();
  for (const file of parts) {
    const region = registerFileRegion(`${device} BAR0`, file, BAR_SIZE);
    for (const r of file.decl.registers) for (let b = 0; b < r.width / 8; b++) owner.set(r.offset + b, region);
  }
  return {
    name: `${device} BAR0`,
    size: BAR_SIZE,
    read: (offset, n, cpu) => owner.get(offset)?.read(offset, n, cpu) ?? 0n,
    write: (offset, n, value, cpu) => { owner.get(offset)?.write(offset, n, value, cpu); },
  };
}
