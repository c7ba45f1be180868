// The conformance suite: every *.qtest script here runs on the scenario its first line names and must print what its
// "<" lines say (format: src/sim/lab/qtest/checkScript.ts; what is checked and why: docs/conformance.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lab } from '../../src/sim/lab/lab';
import { checkQtestScript, parseHeader, type Mismatch } from '../../src/sim/lab/qtest/checkScript';

const root = join(__dirname, '../..');
const here = __dirname;

function scripts(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return scripts(p);
    return e.name.endsWith('.qtest') ? [p] : [];
  });
}

function scenarioText(name: string): string {
  const p = name.endsWith('.yaml') ? join(root, name) : join(root, 'resources/presets', `${name}.yaml`);
  return readFileSync(p, 'utf8');
}

/** Loads the script's scenario (sources quiet) and checks it. */
export function check(text: string): Mismatch[] {
  const h = parseHeader(text);
  const r = Lab.load(scenarioText(h.scenario), { set: h.sets, sources: false });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  return checkQtestScript(text, r.lab);
}

const show = (m: Mismatch[]) => m.map((x) => `line ${x.line}: ${x.command}\n  expected: ${x.expected.join(' | ')}\n  got:      ${x.got.join(' | ') || '(nothing)'}`).join('\n');

describe('conformance scripts', () => {
  const files = scripts(here);
  it('there are scripts to run', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(relative(here, f), () => {
      const m = check(readFileSync(f, 'utf8'));
      expect(m, show(m)).toEqual([]);
    });
  }
});

describe('the checker', () => {
  it('reports a wrong expectation, a FAIL and an unexpected interrupt line', () => {
    const m = check([
      '#! virq qtest test/conformance/scenarios/x86.yaml',
      'writel 0xfec00000 0x1',
      'readl 0xfec00010',
      '< OK 0x0000000000000000',
      'readl 0x1000',
    ].join('\n'));
    expect(m.map((x) => x.line)).toEqual([3, 5]);
    expect(m[1]!.got[0]).toMatch(/^FAIL host: no device at 0x1000/);
  });
});
