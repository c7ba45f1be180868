// `--set path=value` overrides, applied to the scenario data before validation. A path that names nothing the
// schema knows is refused (the CLI exits 2), so a typo never silently does nothing.
import { parse as parseYamlValue } from 'yaml';
import { z } from 'zod';
import { ScenarioSchema } from './schema';
import { formatPath, parsePath, type PathSeg } from './paths';

export class SetPathError extends Error {}

/** Unwraps defaults/optionals to the schema that describes the value. */
function inner(s: z.ZodType): z.ZodType {
  let cur = s;
  for (let i = 0; i < 10; i++) {
    if (cur instanceof z.ZodDefault || cur instanceof z.ZodOptional || cur instanceof z.ZodNullable) cur = cur.unwrap() as z.ZodType;
    else break;
  }
  return cur;
}

/** The schema at `path`, or null when the schema has no such place. */
export function schemaAt(path: readonly PathSeg[]): z.ZodType | null {
  let cur: z.ZodType = ScenarioSchema;
  for (const seg of path) {
    const s = inner(cur);
    if (s instanceof z.ZodObject && typeof seg === 'string') {
      // Own properties only: `toString` and friends reach Object.prototype through a plain lookup.
      if (!Object.hasOwn(s.shape, seg)) return null;
      const next = (s.shape as Record<string, z.ZodType>)[seg];
      if (!next) return null;
      cur = next;
    } else if (s instanceof z.ZodArray && typeof seg === 'number') {
      cur = s.element as z.ZodType;
    } else if (s instanceof z.ZodRecord && typeof seg === 'string' && seg !== '__proto__') {
      cur = s.valueType as z.ZodType;
    } else if (s instanceof z.ZodUnion && typeof seg === 'string') {
      // A union of objects (a device's workload: rr | stream): the first option that has the field.
      const hit = (s.options as z.ZodType[]).map(inner).find((o) => o instanceof z.ZodObject && Object.hasOwn(o.shape, seg));
      if (!hit) return null;
      cur = (hit as z.ZodObject).shape[seg] as z.ZodType;
    } else return null;
  }
  return cur;
}

export function applySet(data: unknown, pathText: string, valueText: string): void {
  const path = parsePath(pathText);
  if (!path) throw new SetPathError(`--set ${pathText}: not a path (use e.g. vms[0].idle or costs["kvm.vmexit"])`);
  if (!schemaAt(path)) throw new SetPathError(`--set ${pathText}: the scenario has no field ${formatPath(path)}`);
  let value: unknown;
  try {
    value = parseYamlValue(valueText);
  } catch (e) {
    throw new SetPathError(`--set ${pathText}: the value is not YAML (${(e instanceof Error ? e.message : String(e)).split('\n')[0]!.replace(/:$/, '')})`);
  }
  let cur = data as Record<string | number, unknown>;
  for (let i = 0; i < path.length - 1; i++) {
    const seg = path[i]!;
    let next = Object.hasOwn(cur, seg) ? cur[seg] : undefined;
    // A missing object (e.g. `log` for log.capacity) is created; a missing list element never is.
    if (next === undefined && typeof seg === 'string' && !Array.isArray(cur) && typeof path[i + 1] === 'string') {
      next = {};
      cur[seg] = next;
    }
    if (next === null || typeof next !== 'object') {
      throw new SetPathError(`--set ${pathText}: ${formatPath(path.slice(0, i + 1))} does not exist in this scenario`);
    }
    cur = next as Record<string | number, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}
