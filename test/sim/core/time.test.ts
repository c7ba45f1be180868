import { describe, expect, it } from 'vitest';
import { formatNs, parseDuration } from '../../../src/sim/core/time';

describe('durations', () => {
  it('reads integer ns and the written units, with spaces around', () => {
    expect(parseDuration(1500)).toBe(1500);
    expect(parseDuration(' 1.5us ')).toBe(1500);
    expect(parseDuration('20 ms')).toBe(20_000_000);
    expect(parseDuration('300')).toBe(300);
    expect(formatNs(1500)).toBe('1.5µs');
  });

  it('refuses what cannot be held exactly in ns (2^53 and more), as a number or as text', () => {
    expect(parseDuration(2 ** 53)).toBeNull();
    expect(parseDuration('9007199254740993ns')).toBeNull();
    expect(parseDuration('1000000s')).toBe(1_000_000 * 1e9);
    expect(parseDuration('10000000000s')).toBeNull();
    expect(parseDuration(Infinity)).toBeNull();
  });

  it('refuses a 100k-character bad value at once (no backtracking over runs of spaces or digits)', () => {
    const t0 = Date.now();
    for (const bad of [' '.repeat(100_000), `1${' '.repeat(100_000)}x`, `${'1'.repeat(100_000)}x`, `1.${'1'.repeat(100_000)} x`]) {
      expect(parseDuration(bad)).toBeNull();
    }
    expect(Date.now() - t0).toBeLessThan(2000);
  });
});
