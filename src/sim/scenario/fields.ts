// Field builders whose error messages read "expected integer ≥ 1, got \"two\"": the path is prefixed later.
// Every number has a range a real machine can have, named in its message: past it, time stops advancing (a rate of
// 1e300/s), overflows 2^53 ns, or reaches a builder as Infinity.
import { z } from 'zod';
import { DURATION_RE, formatNs, MAX_DURATION_TEXT, NS_PER_S, parseDuration } from '../core/time';

/** The longest simulated time a scenario names (a run, a load time, a period): an hour, far past any preset. */
export const MAX_DURATION_NS = 3_600 * NS_PER_S;
/** Event rates (interrupts, requests, flips per second): one in 1000 s up to 10 M/s, past any device's MSI rate. */
export const MIN_RATE = 0.001;
export const MAX_RATE = 10_000_000;
/** The longest cost of one hop (the spurious poll period is 100 ms), and the same in cycles. */
export const MAX_COST_NS = 10 * NS_PER_S;
export const MAX_COST_CYCLES = 10_000_000_000;

/** How much of a bad value a message quotes (a bad value can be megabytes). */
export const QUOTE_CHARS = 80;

/** `s` quoted, cut at QUOTE_CHARS with its length said: "aaaa…" (1048576 chars). */
export function quote(s: string): string {
  return s.length <= QUOTE_CHARS ? JSON.stringify(s) : `${JSON.stringify(s.slice(0, QUOTE_CHARS))}… (${s.length} chars)`;
}

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return quote(v);
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'a list' : 'an object';
  return String(v);
}

export function int(min: number, max?: number) {
  const want = max === undefined ? `integer ≥ ${min}` : `integer ${min}..${max}`;
  const error = (iss: { input?: unknown }) => `expected ${want}, got ${show(iss.input)}`;
  const once = { error, abort: true };
  let s = z.number({ error }).int(once).min(min, once);
  if (max !== undefined) s = s.max(max, once);
  return s;
}

/** A number in min..max (a rate, a clock); `unit` is said after the range, e.g. "per second". */
export function between(min: number, max: number, unit?: string) {
  const error = (iss: { input?: unknown }) => `expected a number ${min}..${max}${unit ? ` ${unit}` : ''}, got ${show(iss.input)}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}

/** Events per second. */
export function rate() {
  return between(MIN_RATE, MAX_RATE, 'per second');
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (iss) => `expected one of ${values.join(' | ')}, got ${show(iss.input)}` });
}

/** Text of at most `max` characters. */
export function text(meaning = 'text', max = 200) {
  return z.string({ error: (iss) => `expected ${meaning}, got ${show(iss.input)}` })
    .max(max, { error: (iss) => `expected ${meaning} of at most ${max} characters, got ${show(iss.input)}` });
}

export function id() {
  const error = (iss: { input?: unknown }) => `expected an id (lower-case letters, digits, - or _; at most 64), got ${show(iss.input)}`;
  return z.string({ error }).max(64, { error, abort: true }).regex(/^[a-z][a-z0-9_-]*$/, { error });
}

/** A refinement that runs only once the value has passed its type checks (so a value gets one message, not two). */
const onlyIfValid = (p: { issues: readonly unknown[] }) => p.issues.length === 0;

/** A duration in min..max ns: integer ns or a string such as "20ms", "1.5us". */
export function duration(min = 0, max = MAX_DURATION_NS) {
  const error = (iss: { input?: unknown }) => `expected a duration ${formatNs(min)}..${formatNs(max)} such as "20ms", "500us" or integer ns, got ${show(iss.input)}`;
  const once = { error, abort: true };
  return z.union([z.number().int(once).min(min, once).max(max, once), z.string().max(MAX_DURATION_TEXT, once).regex(DURATION_RE, once)], { error })
    .refine((v) => { const ns = parseDuration(v); return ns !== null && ns >= min && ns <= max; }, { error, when: onlyIfValid });
}

export function durationNs(v: string | number): number {
  return parseDuration(v)!;
}

const COST_RE = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|cycles)\s*$/;

/** A cost override: integer ns, or "700ns", "1.5us", "2000 cycles"; at most MAX_COST_NS (or MAX_COST_CYCLES). */
export function costValue() {
  const error = (iss: { input?: unknown }) => `expected a cost 0..${formatNs(MAX_COST_NS)} (or 0..${MAX_COST_CYCLES} cycles) such as "700ns", "2000 cycles" or ns, got ${show(iss.input)}`;
  const once = { error, abort: true };
  return z.union([z.number().nonnegative(once).max(MAX_COST_NS, once), z.string().max(MAX_DURATION_TEXT, once).regex(COST_RE, once)], { error })
    .refine((v) => { const c = tryParseCost(v); return c !== null && c.value <= (c.unit === 'cycles' ? MAX_COST_CYCLES : MAX_COST_NS); }, { error, when: onlyIfValid });
}

function tryParseCost(v: string | number): { value: number; unit: 'ns' | 'cycles' } | null {
  if (typeof v === 'number') return { value: v, unit: 'ns' };
  const m = v.length > MAX_DURATION_TEXT ? null : COST_RE.exec(v);
  if (!m) return null;
  if (m[2] === 'cycles') return { value: Number(m[1]), unit: 'cycles' };
  const ns = parseDuration(`${m[1]}${m[2]}`);
  return ns === null ? null : { value: ns, unit: 'ns' };
}

export function parseCost(v: string | number): { value: number; unit: 'ns' | 'cycles' } {
  return tryParseCost(v)!;
}
