// Where the cursor is in block-style YAML, from indentation alone (works on text that does not parse yet):
// the key path of the mapping it is in, and whether it is typing a key or the value of a key.

export interface YamlContext {
  /** Keys from the root to the mapping holding the cursor; "[]" for an item of a list. */
  parent: string[];
  /** Typing a key (prefix so far), or the value of `key` (prefix so far). */
  kind: 'key' | 'value';
  key?: string;
  prefix: string;
}

interface LineInfo { indent: number; dash: boolean; keyCol: number; key: string | null }

function info(line: string): LineInfo | null {
  if (line.trim() === '' || line.trim().startsWith('#')) return null;
  const m = /^(\s*)(- +)?(?:([A-Za-z_][\w.-]*)\s*:(?:\s|$))?/.exec(line)!;
  const indent = m[1]!.length;
  return { indent, dash: !!m[2], keyCol: indent + (m[2]?.length ?? 0), key: m[3] ?? null };
}

/** The key path of the mapping holding a line at key column `keyCol` (a "- " line when `dash`, dashes at `indent`). */
export function pathAbove(lines: readonly string[], row: number, keyCol: number, dash: boolean, indent = keyCol): string[] {
  const path: string[] = [];
  // In item context we look for the key owning a list whose dashes are at `want`; else for the container of a
  // mapping whose keys are at column `want`.
  let inItem = dash;
  let want = dash ? indent : keyCol;
  if (dash) path.unshift('[]');
  for (let r = row - 1; r >= 0 && (want > 0 || inItem); r--) {
    const li = info(lines[r]!);
    if (!li) continue;
    if (!inItem) {
      if (li.dash && li.keyCol === want) {
        path.unshift('[]');
        want = li.indent;
        inItem = true;
      } else if (li.key && li.keyCol < want) {
        path.unshift(li.key);
        if (li.dash) {
          path.unshift('[]');
          want = li.indent;
          inItem = true;
        } else want = li.keyCol;
      }
    } else if (li.key && (li.dash ? li.keyCol <= want && li.indent < want : li.keyCol <= want)) {
      path.unshift(li.key);
      if (li.dash) {
        path.unshift('[]');
        want = li.indent;
      } else {
        want = li.keyCol;
        inItem = false;
      }
    }
  }
  return path;
}

export function contextAt(text: string, offset: number): YamlContext {
  const before = text.slice(0, offset);
  const lines = before.split('\n');
  const row = lines.length - 1;
  const line = lines[row]!;
  const all = text.split('\n');
  const valueMatch = /^(\s*)(- +)?([A-Za-z_][\w.-]*):\s+(\S*)$/.exec(line) ?? /^(\s*)(- +)?([A-Za-z_][\w.-]*):()$/.exec(line);
  if (valueMatch) {
    const keyCol = valueMatch[1]!.length + (valueMatch[2]?.length ?? 0);
    const parent = pathAbove(all, row, keyCol, !!valueMatch[2], valueMatch[1]!.length);
    return { parent, kind: 'value', key: valueMatch[3]!, prefix: valueMatch[4] ?? '' };
  }
  const keyMatch = /^(\s*)(- +)?([A-Za-z_][\w.-]*)?$/.exec(line);
  const keyCol = (keyMatch?.[1]?.length ?? 0) + (keyMatch?.[2]?.length ?? 0);
  return { parent: pathAbove(all, row, keyCol, !!keyMatch?.[2], keyMatch?.[1]?.length ?? 0), kind: 'key', prefix: keyMatch?.[3] ?? '' };
}

/** The key on a line and the path to it, for hover: null when the position is not on a key. */
export function keyAt(text: string, offset: number): { path: string[]; from: number; to: number } | null {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = text.indexOf('\n', offset) < 0 ? text.length : text.indexOf('\n', offset);
  const line = text.slice(lineStart, lineEnd);
  const m = /^(\s*)(- +)?([A-Za-z_][\w.-]*):/.exec(line);
  if (!m) return null;
  const from = lineStart + m[1]!.length + (m[2]?.length ?? 0);
  const to = from + m[3]!.length;
  if (offset < from || offset > to) return null;
  const row = text.slice(0, lineStart).split('\n').length - 1;
  const parent = pathAbove(text.split('\n'), row, m[1]!.length + (m[2]?.length ?? 0), !!m[2], m[1]!.length);
  return { path: [...parent, m[3]!], from, to };
}
