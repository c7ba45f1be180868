// The qtest protocol's lines, as QEMU's system/qtest.c reads and answers them.
import { describe, expect, it } from 'vitest';
import { okIn, okRead, parseNumber, parseQtestLine } from '../../../../src/sim/lab/qtest/protocol';
import { QtestSession, type QtestTarget } from '../../../../src/sim/lab/qtest/session';

describe('qtest lines', () => {
  it('reads numbers as strtoul(…, 0) does: hex, octal, decimal', () => {
    expect(parseNumber('0x1F')).toBe(31n);
    expect(parseNumber('010')).toBe(8n);
    expect(parseNumber('0')).toBe(0n);
    expect(parseNumber('42')).toBe(42n);
    expect(parseNumber('09')).toBeNull();
    expect(parseNumber('4k')).toBeNull();
  });

  it('parses every command with its sizes', () => {
    expect(parseQtestLine('readl 0xfec00010')).toEqual({ op: 'read', size: 4, addr: 0xfec00010n });
    expect(parseQtestLine('writeq 0x8 0xffffffffffffffff')).toEqual({ op: 'write', size: 8, addr: 8n, value: (1n << 64n) - 1n });
    expect(parseQtestLine('outb 0x20 0x11')).toEqual({ op: 'out', size: 1, addr: 0x20, value: 0x11n });
    expect(parseQtestLine('clock_step')).toEqual({ op: 'clock_step', ns: null });
    expect(parseQtestLine('clock_set 1000')).toEqual({ op: 'clock_set', ns: 1000n });
    expect(parseQtestLine('set_irq_in ioapic unnamed-gpio-in 16 1')).toEqual({ op: 'set_irq_in', path: 'ioapic', name: 'unnamed-gpio-in', num: 16, level: 1 });
    expect(parseQtestLine('irq_intercept_in ioapic')).toEqual({ op: 'irq_intercept', dir: 'in', path: 'ioapic', name: null });
    expect(parseQtestLine('cpu 1')).toEqual({ op: 'cpu', index: 1 });
    expect(parseQtestLine('   ')).toBeNull();
    expect(parseQtestLine('# a comment')).toBeNull();
  });

  it('answers malformed lines, huge numbers and unknown commands with a reason', () => {
    for (const bad of ['readl', 'readl 0x10 0x20', 'writeb 0x10 0x100', 'readq 0x1ffffffffffffffff', 'inb 0x10000',
      'set_irq_in ioapic unnamed-gpio-in x 1', 'frobnicate', 'cpu -1', `readl ${'9'.repeat(5000)}`, 'memset 0 4 0']) {
      const r = parseQtestLine(bad);
      expect(r && 'fail' in r, bad).toBe(true);
    }
  });

  it('formats reads with 16 hex digits and port reads with at least 4', () => {
    expect(okRead(0x11n)).toBe('OK 0x0000000000000011');
    expect(okIn(0xab12345n)).toBe('OK 0xab12345');
    expect(okIn(1n)).toBe('OK 0x0001');
  });
});

describe('qtest session', () => {
  const target = (): QtestTarget & { cpu: number } => ({
    cpu: 0,
    clockStep: (ns) => (ns ?? 7n),
    clockSet: (ns) => ns,
    read: (addr) => (addr === 0n ? { fail: 'nothing mapped at 0x0' } : addr + 1n),
    write: () => true,
    portIn: () => 0x20n,
    portOut: () => true,
    setIrqIn: (path) => (path === 'ioapic' ? true : { fail: `Unknown device ${path}` }),
    intercept: () => true,
    selectCpu(i) { this.cpu = i; return true; },
    sysregRead: (name) => (name === 'ICC_PMR_EL1' ? 0xf8n : { fail: `no ${name}` }),
    sysregWrite: () => true,
    // the target may throw: the session answers FAIL
  });

  it('answers every line in order, FAIL for what the target refuses or throws, and keeps going', () => {
    const out: string[] = [];
    const t = target();
    t.write = () => { throw new Error('boom'); };
    const s = new QtestSession(t, (l) => out.push(l));
    for (const l of ['clock_step', 'readl 0x10', 'readl 0', 'writel 0x10 1', 'set_irq_in nowhere x 1 1', 'inb 0x21', '', 'cpu 2']) s.handle(l);
    expect(out).toEqual(['OK 7', 'OK 0x0000000000000011', 'FAIL nothing mapped at 0x0', 'FAIL internal error: boom', 'FAIL Unknown device nowhere', 'OK 0x0020', 'OK']);
    expect(t.cpu).toBe(2);
    expect([s.commands, s.failures]).toEqual([7, 3]);
  });
});
