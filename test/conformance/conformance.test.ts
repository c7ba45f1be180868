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

describe('generated scripts', () => {
  // KVM's IOAPIC storm guard (arch/x86/kvm/ioapic.c __kvm_ioapic_update_eoi): a level GSI still asserted at EOI is
  // re-injected, and irq_eoi[pin] counts the successive ones; at IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT (10,000) the
  // re-injection is left to the eoi_inject work, HZ / 100 = 10 ms later, and the count restarts. 10,000 rounds are
  // too long to write out, so the script is generated: it is the same format and the same checker.
  it('x86/ioapic-kvm storm guard (10,000 successive EOIs, then a 10 ms delay)', () => {
    const lines = [
      '#! virq qtest test/conformance/scenarios/x86.yaml --vm 0',
      // GSI 5: level, vector 80 (0x50), to vCPU 0; asserted and left asserted.
      'writel 0xfec00000 0x1b', 'writel 0xfec00010 0x00000000', 'writel 0xfec00000 0x1a', 'writel 0xfec00010 0x00008050',
      'set_irq_in ioapic unnamed-gpio-in 5 1',
      'clock_step 100000', '< IRQ raise 80 cpu 0', '< OK *',
    ];
    // EOIs 1 … 9,999 each re-inject at once.
    for (let i = 1; i < 10_000; i++) lines.push('writel 0xfee000b0 0', 'clock_step 100000', '< IRQ raise 80 cpu 0', '< OK *');
    // The 10,000th successive EOI: Remote IRR clears but nothing is injected for 10 ms …
    lines.push('writel 0xfee000b0 0', 'clock_step 100000', 'writel 0xfec00000 0x1a', 'readl 0xfec00010', '< OK 0x0000000000008050');
    lines.push('clock_step 9800000');
    // … then eoi_inject services the pin again (Remote IRR set, delivered).
    lines.push('clock_step 200000', '< IRQ raise 80 cpu 0', '< OK *', 'readl 0xfec00010', '< OK 0x000000000000c050');
    const m = check(lines.join('\n'));
    expect(m, show(m)).toEqual([]);
  }, 120_000);
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
