// The design switches present in a scenario: every field the schema tags `switch`, with its `--set` path and
// allowed values. Declared once in the schema, so a new switch shows up in `virq presets --json` by itself.
import { z } from 'zod';
import { formatPath, type PathSeg } from './paths';
import { ScenarioSchema, type Scenario } from './schema';
import { loadScenario } from './validate';

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  while (cur instanceof z.ZodDefault || cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
  return cur;
}

interface SwitchMeta {
  switch?: boolean;
  /** The switch matters only when sibling fields have one of these values… */
  appliesWhen?: Record<string, string[]>;
  /** …and none of these. */
  appliesUnless?: Record<string, string[]>;
  /** …and some element of the sibling list names the field, e.g. { devices: 'workload' }: a device has a workload. */
  appliesWhenAny?: Record<string, string>;
}

function switchMeta(s: z.ZodType): SwitchMeta | null {
  const m = (s.meta() ?? unwrap(s).meta()) as SwitchMeta | undefined;
  return m?.switch === true ? m : null;
}

function applies(m: SwitchMeta, parent: unknown): boolean {
  const p = (parent ?? {}) as Record<string, unknown>;
  for (const [k, vals] of Object.entries(m.appliesWhen ?? {})) if (!vals.includes(String(p[k]))) return false;
  for (const [k, vals] of Object.entries(m.appliesUnless ?? {})) if (vals.includes(String(p[k]))) return false;
  for (const [list, field] of Object.entries(m.appliesWhenAny ?? {})) {
    const items = p[list];
    if (!Array.isArray(items) || !items.some((e) => e && typeof e === 'object' && (e as Record<string, unknown>)[field] !== undefined)) return false;
  }
  return true;
}

export function switchesOf(scenario: Scenario): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (schema: z.ZodType, data: unknown, parent: unknown, path: PathSeg[]) => {
    const s = unwrap(schema);
    const meta = switchMeta(schema);
    if (meta && s instanceof z.ZodEnum) {
      if (applies(meta, parent)) out[formatPath(path)] = (s.options as string[]).slice();
      return;
    }
    if (meta && s instanceof z.ZodBoolean) {
      if (applies(meta, parent)) out[formatPath(path)] = ['false', 'true'];
      return;
    }
    if (s instanceof z.ZodObject && data && typeof data === 'object') {
      for (const [k, child] of Object.entries(s.shape as Record<string, z.ZodType>)) walk(child, (data as Record<string, unknown>)[k], data, [...path, k]);
    } else if (s instanceof z.ZodArray && Array.isArray(data)) {
      data.forEach((d, i) => walk(s.element as z.ZodType, d, data, [...path, i]));
    }
  };
  walk(ScenarioSchema, scenario, undefined, []);
  return out;
}

/**
 * The switches of a scenario text with only the values that text accepts: each value is tried with `--set` and kept
 * when the scenario still validates (an ARM host refuses posted delivery, a device without PCI 2.3 line-only masking).
 */
export function acceptedSwitches(text: string, scenario: Scenario): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [path, values] of Object.entries(switchesOf(scenario))) {
    const ok = values.filter((v) => loadScenario(text, { set: { [path]: v } }).ok);
    if (ok.length > 1) out[path] = ok;
  }
  return out;
}
