// One interrupt's path, hop by hop, as text (`virq path`), and the conformance suite's check of it
// (test/conformance/**/*.path): which CPU or vCPU ran each step, in which order — the contexts the kernel runs
// them in (an irqfd's injection inline or from a kworker, the resample and VFIO's unmask inside the vCPU's EOI exit).
// A path script:
//   #! virq path <scenario> --flow N [--seed N] [--set path=value …]   the first line: how to print it by hand
//      (or --kind K instead of --flow: every hop of that kind in the run, in order — a setup call's outcome, say)
//   # …                                                               a comment (each check names its source)
//   < <where> <kind> [<word> …]                                       the next hop of the flow: its first words
//   < ...                                                             any number of hops (a gap)
// Every hop of the flow must be matched: a path with no "..." at the end says the flow ends there.
import type { Lab } from './lab';

export interface PathHeader {
  scenario: string;
  /** The interrupt to follow (0 when the script follows a hop kind instead). */
  flow: number;
  kind?: string;
  seed?: number;
  sets: Record<string, string>;
}

export interface PathMismatch {
  /** Line of the script (1-based) whose expectation failed, or the script's last line when hops were left over. */
  line: number;
  expected: string;
  got: string;
}

/** The hops of `flow` (or of hop kind `kind`), one line each: "<where> <kind> <detail> [+<ns since the first>]". */
export function flowPath(lab: Lab, flow: number | { kind: string }): string[] {
  const filter = typeof flow === 'number' ? { flow } : { kind: flow.kind };
  const rows = lab.queryLog({ start: 0, count: 100_000, filter }).rows;
  const t0 = rows[0]?.timeNs ?? 0;
  return rows.map((r) => `${r.where} ${r.kind} ${r.detail} [+${r.timeNs - t0} ns]`);
}

export function parsePathHeader(text: string): PathHeader {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const m = /^#!\s*virq path\s+(\S+)(.*)$/.exec(first);
  if (!m) throw new Error('the first line must be "#! virq path <scenario> --flow N [options]"');
  const words = m[2]!.trim().split(/\s+/).filter(Boolean);
  const out: PathHeader = { scenario: m[1]!, flow: 0, sets: {} };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const value = words[++i];
    if (value === undefined) throw new Error(`${w} needs a value`);
    if (w === '--flow') out.flow = Number(value);
    else if (w === '--kind') out.kind = value;
    else if (w === '--seed') out.seed = Number(value);
    else if (w === '--set') out.sets[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
    else throw new Error(`unknown option ${w}`);
  }
  if (out.kind === undefined && (!Number.isInteger(out.flow) || out.flow < 1)) throw new Error('--flow needs a flow number (1 or more), or give --kind K');
  return out;
}

/** The expected words are the first words of the hop's line ("*": any word). */
function matches(expected: string, got: string): boolean {
  const e = expected.trim().split(/\s+/);
  const g = got.trim().split(/\s+/);
  return e.length <= g.length && e.every((w, i) => w === '*' || w === g[i]);
}

/** Checks the script against `lab` (already run) and lists every mismatch (empty: the path is as written). */
export function checkPathScript(text: string, lab: Lab): PathMismatch[] {
  const header = parsePathHeader(text);
  const got = flowPath(lab, header.kind === undefined ? header.flow : { kind: header.kind });
  const lines = text.split(/\r?\n/);
  const expected: { line: number; words: string }[] = [];
  lines.forEach((l, i) => { if (l.trim().startsWith('<')) expected.push({ line: i + 1, words: l.trim().slice(1).trim() }); });
  // Matching with gaps: at each expectation, "..." may take any number of hops; the first match is taken.
  const out: PathMismatch[] = [];
  let k = 0;
  for (let e = 0; e < expected.length; e++) {
    const x = expected[e]!;
    if (x.words === '...') {
      const next = expected[e + 1];
      if (!next) { k = got.length; break; }
      while (k < got.length && !matches(next.words, got[k]!)) k++;
      continue;
    }
    if (k >= got.length) { out.push({ line: x.line, expected: x.words, got: '(the flow has no more hops)' }); return out; }
    if (!matches(x.words, got[k]!)) { out.push({ line: x.line, expected: x.words, got: got[k]! }); return out; }
    k++;
  }
  if (k < got.length) out.push({ line: lines.length, expected: '(end of the flow)', got: got[k]! });
  return out;
}
