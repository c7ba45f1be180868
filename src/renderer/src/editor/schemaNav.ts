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
  return firstOf(node, (n) => n.properties?.[seg] ?? null);
}

function firstOf(node: SchemaNode, pick: (n: SchemaNode) => SchemaNode | null): SchemaNode | null {
  for (const alt of node.anyOf ?? []) {
    const found = pick(alt);
    if (found) return found;
  }
  return null;
}

/** Enum values of a node (through anyOf). */
export function enumValues(node: SchemaNode): string[] {
  const out = new Set<string>();
  for (const v of node.enum ?? []) out.add(String(v));
  for (const alt of node.anyOf ?? []) for (const v of alt.enum ?? []) out.add(String(v));
  if (node.type === 'boolean') ['true', 'false'].forEach((v) => out.add(v));
  return [...out];
}

/** One line on what a node accepts: type, range, enum, default. */
export function typeSummary(node: SchemaNode): string {
  const alts = node.anyOf ?? [node];
  const parts = alts.map((a) => {
    if (a.enum) return a.enum.map((v) => JSON.stringify(v)).join(' | ');
    const t = Array.isArray(a.type) ? a.type.join(' | ') : a.type ?? 'any';
    const range = a.minimum !== undefined || a.maximum !== undefined ? ` ${a.minimum ?? ''}..${a.maximum ?? ''}` : '';
    return `${t}${range}`;
  });
  const def = node.default !== undefined ? ` (default ${JSON.stringify(node.default)})` : '';
  return parts.join(' or ') + def;
}
