// The IOAPIC as the CPU reaches it (82093AA §3.1; KVM: ioapic_mmio_read / ioapic_mmio_write): IOREGSEL at +0x00
// holds an 8-bit index, read back as written; IOWIN at +0x10 is a 32-bit window onto the register at that index. The
// register file declares index i at byte offset i × 4 (RTE n's halves at indexes 0x10 + 2n and 0x11 + 2n), so IOWIN
// reads and writes those 4 bytes of the file, writes going through its access kinds and hooks (Remote IRR and
// delivery status read-only, a level pin unmasked while asserted delivers, KVM's rescans).
// An index no register has reads as the IOAPIC says (Ioapic.invalidIndexReadsOnes: KVM's all ones, else zero) and
// ignores writes. The same region serves a physical IOAPIC and KVM's (KvmIoapic.ioapic).
// Not modelled: the 0x40 EOI register of version 0x20 IOAPICs; an access that is not within IOREGSEL's or IOWIN's 4
// bytes reads 0 and is ignored (the 82093AA wants dword accesses; KVM zero-extends a narrow IOWIN write, the model
// merges its bytes into the register).
import { registerFileRegion, type AccessSize, type MmioRegion } from '../../core/mmio';
import type { Ioapic } from './ioapic';
import { indexOffset, IOAPIC_IOREGSEL, IOAPIC_IOWIN, IOREGSEL } from './ioapicRegisters';

/** Bytes the region decodes (Linux maps 4 KiB; KVM decodes IOAPIC_MEM_LENGTH 0x100; the registers sit in 0x20). */
export const IOAPIC_MMIO_SIZE = 0x40;

/** All ones in an access of each size (what KVM's memcpy of ~0 gives, zero-extended to 64 bits for 8). */
const ALL_ONES: Readonly<Record<AccessSize, bigint>> = { 1: 0xffn, 2: 0xffffn, 4: 0xffffffffn, 8: 0xffffffffn };

export function ioapicRegion(ioapic: Ioapic, name = 'ioapic'): MmioRegion {
  const file = ioapic.regs;
  const regs = registerFileRegion(name, file, indexOffset(0x100));
  const decls = file.decl.registers;
  const implemented = (index: number) => decls.some((r) => indexOffset(index) >= r.offset && indexOffset(index) < r.offset + r.width / 8);
  const within = (offset: number, size: number, base: number) => offset >= base && offset + size <= base + 4;
  return {
    name,
    size: IOAPIC_MMIO_SIZE,
    read(offset, size) {
      if (within(offset, size, IOAPIC_IOREGSEL)) return offset === IOAPIC_IOREGSEL ? BigInt(ioapic.ioregsel) : 0n;
      if (!within(offset, size, IOAPIC_IOWIN)) return 0n;
      if (!implemented(ioapic.ioregsel)) return ioapic.invalidIndexReadsOnes ? ALL_ONES[size] : 0n;
      return regs.read(indexOffset(ioapic.ioregsel) + offset - IOAPIC_IOWIN, size, 0);
    },
    write(offset, size, value) {
      if (offset === IOAPIC_IOREGSEL && within(offset, size, IOAPIC_IOREGSEL)) {
        ioapic.ioregsel = IOREGSEL.index.num(value);
        return;
      }
      if (!within(offset, size, IOAPIC_IOWIN) || !implemented(ioapic.ioregsel)) return;
      regs.write(indexOffset(ioapic.ioregsel) + offset - IOAPIC_IOWIN, size, value, 0);
    },
  };
}
