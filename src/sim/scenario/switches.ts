// The design switches present in a scenario: every field the schema tags `switch`, with its `--set` path and
// allowed values. Declared once in the schema, so a new switch shows up in `virq presets --json` by itself.
import { z } from 'zod';
import { formatPath, type PathSeg } from './paths';
import { ScenarioSchema, type Scenario } from './schema';

function unwrap(s: z.ZodType): z.ZodType {
  let cur = s;
  while (cur instanceof z.ZodDefault || cur instanceof z.ZodOptional) cur = cur.unwrap() as z.ZodType;
  return cur;
}

function isSwitch(s: z.ZodType): boolean {
  return (s.meta() as { switch?: boolean } | undefined)?.switch === true
    || (unwrap(s).meta() as { switch?: boolean } | undefined)?.switch === true;
}

export function switchesOf(scenario: Scenario): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const walk = (schema: z.ZodType, data: unknown, path: PathSeg[]) => {
    const s = unwrap(schema);
    if (isSwitch(schema) && s instanceof z.ZodEnum) {
      out[formatPath(path)] = (s.options as string[]).slice();
      return;
    }
    if (s instanceof z.ZodObject && data && typeof data === 'object') {
      for (const [k, child] of Object.entries(s.shape as Record<string, z.ZodType>)) walk(child, (data as Record<string, unknown>)[k], [...path, k]);
    } else if (s instanceof z.ZodArray && Array.isArray(data)) {
      data.forEach((d, i) => walk(s.element as z.ZodType, d, [...path, i]));
    }
  };
  walk(ScenarioSchema, scenario, []);
  return out;
}
