// The MSI-X table and pending-bit array (PCI Local Bus 3.0 §6.8.2), in BAR 0 at the offsets the capability names:
// 16 bytes per vector (the message address and data, declared once in msiMessage.ts, and the vector control word
// with its mask bit) and one pending bit per vector, 64 to a PBA register.
import { bits, layout, reg, registerFile, type RegisterDecl, type RegisterFileDecl } from '../../core/registers';
import { MSI_ADDRESS, MSI_DATA } from './msiMessage';

export const MSIX_PBA_OFFSET = 0x1000;

export const VECTOR_CTRL = layout(32, {
  mask: bits(0, 0, 'rw', 'vector masked: the message is held, its pending bit set'),
}, 'vector control');

export function msixTableDecl(n: number): RegisterFileDecl {
  const regs: RegisterDecl[] = [];
  for (let i = 0; i < n; i++) {
    regs.push(
      reg(`ADDR_LO${i}`, 16 * i, 32, MSI_ADDRESS, { meaning: `vector ${i}: message address (low)` }),
      reg(`ADDR_HI${i}`, 16 * i + 4, 32, { addr: bits(31, 0, 'rw', 'upper 32 bits') }, { meaning: `vector ${i}: message address (high)` }),
      reg(`DATA${i}`, 16 * i + 8, 32, MSI_DATA, { meaning: `vector ${i}: message data` }),
      reg(`CTRL${i}`, 16 * i + 12, 32, VECTOR_CTRL, { reset: VECTOR_CTRL.mask.of(1), meaning: `vector ${i}: vector control` }),
    );
  }
  return registerFile('MSI-X table', regs);
}

export function msixPbaDecl(n: number): RegisterFileDecl {
  return registerFile('MSI-X pending-bit array', Array.from({ length: Math.ceil(n / 64) }, (_, w) =>
    reg(`PBA${w}`, 8 * w, 64, { pending: bits(63, 0, 'ro', `pending bits of vectors ${64 * w}..${64 * w + 63}`) }, { meaning: `pending bits ${64 * w}..` })));
}

/** The PBA register holding vector i's pending bit, and that bit: 64 vectors to a register. */
export function pbaWord(i: number): number {
  return Math.floor(i / 64);
}

export function pbaBit(i: number): number {
  return i % 64;
}
