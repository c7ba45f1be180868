// The MSI-X table and pending-bit array of a function (PCI Local Bus 3.0 §6.8.2), in BAR 0 at the offsets the
// capability names: 16 bytes per vector (message address, data, vector control with its mask bit) and one pending
// bit per vector. A masked vector (or a masked function) latches its pending bit instead of sending; unmasking a
// vector whose pending bit is set sends the message then.
import { bits, reg, registerFile, RegisterFile, type RegisterDecl } from '../../core/registers';
import type { MsiMessage } from './configSpace';

export const MSIX_PBA_OFFSET = 0x1000;

function tableDecl(n: number) {
  const regs: RegisterDecl[] = [];
  for (let i = 0; i < n; i++) {
    regs.push(
      reg(`ADDR_LO${i}`, 16 * i, 32, {
        base: bits(31, 20, 'rw', 'must be 0xFEE (the interrupt address range)'),
        destId: bits(19, 12, 'rw', 'destination APIC ID'),
      }, { meaning: `vector ${i}: message address (low)` }),
      reg(`ADDR_HI${i}`, 16 * i + 4, 32, { addr: bits(31, 0, 'rw', 'upper 32 bits') }, { meaning: `vector ${i}: message address (high)` }),
      reg(`DATA${i}`, 16 * i + 8, 32, {
        trigger: bits(15, 15, 'rw', 'trigger mode', { 0: 'edge', 1: 'level' }),
        vector: bits(7, 0, 'rw', 'interrupt vector'),
      }, { meaning: `vector ${i}: message data` }),
      reg(`CTRL${i}`, 16 * i + 12, 32, { mask: bits(0, 0, 'rw', 'vector masked: the message is held, its pending bit set') }, { reset: 1, meaning: `vector ${i}: vector control` }),
    );
  }
  return registerFile('MSI-X table', regs);
}

function pbaDecl(n: number) {
  return registerFile('MSI-X pending-bit array', Array.from({ length: Math.ceil(n / 64) }, (_, w) =>
    reg(`PBA${w}`, 8 * w, 64, { pending: bits(63, 0, 'ro', `pending bits of vectors ${64 * w}..${64 * w + 63}`) }, { meaning: `pending bits ${64 * w}..` })));
}

export type MsixSend = { msg: MsiMessage } | { pending: true } | { blocked: string };

export class MsixTable {
  readonly table: RegisterFile;
  readonly pba: RegisterFile;
  /** Called when unmasking releases a pending vector (the function sends its message then). */
  onRelease: ((vector: number) => void) | null = null;
  private functionMasked = () => false;

  constructor(readonly size: number, device: string, owner: string, idPrefix: string, virtual: boolean) {
    this.table = new RegisterFile(tableDecl(size), `${idPrefix}/${device}/msix-table`, owner, device, virtual);
    this.pba = new RegisterFile(pbaDecl(size), `${idPrefix}/${device}/msix-pba`, owner, device, virtual);
    for (let i = 0; i < size; i++) this.table.onWrite(`CTRL${i}`, () => this.releaseIfUnmasked(i));
  }

  /** The capability's function mask, read live. */
  bindFunctionMask(masked: () => boolean): void {
    this.functionMasked = masked;
  }

  /** What a driver does for one vector: program address and data, then unmask (software writes). */
  program(i: number, destId: number, vector: number): void {
    const t = this.table;
    t.write(t.index(`ADDR_LO${i}`), (0xfeen << 20n) | (BigInt(destId & 0xff) << 12n));
    t.write(t.index(`ADDR_HI${i}`), 0n);
    t.write(t.index(`DATA${i}`), BigInt(vector & 0xff));
    t.write(t.index(`CTRL${i}`), 0n);
  }

  masked(i: number): boolean {
    return this.functionMasked() || this.table.getField(this.table.index(`CTRL${i}`), 'mask') === 1n;
  }

  message(i: number): MsiMessage | { blocked: string } {
    const t = this.table;
    if (t.getField(t.index(`ADDR_LO${i}`), 'base') !== 0xfeen) return { blocked: `vector ${i}: address outside 0xFEExxxxx` };
    return { destId: Number(t.getField(t.index(`ADDR_LO${i}`), 'destId')), vector: Number(t.getField(t.index(`DATA${i}`), 'vector')), level: false };
  }

  /** The function wants to signal vector i: the message, or its pending bit latched because it is masked. */
  send(i: number): MsixSend {
    if (this.masked(i)) {
      this.setPending(i, true);
      return { pending: true };
    }
    const m = this.message(i);
    return 'blocked' in m ? m : { msg: m };
  }

  pending(i: number): boolean {
    return this.pba.testBit(i >> 6, i & 63);
  }

  /** Re-check every vector (after the function mask cleared). */
  releaseAll(): void {
    for (let i = 0; i < this.size; i++) this.releaseIfUnmasked(i);
  }

  private setPending(i: number, on: boolean): void {
    this.pba.setBit(i >> 6, i & 63, on);
  }

  private releaseIfUnmasked(i: number): void {
    if (this.masked(i) || !this.pending(i)) return;
    this.setPending(i, false);
    this.onRelease?.(i);
  }
}
