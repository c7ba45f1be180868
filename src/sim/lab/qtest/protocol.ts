// QEMU's qtest protocol (system/qtest.c), the line-based request/response language `virq qtest` speaks: one command
// per line, one reply per command ("OK …" or "FAIL <reason>"), and asynchronous "IRQ raise N" / "IRQ lower N" lines.
// Numbers are read as strtoul(…, 0) reads them (0x… hex, 0… octal, else decimal). Our extensions: `cpu M` (the
// accessing CPU), and `sysreg_read NAME` / `sysreg_write NAME VALUE` for system registers (GICv3's ICC_*/ICH_*).
// Not supported (answered FAIL): read/write/b64read/b64write/memset of memory blocks, endianness, QMP.

export type AccessSize = 1 | 2 | 4 | 8;

export type QtestCommand =
  | { op: 'clock_step'; ns: bigint | null }
  | { op: 'clock_set'; ns: bigint }
  | { op: 'read'; size: AccessSize; addr: bigint }
  | { op: 'write'; size: AccessSize; addr: bigint; value: bigint }
  | { op: 'in'; size: 1 | 2 | 4; addr: number }
  | { op: 'out'; size: 1 | 2 | 4; addr: number; value: bigint }
  | { op: 'set_irq_in'; path: string; name: string; num: number; level: number }
  | { op: 'irq_intercept'; dir: 'in' | 'out'; path: string; name: string | null }
  | { op: 'cpu'; index: number }
  | { op: 'sysreg_read'; name: string }
  | { op: 'sysreg_write'; name: string; value: bigint };

const U64_MAX = (1n << 64n) - 1n;
const SIZE: Record<string, AccessSize> = { b: 1, w: 2, l: 4, q: 8 };

