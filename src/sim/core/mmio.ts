// Memory-mapped (and port) access to the machine's devices, as a CPU makes it: an address map from ranges to
// regions, and a region that answers reads and writes at an offset, with the accessing CPU (banked registers: a
// LAPIC, a GIC CPU interface, GICD_ISENABLER0 answer per CPU). `virq qtest` drives the machine through these maps,
// one for the host view and one per VM for the guest view.
//
// A region backed by a register file reads and writes registers by their declared offsets: an access narrower than
// its register reads or merges those bytes (little-endian); an access across registers is split per register; bytes
// no register covers read as zero and ignore writes (RAZ/WI). The shifts below place bytes of an access in their
// register (byte lanes), not fields. Software writes go through the file's access kinds
// and write hooks, so side effects happen as they would for the guest or driver.
import { activeFields, type RegisterFile } from './registers';

export type AccessSize = 1 | 2 | 4 | 8;

export interface MmioRegion {
  /** What the inspector calls the device: "ioapic", "lapic", "gicd". */
  readonly name: string;
  /** Bytes the region decodes. */
  readonly size: number;
  read(offset: number, size: AccessSize, cpu: number): bigint;
  write(offset: number, size: AccessSize, value: bigint, cpu: number): void;
}

export interface Mapping {
  base: bigint;
  region: MmioRegion;
}

/** An address space: non-overlapping regions at base addresses. */
export class AddressMap {
  private readonly maps: Mapping[] = [];

  constructor(readonly name: string) {}

  map(base: bigint, region: MmioRegion): this {
    const end = base + BigInt(region.size);
    for (const m of this.maps) {
      const mEnd = m.base + BigInt(m.region.size);
      if (base < mEnd && m.base < end) throw new Error(`${this.name}: ${region.name} at 0x${base.toString(16)} overlaps ${m.region.name} at 0x${m.base.toString(16)}`);
    }
    this.maps.push({ base, region });
    this.maps.sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
    return this;
  }

  /** The region holding the whole access, and the offset in it; null when nothing (or not all of it) is mapped. */
  find(addr: bigint, size: number): { region: MmioRegion; offset: number } | null {
    for (const m of this.maps) {
      if (addr >= m.base && addr + BigInt(size) <= m.base + BigInt(m.region.size)) return { region: m.region, offset: Number(addr - m.base) };
    }
    return null;
  }

  list(): readonly Mapping[] {
    return this.maps;
  }
}

/** Reads and writes of one register file by its declared offsets (see the header for the byte rules). */
export function registerFileRegion(name: string, file: RegisterFile, size: number): MmioRegion {
  const decls = file.decl.registers;
  const covering = (byte: number) => decls.findIndex((r) => byte >= r.offset && byte < r.offset + r.width / 8);
  return {
    name,
    size,
    read(offset, n) {
      let out = 0n;
      for (let b = 0; b < n; b++) {
        const i = covering(offset + b);
        if (i < 0) continue;
        const byte = (file.read(i) >> BigInt(8 * (offset + b - decls[i]!.offset))) & 0xffn;
        out |= byte << BigInt(8 * b);
      }
      return out;
    },
    write(offset, n, value) {
      // One software write per register touched, with the bytes outside the access kept.
      let b = 0;
      while (b < n) {
        const i = covering(offset + b);
        if (i < 0) { b++; continue; }
        const r = decls[i]!;
        // The bytes outside the access keep their value, but write-1-to-clear fields are written 0 there.
        let merged = file.raw(i);
        for (const f of activeFields(r, merged)) if (f.access === 'w1c') merged = f.set(merged, 0);
        while (b < n && offset + b < r.offset + r.width / 8) {
          const shift = BigInt(8 * (offset + b - r.offset));
          merged = (merged & ~(0xffn << shift)) | (((value >> BigInt(8 * b)) & 0xffn) << shift);
          b++;
        }
        file.write(i, merged);
      }
    },
  };
}
