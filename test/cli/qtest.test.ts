// `virq qtest` as a user runs it: a script on stdin, qtest replies on stdout, exit 0 at end of input — whatever the
// script says.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const qtest = (input: string, ...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, 'qtest', ...args], { input, encoding: 'utf8' });
  return { code: r.status, lines: r.stdout.split('\n').filter(Boolean), err: r.stderr };
};

describe('virq qtest', () => {
  it('answers bad input with FAIL lines and ends with exit 0', () => {
    const r = qtest([
      'readl',                                   // missing address
      'readl 0xfec00000 7',                      // too many arguments
      'writel 0xfec00000 0x1ffffffff',           // value wider than the access
      'readq 0x10000000000000000',               // address beyond 64 bits
      'clock_step 99999999999999999999999',      // a huge number
      'frobnicate 1',                            // unknown command
      'set_irq_in nosuchdevice unnamed-gpio-in 0 1',
      'set_irq_in ioapic unnamed-gpio-in 99 1',
      'irq_intercept_in nosuchdevice',
      'cpu 64',
      'readl 0x1234',                            // nothing mapped there
      'inb 0x60',                                // no port device
      `readl ${'9'.repeat(5000)}`,               // an absurdly long line
      'writel 0xfec00000 0x1',
      'readl 0xfec00010',
    ].join('\n'), 'test/conformance/scenarios/x86.yaml');
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    expect(r.lines).toHaveLength(15);
    expect(r.lines.slice(0, 13).every((l) => l.startsWith('FAIL '))).toBe(true);
    expect(r.lines[6]).toMatch(/no interrupt input "nosuchdevice"/);
    expect(r.lines.slice(13)).toEqual(['OK', 'OK 0x0000000000170020']);
  });

  it('refuses a VM the scenario does not have, as a usage error', () => {
    const r = qtest('', 'test/conformance/scenarios/x86.yaml', '--vm', '3');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/no --vm 3/);
  });

  it('drives a guest: a GSI raised with KVM_IRQ_LINE reaches vCPU 0, which takes it and leaves the EOI to the script', () => {
    const r = qtest([
      'writel 0xfec00000 0x20',   // RTE 8 low: vector 0x40, edge, unmasked, to APIC ID 0
      'writel 0xfec00010 0x40',
      'set_irq_in ioapic unnamed-gpio-in 8 1',
      'clock_step 100000',
      'readl 0xfee00100',         // ISR bits 0..31 — vector 0x40 is in ISR bank 2
      'readl 0xfee00120',
      'writel 0xfee000b0 0',
      'clock_step 100000',
      'readl 0xfee00120',
    ].join('\n'), 'test/conformance/scenarios/x86.yaml', '--vm', '0');
    expect(r.code).toBe(0);
    expect(r.lines[0]).toBe('OK');
    expect(r.lines).toContain('IRQ raise 64 cpu 0');
    expect(r.lines.slice(-5)).toEqual(['OK 0x0000000000000000', 'OK 0x0000000000000001', 'OK', expect.stringMatching(/^OK \d+$/), 'OK 0x0000000000000000']);
  });
});