/** strtoul(s, NULL, 0) for a whole word: the number, or null when the word is not one. */
export function parseNumber(word: string | undefined): bigint | null {
  if (word === undefined) return null;
  const m = /^([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(word);
  if (!m) return null;
  const body = m[2]!;
  let v: bigint;
  if (/^0[xX]/.test(body)) v = BigInt(body);
  else if (body.length > 1 && body.startsWith('0')) v = BigInt(`0o${body.slice(1)}`);
  else v = BigInt(body);
  return m[1] === '-' ? -v : v;
}

const fail = (reason: string) => ({ fail: reason });

function u64(word: string | undefined, what: string): bigint | { fail: string } {
  const v = parseNumber(word);
  if (v === null) return fail(word === undefined ? `missing ${what}` : `${what} "${clip(word)}" is not a number`);
  if (v < 0n || v > U64_MAX) return fail(`${what} ${clip(word!)} does not fit 64 bits`);
  return v;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

function arity(words: string[], n: number, usage: string): { fail: string } | null {
  if (words.length - 1 < n) return fail(`${words[0]}: expected ${usage}`);
  if (words.length - 1 > n) return fail(`${words[0]}: too many arguments (expected ${usage})`);
  return null;
}

/** One line of input: a command, a failure to report, or null for a blank line or a comment ("#…"). */
export function parseQtestLine(line: string): QtestCommand | { fail: string } | null {
  if (line.length > 4096) return fail('line longer than 4096 characters');
  const t = line.trim();
  if (t === '' || t.startsWith('#')) return null;
  const words = t.split(/\s+/);
  const op = words[0]!;
  let m: RegExpExecArray | null;
  if (op === 'clock_step') {
    if (words.length > 2) return fail('clock_step: expected [NS]');
    if (words.length === 1) return { op, ns: null };
    const ns = u64(words[1], 'NS');
    return typeof ns === 'bigint' ? { op, ns } : ns;
  }
  if (op === 'clock_set') {
    const bad = arity(words, 1, 'NS');
    if (bad) return bad;
    const ns = u64(words[1], 'NS');
    return typeof ns === 'bigint' ? { op, ns } : ns;
  }
  if ((m = /^read([bwlq])$/.exec(op))) {
    const bad = arity(words, 1, 'ADDR');
    if (bad) return bad;
    const addr = u64(words[1], 'ADDR');
    return typeof addr === 'bigint' ? { op: 'read', size: SIZE[m[1]!]!, addr } : addr;
  }
  if ((m = /^write([bwlq])$/.exec(op))) {
    const bad = arity(words, 2, 'ADDR VALUE');
    if (bad) return bad;
    const size = SIZE[m[1]!]!;
    const addr = u64(words[1], 'ADDR');
    if (typeof addr !== 'bigint') return addr;
    const value = u64(words[2], 'VALUE');
    if (typeof value !== 'bigint') return value;
    if (value >> BigInt(size * 8) !== 0n) return fail(`${op}: value ${words[2]} does not fit ${size * 8} bits`);
    return { op: 'write', size, addr, value };
  }
  if ((m = /^in([bwl])$/.exec(op))) {
    const bad = arity(words, 1, 'ADDR');
    if (bad) return bad;
    const addr = u64(words[1], 'ADDR');
    if (typeof addr !== 'bigint') return addr;
    if (addr > 0xffffn) return fail(`${op}: port ${words[1]} is above 0xffff`);
    return { op: 'in', size: SIZE[m[1]!]! as 1 | 2 | 4, addr: Number(addr) };
  }
  if ((m = /^out([bwl])$/.exec(op))) {
    const bad = arity(words, 2, 'ADDR VALUE');
    if (bad) return bad;
    const size = SIZE[m[1]!]! as 1 | 2 | 4;
    const addr = u64(words[1], 'ADDR');
    if (typeof addr !== 'bigint') return addr;
    if (addr > 0xffffn) return fail(`${op}: port ${words[1]} is above 0xffff`);
    const value = u64(words[2], 'VALUE');
    if (typeof value !== 'bigint') return value;
    if (value >> BigInt(size * 8) !== 0n) return fail(`${op}: value ${words[2]} does not fit ${size * 8} bits`);
    return { op: 'out', size, addr: Number(addr), value };
  }
  if (op === 'set_irq_in') {
    const bad = arity(words, 4, 'QOM-PATH NAME NUM LEVEL');
    if (bad) return bad;
    const num = parseNumber(words[3]);
    const level = parseNumber(words[4]);
    if (num === null || num < 0n || num > 0xffffn) return fail(`set_irq_in: NUM "${clip(words[3]!)}" is not an interrupt number`);
    if (level === null || level < -(1n << 31n) || level >= 1n << 31n) return fail(`set_irq_in: LEVEL "${clip(words[4]!)}" is not a signed integer`);
    return { op, path: words[1]!, name: words[2]!, num: Number(num), level: Number(level) };
  }
  if (op === 'irq_intercept_in' || op === 'irq_intercept_out') {
    if (words.length < 2 || words.length > 3) return fail(`${op}: expected QOM-PATH [NAME]`);
    return { op: 'irq_intercept', dir: op.endsWith('in') ? 'in' : 'out', path: words[1]!, name: words[2] ?? null };
  }
  if (op === 'cpu') {
    const bad = arity(words, 1, 'M');
    if (bad) return bad;
    const i = parseNumber(words[1]);
    if (i === null || i < 0n || i > 255n) return fail(`cpu: "${clip(words[1]!)}" is not a CPU number`);
    return { op, index: Number(i) };
  }
  if (op === 'sysreg_read') {
    const bad = arity(words, 1, 'NAME');
    return bad ?? { op, name: words[1]! };
  }
  if (op === 'sysreg_write') {
    const bad = arity(words, 2, 'NAME VALUE');
    if (bad) return bad;
    const value = u64(words[2], 'VALUE');
    return typeof value === 'bigint' ? { op, name: words[1]!, value } : value;
  }
  if (['read', 'write', 'b64read', 'b64write', 'memset'].includes(op)) return fail(`${op}: block memory access is not modelled`);
  return fail(`Unknown command '${clip(op)}'`);
}

/** The reply to a read: 16 hex digits, as QEMU prints every read size. */
export const okRead = (v: bigint) => `OK 0x${v.toString(16).padStart(16, '0')}`;
/** The reply to an in: at least 4 hex digits (QEMU's "OK 0x%04x"). */
export const okIn = (v: bigint) => `OK 0x${v.toString(16).padStart(4, '0')}`;
