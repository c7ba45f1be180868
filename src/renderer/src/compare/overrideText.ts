// Free-form `--set` overrides typed one per line as `path=value`; the first '=' outside brackets and quotes splits.

export interface OverrideParse {
  set: Record<string, string>;
  errors: string[];
}

export function parseOverrides(text: string): OverrideParse {
  const set: Record<string, string> = {};
  const errors: string[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const at = splitAt(line);
    if (at < 0) {
      errors.push(`line ${i + 1}: expected path=value, got "${line}"`);
      return;
    }
    const path = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    if (!path) errors.push(`line ${i + 1}: no path before "="`);
    else set[path] = value;
  });
  return { set, errors };
}

function splitAt(line: string): number {
  let depth = 0;
  let quote: string | null = null;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']') depth--;
    else if (c === '=' && depth === 0) return i;
  }
  return -1;
}

/** The overrides as they read on screen: `path=value`, one per line. */
export function formatOverrides(set: Record<string, string>): string {
  return Object.entries(set).map(([p, v]) => `${p}=${v}`).join('\n');
}
