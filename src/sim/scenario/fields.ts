// Field builders whose error messages read "expected integer ≥ 1, got \"two\"": the path is prefixed later.
import { z } from 'zod';
import { parseDuration } from '../core/time';

export function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'object' && v !== null) return Array.isArray(v) ? 'a list' : 'an object';
  return String(v);
}

export function int(min: number, max?: number) {
  const want = max === undefined ? `integer ≥ ${min}` : `integer ${min}..${max}`;
  const error = (iss: { input?: unknown }) => `expected ${want}, got ${show(iss.input)}`;
  let s = z.number({ error }).int({ error }).min(min, { error });
  if (max !== undefined) s = s.max(max, { error });
  return s;
}

export function positive() {
  const error = (iss: { input?: unknown }) => `expected a number > 0, got ${show(iss.input)}`;
  return z.number({ error }).positive({ error });
}

export function oneOf<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, { error: (iss) => `expected one of ${values.join(' | ')}, got ${show(iss.input)}` });
}

export function text(meaning = 'text') {
  return z.string({ error: (iss) => `expected ${meaning}, got ${show(iss.input)}` });
}

export function id() {
  const error = (iss: { input?: unknown }) => `expected an id (lower-case letters, digits, - or _), got ${show(iss.input)}`;
  return z.string({ error }).regex(/^[a-z][a-z0-9_-]*$/, { error });
}

const DURATION_RE = /^\s*\d+(\.\d+)?\s*(ns|us|µs|ms|s)?\s*$/;

/** A duration: integer ns or a string such as "20ms", "1.5us". */
export function duration() {
  const error = (iss: { input?: unknown }) => `expected a duration such as "20ms", "500us" or integer ns, got ${show(iss.input)}`;
  return z.union([z.number().int().nonnegative(), z.string().regex(DURATION_RE)], { error })
    .refine((v) => parseDuration(v) !== null, { error });
}

export function durationNs(v: string | number): number {
  return parseDuration(v)!;
}

const COST_RE = /^\s*(\d+(?:\.\d+)?)\s*(ns|us|µs|ms|s|cycles)\s*$/;

/** A cost override: integer ns, or "700ns", "1.5us", "2000 cycles". */
export function costValue() {
  const error = (iss: { input?: unknown }) => `expected a cost such as "700ns", "2000 cycles" or integer ns, got ${show(iss.input)}`;
  return z.union([z.number().nonnegative(), z.string().regex(COST_RE)], { error });
}

export function parseCost(v: string | number): { value: number; unit: 'ns' | 'cycles' } {
  if (typeof v === 'number') return { value: v, unit: 'ns' };
  const m = COST_RE.exec(v)!;
  if (m[2] === 'cycles') return { value: Number(m[1]), unit: 'cycles' };
  return { value: parseDuration(`${m[1]}${m[2]}`)!, unit: 'ns' };
}
