// The conformance suite: every *.qtest script here runs on the scenario its first line names and must print what its
// "<" lines say (format: src/sim/lab/qtest/checkScript.ts); every *.path script runs its scenario and the interrupt
// it names must take the hops its "<" lines say, in those contexts (format: src/sim/lab/flowPath.ts). What is checked
// and why: docs/conformance.md.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lab } from '../../src/sim/lab/lab';
import { checkQtestScript, parseHeader, type Mismatch } from '../../src/sim/lab/qtest/checkScript';
import { checkPathScript, parsePathHeader, type PathMismatch } from '../../src/sim/lab/flowPath';

const root = join(__dirname, '../..');
const here = __dirname;

function scripts(dir: string, ext: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    if (e.isDirectory()) return scripts(p, ext);
    return e.name.endsWith(ext) ? [p] : [];
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

/** Runs the path script's scenario to the end and checks the interrupt's path. */
export function checkPath(text: string): PathMismatch[] {
  const h = parsePathHeader(text);
  const r = Lab.load(scenarioText(h.scenario), { set: h.sets, seed: h.seed });
  if (!r.ok) throw new Error(r.issues.map((i) => `${i.path}: ${i.message}`).join('\n'));
  r.lab.runToEnd();
  return checkPathScript(text, r.lab);
}

const showPath = (m: PathMismatch[]) => m.map((x) => `line ${x.line}\n  expected: ${x.expected}\n  got:      ${x.got}`).join('\n');

const show = (m: Mismatch[]) => m.map((x) => `line ${x.line}: ${x.command}\n  expected: ${x.expected.join(' | ')}\n  got:      ${x.got.join(' | ') || '(nothing)'}`).join('\n');

describe('conformance scripts', () => {
  const files = scripts(here, '.qtest');
  it('there are scripts to run', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(relative(here, f), () => {
      const m = check(readFileSync(f, 'utf8'));
      expect(m, show(m)).toEqual([]);
    });
  }
});

describe('conformance paths', () => {
  const files = scripts(here, '.path');
  it('there are paths to check', () => expect(files.length).toBeGreaterThan(0));
  for (const f of files) {
    it(relative(here, f), () => {
      const m = checkPath(readFileSync(f, 'utf8'));
      expect(m, showPath(m)).toEqual([]);
    });
  }
});

describe('the path checker', () => {
  const head = '#! virq path msi-emulated --flow 1';
  it('reports a hop in the wrong context, a missing hop and hops left over', () => {
    expect(checkPath([head, '< nic0 pci.msi.write', '< cpu1 x86.lapic.accept'].join('\n'))[0]).toMatchObject({ line: 3, got: expect.stringMatching(/^cpu0\.lapic x86\.lapic\.accept/) });
    expect(checkPath([head, '< nic0 pci.msi.write'].join('\n'))[0]).toMatchObject({ expected: '(end of the flow)' });
    expect(checkPath([head, '< ...', '< vm0.vcpu0 kvm.apic.eoi.emulate', '< vm0.vcpu0 kvm.ioapic.eoi'].join('\n'))[0])
      .toMatchObject({ line: 4, got: '(the flow has no more hops)' });
    expect(checkPath([head, '< ...', '< vm0.vcpu0 kvm.apic.eoi.emulate'].join('\n'))).toEqual([]);
  });
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
