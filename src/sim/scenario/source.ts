// Scenario text → plain data, keeping where each value sits so an error can point at its line. YAML and JSON
// share one parser (JSON is YAML 1.2).
import { isAlias, isMap, isScalar, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
import type { PathSeg } from './paths';

export interface SourceIssue { message: string; line: number; column: number }

export interface ParsedSource {
  data: unknown;
  /** 1-based line and column of the value at `path` (or of its nearest existing parent). */
  locate(path: readonly PathSeg[]): { line: number; column: number } | undefined;
  syntaxErrors: SourceIssue[];
}

export function parseSource(text: string): ParsedSource {
  const lines = new LineCounter();
  // The yaml package's own uniqueKeys check compares each key with every earlier one (40k keys: 10 s); ours is a Set.
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: false });
  const syntaxErrors: SourceIssue[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return { message: e.message.split('\n')[0]!, line: pos.line, column: pos.col };
  });
  if (!syntaxErrors.length) syntaxErrors.push(...duplicateKeys(doc, lines));
  let data: unknown;
  if (!syntaxErrors.length) {
    try {
      data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      syntaxErrors.push(aliasIssue(doc, lines, e));
    }
  }
  return {
    data,
    syntaxErrors,
    locate: (path) => locate(doc, lines, path),
  };
}

/** A key said twice in one mapping (as the yaml package's uniqueKeys would report it), in linear time. */
function duplicateKeys(doc: Document, lines: LineCounter): SourceIssue[] {
  const out: SourceIssue[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const { key } of map.items) {
        if (!isScalar(key)) continue;
        if (seen.has(key.value)) {
          const pos = lines.linePos(key.range?.[0] ?? 0);
          out.push({ message: 'Map keys must be unique', line: pos.line, column: pos.col });
        }
        seen.add(key.value);
      }
    },
  });
  return out;
}

/** Aliases may expand to at most this many nodes in all (the yaml package's guard against "billion laughs"). */
const MAX_ALIAS_COUNT = 100;

/** toJS throws only for aliases (too many expansions, an anchor not yet set): point at the first alias. */
function aliasIssue(doc: Document, lines: LineCounter, e: unknown): SourceIssue {
  const raw = e instanceof Error ? e.message.split('\n')[0]! : String(e);
  const message = raw.startsWith('Excessive alias count')
    ? `too many YAML aliases to expand (at most ${MAX_ALIAS_COUNT}, against alias bombs): write the values out, or use fewer aliases`
    : raw;
  let at = 0;
  visit(doc, { Alias(_, node) { if (isAlias(node) && node.range) { at = node.range[0]; return visit.BREAK; } } });
  const pos = lines.linePos(at);
  return { message, line: pos.line, column: pos.col };
}

function locate(doc: Document, lines: LineCounter, path: readonly PathSeg[]) {
  let node: unknown = doc.contents;
  let best = node;
  for (const seg of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => (p.key as { value?: unknown } | null)?.value === seg);
      if (!pair) break;
      best = pair.value ?? pair.key;
      node = pair.value;
      if (!node) { best = pair.key; break; }
    } else if (isSeq(node) && typeof seg === 'number') {
      node = node.items[seg];
      if (!node) break;
      best = node;
    } else break;
  }
  const range = (best as { range?: [number, number, number] } | null)?.range;
  if (!range) return undefined;
  const pos = lines.linePos(range[0]);
  return { line: pos.line, column: pos.col };
}
