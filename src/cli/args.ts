// Command-line arguments: positionals, --flag, --opt value / --opt=value, and repeatable --set path=value.
export class UsageError extends Error {}

export interface ParsedArgs {
  positional: string[];
  flags: Set<string>;
  options: Map<string, string>;
  sets: [string, string][];
  /** Options that may be given more than once (--vary, --metric), in order. */
  lists: Map<string, string[]>;
}

/** Options kept in order each time they are given. */
const LIST_OPTIONS = new Set(['vary', 'metric']);

const VALUE_OPTIONS = new Set(['seed', 'until', 'set', 'file', 'from', 'to', 'max', 'vm', 'vcpu', 'flow', 'kind', 'vary', 'metric', 'seeds', 'jobs', 'out', 'shard', 'log-budget', 'max-events', 'snapshot-at', 'snapshot-out', 'from-snapshot']);

export function parseArgs(argv: string[]): ParsedArgs {
  const out: ParsedArgs = { positional: [], flags: new Set(), options: new Map(), sets: [], lists: new Map() };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (!a.startsWith('--')) { out.positional.push(a); continue; }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    if (!VALUE_OPTIONS.has(name)) {
      if (eq >= 0) throw new UsageError(`--${name} takes no value`);
      out.flags.add(name);
      continue;
    }
    const value = eq >= 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) throw new UsageError(`--${name} needs a value`);
    if (name === 'set') {
      const k = value.indexOf('=');
      if (k <= 0) throw new UsageError(`--set needs path=value, got "${value}"`);
      out.sets.push([value.slice(0, k), value.slice(k + 1)]);
    } else if (LIST_OPTIONS.has(name)) out.lists.set(name, [...(out.lists.get(name) ?? []), value]);
    else out.options.set(name, value);
  }
  return out;
}
