import { describe, expect, it } from 'vitest';
import { bits, reg, RegisterFile, registerFile } from '../../../src/sim/core/registers';

const decl = registerFile('test device', [
  reg('CTRL', 0x0, 32, {
    status: bits(31, 24, 'ro', 'live status'),
    pending: bits(15, 8, 'w1c', 'latched events, write 1 to clear'),
    doorbell: bits(7, 4, 'wo', 'write-only trigger'),
    enable: bits(0, 0, 'rw', 'enable'),
  }, { reset: 0x0100_0000 }),
  reg('WIDE', 0x8, 64, { all: bits(63, 0, 'rw', 'a 64-bit value') }),
]);

describe('register files', () => {
  it('applies RW, RO, W1C and WO per field on a software write', () => {
    const f = new RegisterFile(decl, 't/dev/regs', 'host', 'dev', false);
    const i = f.index('CTRL');
    f.set(i, 0x0100_ff00n); // hardware latched all pending bits
    const out = f.write(i, 0xff00_0f51n); // try RO=0xff, clear pending bits 0x0f, doorbell 5, enable 1
    expect(out.value).toBe(0x0100_f051n);
    expect(out.refusedFields).toEqual(['status']);
    expect(f.read(i)).toBe(0x0100_f001n); // the write-only doorbell reads back as 0
  });

  it('calls the hook with what was written and what resulted', () => {
    const f = new RegisterFile(decl, 't/dev/regs', 'host', 'dev', false);
    const seen: bigint[] = [];
    f.onWrite('CTRL', (_f, o, written) => seen.push(written, o.value));
    f.write(f.index('CTRL'), 1n);
    expect(seen).toEqual([1n, 0x0100_0001n]);
  });

  it('keeps full 64-bit values', () => {
    const f = new RegisterFile(decl, 't/dev/regs', 'host', 'dev', false);
    f.write(f.index('WIDE'), 0x4776544776544776n);
    expect(f.get('WIDE')).toBe(0x4776544776544776n);
  });

  it('refuses overlapping fields and overlapping registers at declaration', () => {
    expect(() => reg('X', 0, 32, { a: bits(7, 0, 'rw', ''), b: bits(7, 4, 'rw', '') })).toThrow(/overlap/);
    expect(() => reg('X', 0, 16, { a: bits(16, 0, 'rw', '') })).toThrow(/do not fit/);
    expect(() => registerFile('t', [reg('A', 0, 32, {}), reg('B', 2, 32, {})])).toThrow(/overlaps/);
  });
});
