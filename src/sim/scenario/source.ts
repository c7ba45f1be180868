// Scenario text → plain data, keeping where each value sits so an error can point at its line. YAML and JSON
// share one parser (JSON is YAML 1.2).
import { isMap, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
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
  return {
    data: syntaxErrors.length ? undefined : doc.toJS({ maxAliasCount: 100 }),
    syntaxErrors,
    locate: (path) => locate(doc, lines, path),
  };
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
