// A qtest script with its expected replies — the conformance suite's format (test/conformance/*.qtest):
//   #! virq qtest <scenario> [--vm N] [--vcpu M] [--set path=value …]   the first line: how to run it by hand
//   # …                                                                 a comment (each check names its source)
//   <command>                                                           a qtest line
//   < <expected line>                                                   what it prints, in order ("*": any word)
// A command with no "<" lines must print exactly one line, "OK" or "OK <word>" — so a FAIL or an unexpected
// "IRQ raise" is always a mismatch.
import type { Lab } from '../lab';
import { openQtest, type QtestOptions } from './qtest';

export interface ScriptHeader {
  scenario: string;
  options: QtestOptions;
  sets: Record<string, string>;
}

export interface Mismatch {
  line: number;
  command: string;
  expected: string[];
  got: string[];
}

export function parseHeader(text: string): ScriptHeader {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  const m = /^#!\s*virq qtest\s+(\S+)(.*)$/.exec(first);
  if (!m) throw new Error('the first line must be "#! virq qtest <scenario> [options]"');
  const words = m[2]!.trim().split(/\s+/).filter(Boolean);
  const out: ScriptHeader = { scenario: m[1]!, options: {}, sets: {} };
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const value = words[++i];
    if (value === undefined) throw new Error(`${w} needs a value`);
    if (w === '--vm') out.options.vm = Number(value);
    else if (w === '--vcpu') out.options.vcpu = Number(value);
    else if (w === '--set') out.sets[value.slice(0, value.indexOf('='))] = value.slice(value.indexOf('=') + 1);
    else throw new Error(`unknown option ${w}`);
  }
  return out;
}

function matches(expected: string, got: string): boolean {
  const e = expected.trim().split(/\s+/);
  const g = got.trim().split(/\s+/);
  return e.length === g.length && e.every((w, i) => w === '*' || w.toLowerCase() === g[i]!.toLowerCase());
}

/** Runs the script on `lab` (loaded from its header's scenario, sources quiet) and lists every mismatch. */
export function checkQtestScript(text: string, lab: Lab): Mismatch[] {
  const header = parseHeader(text);
  let printed: string[] = [];
  const { session } = openQtest(lab, header.options, (l) => printed.push(l));
  const lines = text.split(/\r?\n/);
  const out: Mismatch[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('<')) continue;
    const expected: string[] = [];
    for (let j = i + 1; j < lines.length && (lines[j]!.trim().startsWith('<') || lines[j]!.trim() === ''); j++) {
      if (lines[j]!.trim() !== '') expected.push(lines[j]!.trim().slice(1).trim());
    }
    printed = [];
    session.handle(line);
    const ok = expected.length === 0
      ? printed.length === 1 && /^OK( \S+)?$/.test(printed[0]!)
      : printed.length === expected.length && expected.every((e, k) => matches(e, printed[k]!));
    if (!ok) out.push({ line: i + 1, command: line, expected: expected.length ? expected : ['OK'], got: printed });
  }
  return out;
}
