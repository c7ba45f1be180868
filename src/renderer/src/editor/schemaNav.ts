// The scenario's JSON Schema (resources/scenario.schema.json, generated from the zod schema) as the editor reads it:
// the node at a key path, its properties, enum values and description.
import rawSchema from '../../../../resources/scenario.schema.json';

export interface SchemaNode {
  type?: string | string[];
  description?: string;
  enum?: unknown[];
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  items?: SchemaNode;
  additionalProperties?: SchemaNode | boolean;
  anyOf?: SchemaNode[];
  /** A discriminated union (a workload's or a fault's kind): each alternative has its own `kind` const. */
  oneOf?: SchemaNode[];
  const?: unknown;
  minimum?: number;
  maximum?: number;
  pattern?: string;
}

export const scenarioSchema = rawSchema as unknown as SchemaNode;

/** Path segments are keys; "[]" steps into an array's items. */
export function schemaAt(path: readonly string[], root: SchemaNode = scenarioSchema): SchemaNode | null {
  let node: SchemaNode | null = root;
  for (const seg of path) {
    if (!node) return null;
    node = step(node, seg);
  }
  return node;
}

function step(node: SchemaNode, seg: string): SchemaNode | null {
  if (seg === '[]') return node.items ?? firstOf(node, (n) => n.items ?? null);
  const direct = node.properties?.[seg];
  if (direct) return direct;
  if (typeof node.additionalProperties === 'object') return node.additionalProperties;
  // Of a union: the field as each alternative declares it (a union's `kind` lists every alternative's value).
  const found = alternatives(node).map((a) => a.properties?.[seg]).filter((n): n is SchemaNode => !!n);
  if (found.length <= 1) return found[0] ?? null;
  return { anyOf: found, description: found[0]!.description };
}

/** The alternatives of a union node (anyOf, or a discriminated union's oneOf). */
function alternatives(node: SchemaNode): SchemaNode[] {
  return [...(node.anyOf ?? []), ...(node.oneOf ?? [])];
}

function firstOf(node: SchemaNode, pick: (n: SchemaNode) => SchemaNode | null): SchemaNode | null {
  for (const alt of alternatives(node)) {
    const found = pick(alt);
    if (found) return found;
  }
  return null;
}

/** The fields a mapping at this node may have (of every alternative of a union, or of an array's items). */
export function propertiesOf(node: SchemaNode | null): Record<string, SchemaNode> | undefined {
  if (!node) return undefined;
  const target = node.properties || alternatives(node).length ? node : node.items;
  if (!target) return undefined;
  const out: Record<string, SchemaNode> = { ...(target.properties ?? {}) };
  for (const alt of alternatives(target)) for (const [k, v] of Object.entries(alt.properties ?? {})) out[k] ??= v;
  return Object.keys(out).length ? out : undefined;
}

/** Enum values of a node (through anyOf and oneOf; a const is a value too). */
export function enumValues(node: SchemaNode): string[] {
  const out = new Set<string>();
  const add = (n: SchemaNode): void => {
    for (const v of n.enum ?? []) out.add(String(v));
    if (n.const !== undefined) out.add(String(n.const));
  };
  add(node);
  for (const alt of alternatives(node)) add(alt);
  if (node.type === 'boolean') ['true', 'false'].forEach((v) => out.add(v));
  return [...out];
}

/** One line on what a node accepts: type, range, enum, default. */
export function typeSummary(node: SchemaNode): string {
  const alts = node.anyOf ?? [node];
  const parts = alts.map((a) => {
    if (a.enum) return a.enum.map((v) => JSON.stringify(v)).join(' | ');
    if (a.const !== undefined) return JSON.stringify(a.const);
    const t = Array.isArray(a.type) ? a.type.join(' | ') : a.type ?? 'any';
    const range = a.minimum !== undefined || a.maximum !== undefined ? ` ${a.minimum ?? ''}..${a.maximum ?? ''}` : '';
    return `${t}${range}`;
  });
  const def = node.default !== undefined ? ` (default ${JSON.stringify(node.default)})` : '';
  return parts.join(' or ') + def;
}
