// Scenario text → plain data, keeping where each value sits so an error can point at its line. YAML and JSON
// share one parser (JSON is YAML 1.2).
import { isAlias, isMap, isSeq, LineCounter, parseDocument, visit, type Document } from 'yaml';
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
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const syntaxErrors: SourceIssue[] = doc.errors.map((e) => {
    const pos = lines.linePos(e.pos[0]);
    return { message: e.message.split('\n')[0]!, line: pos.line, column: pos.col };
  });
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
