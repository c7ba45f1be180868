// How numbers read on screen: simulated time in ns/µs/ms/s, counts with thousands separators, register offsets in hex.

/** 950 → "950 ns", 1500 → "1.5 µs", 2_500_000 → "2.5 ms". */
export function formatNs(ns: number): string {
  const abs = Math.abs(ns);
  if (abs >= 1e9) return `${trim(ns / 1e9)} s`;
  if (abs >= 1e6) return `${trim(ns / 1e6)} ms`;
  if (abs >= 1e3) return `${trim(ns / 1e3)} µs`;
  return `${Math.round(ns)} ns`;
}

/**
 * A log's timestamp: the same units at a fixed number of decimals, so a column of them lines up (19.970 ms above
 * 19.965 ms); never coarser than a microsecond (seconds with six decimals, as ftrace prints them: 1.879123 s).
 */
export function formatNsFixed(ns: number): string {
  const abs = Math.abs(ns);
  if (abs >= 1e9) return `${(ns / 1e9).toFixed(6)} s`;
  if (abs >= 1e6) return `${(ns / 1e6).toFixed(3)} ms`;
  if (abs >= 1e3) return `${(ns / 1e3).toFixed(3)} µs`;
  return `${Math.round(ns)} ns`;
}

function trim(x: number): string {
  return String(+x.toFixed(3));
}

/** One formatter for every count (a log's scroll step formats three). */
const COUNT = new Intl.NumberFormat('en-US');

export function formatCount(n: number): string {
  return COUNT.format(Math.round(n));
}

/** Events per second, compact: 12.3k/s, 4.56M/s. */
export function formatRate(perSec: number): string {
  if (perSec >= 1e6) return `${trim(perSec / 1e6)}M/s`;
  if (perSec >= 1e3) return `${trim(perSec / 1e3)}k/s`;
  return `${Math.round(perSec)}/s`;
}

/** Register offset: 0x0, 0x3f0. */
export function formatOffset(offset: number): string {
  return `0x${offset.toString(16).padStart(3, '0')}`;
}

/** Hex strings from the lab may or may not carry 0x and may differ in case or leading zeros; compare by value. */
export function sameHex(a: string, b: string): boolean {
  try {
    return BigInt(withPrefix(a)) === BigInt(withPrefix(b));
  } catch {
    return a === b;
  }
}

/** Hex for display, 0x-prefixed and lower case. */
export function displayHex(h: string): string {
  return withPrefix(h.trim()).toLowerCase().replace(/^0X/, '0x');
}

function withPrefix(h: string): string {
  return /^0x/i.test(h) ? h : `0x${h}`;
}
