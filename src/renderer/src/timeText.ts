// Simulated time typed by a user: "1.5ms", "200 us", "3µs", "2s" or a bare number of nanoseconds.

const UNIT_NS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9 };

/** Nanoseconds, or null when the text is not a time; empty text is undefined (no bound). */
export function parseTime(text: string): number | null | undefined {
  const t = text.trim();
  if (!t) return undefined;
  const m = /^(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s)?$/.exec(t);
  if (!m) return null;
  return Math.round(Number(m[1]) * UNIT_NS[m[2] ?? 'ns']!);
}
