// Simulated time: integer nanoseconds held in a JS number (exact up to 2^53 ns ≈ 104 days).
export type Ns = number;

export const NS_PER_US = 1_000;
export const NS_PER_MS = 1_000_000;
export const NS_PER_S = 1_000_000_000;

const UNIT_NS: Record<string, number> = { ns: 1, us: NS_PER_US, 'µs': NS_PER_US, ms: NS_PER_MS, s: NS_PER_S };

/** A duration written out is short; longer text is refused before any matching (garbage can be megabytes). */
export const MAX_DURATION_TEXT = 64;

/** Number, then optionally a unit: the space before a unit is matched only with the unit, so no two `\s*` can split
 *  a run of spaces between them (that made "1" + 100k spaces + "x" take seconds). */
export const DURATION_RE = /^\s*(\d+(?:\.\d+)?)(?:\s*(ns|us|µs|ms|s))?\s*$/;

/** "20ms", "1.5us", "300 ns", "2s" or a bare integer (ns) → integer ns; null when malformed or past 2^53 ns. */
export function parseDuration(text: string | number): Ns | null {
  if (typeof text === 'number') return Number.isSafeInteger(Math.round(text)) && text >= 0 ? Math.round(text) : null;
  if (text.length > MAX_DURATION_TEXT) return null;
  const m = DURATION_RE.exec(text);
  if (!m) return null;
  const ns = Math.round(Number(m[1]) * UNIT_NS[m[2] ?? 'ns']!);
  return Number.isSafeInteger(ns) ? ns : null;
}

/** Human-readable duration, e.g. 1500 → "1.5µs". */
export function formatNs(ns: Ns): string {
  if (ns >= NS_PER_S) return `${+(ns / NS_PER_S).toFixed(3)}s`;
  if (ns >= NS_PER_MS) return `${+(ns / NS_PER_MS).toFixed(3)}ms`;
  if (ns >= NS_PER_US) return `${+(ns / NS_PER_US).toFixed(3)}µs`;
  return `${ns}ns`;
}
