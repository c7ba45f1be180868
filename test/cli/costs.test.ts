// `virq costs`: the costs a scenario runs with, as a table a user reads and as JSON.
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../src/sim/core/catalog/costs';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const virq = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, 'costs', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('virq costs', () => {
  it('prints one line per entry: overridden (*) with its default, estimates (~) with their range, and the source', () => {
    const r = virq('msi-emulated', '--set', 'costs["pci.config.read"]=1500ns');
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines[0]).toMatch(/^msi-emulated: \d+ costs at 3 GHz — 1 overridden \(\*\), \d+ estimates/);
    expect(lines.length).toBe(2 + Object.keys(COSTS).length);
    const cfg = lines.find((l) => l.includes(' pci.config.read '))!;
    expect(cfg).toMatch(/^\*~ pci\.config\.read\s+1,500 ns\s+1,500 ns\s+default 1,000 ns\s+500–2,000 ns\s+facts F16/);
    const exit = lines.find((l) => l.includes(' kvm.vmexit '))!;
    expect(exit).toMatch(/^ {3}kvm\.vmexit\s+1,000 cycles\s+333 ns\s+sourced\s+facts F1/);
  });

  it('--json gives the protocol\'s rows', () => {
    const r = virq('gvt-three-vms', '--json', '--set', 'costs["gpu.engine.batch@vm1"]=2ms');
    expect(r.code).toBe(0);
    const c = JSON.parse(r.out);
    expect(c.scenario).toBe('gvt-three-vms');
    expect(c.costs.find((x: { name: string }) => x.name === 'gpu.engine.batch@vm1')).toMatchObject({ scope: 'vm1', ns: 2_000_000, overridden: true });
  });

  it('an unknown preset is a usage error', () => {
    expect(virq('no-such-preset').code).toBe(2);
  });
});
