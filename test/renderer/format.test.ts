// How numbers read on screen: a duration trimmed, a log's timestamp at a fixed three decimals so a column lines up.
import { describe, expect, it } from 'vitest';
import { formatCount, formatNs, formatNsFixed } from '../../src/renderer/src/format';

describe('format', () => {
  it('formatNs: the unit that fits, trailing zeros trimmed', () => {
    expect(formatNs(950)).toBe('950 ns');
    expect(formatNs(1500)).toBe('1.5 µs');
    expect(formatNs(19_970_000)).toBe('19.97 ms');
    expect(formatNs(2_768_000_000)).toBe('2.768 s');
  });

  it('formatNsFixed: the same units at fixed decimals, never coarser than a microsecond', () => {
    expect(formatNsFixed(950)).toBe('950 ns');
    expect(formatNsFixed(1500)).toBe('1.500 µs');
    expect(formatNsFixed(19_970_000)).toBe('19.970 ms');
    expect(formatNsFixed(19_965_400)).toBe('19.965 ms');
    expect(formatNsFixed(5_000_000_000)).toBe('5.000000 s');
    expect(formatNsFixed(1_879_123_456)).toBe('1.879123 s');
    // Same width within a unit: a right-aligned column lines up on the point.
    expect(formatNsFixed(19_970_000).length).toBe(formatNsFixed(19_965_400).length);
  });

  it('formatCount: thousands separated', () => {
    expect(formatCount(1_238_501)).toBe('1,238,501');
  });
});
