// The CLI on a scenario with a workload: throughput and "% of bare metal" in `virq run` and `virq run --json`, and
// `--native` running the bare-metal twin.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const fixture = new URL('../fixtures/workloads/rr-msi.yaml', import.meta.url).pathname;
const virq = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('virq run with a workload', () => {
  it('--json carries workloads and bareMetal with the % of bare metal', () => {
    const r = virq('run', fixture, '--until', '5ms', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    const w = s.workloads.nic0;
    expect(w.kind).toBe('rr');
    expect(w.rr.transactionsPerSec).toBeGreaterThan(0);
    expect(w.rr.latencyNs.mean).toBeGreaterThan(0);
    expect(s.bareMetal.workloads.nic0.owner).toBe('host');
    const pct = s.bareMetal.pctOfBareMetal.nic0.throughput;
    expect(pct).toBeCloseTo((100 * w.rr.transactionsPerSec) / s.bareMetal.workloads.nic0.rr.transactionsPerSec, 6);
  }, 60_000);

  it('prints throughput and the bare-metal line in text', () => {
    const r = virq('run', fixture, '--until', '5ms');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^throughput:\n {2}nic0 \(rr, vm0\): [\d,]+ transactions\/s/m);
    expect(r.out).toMatch(/^bare metal \(rr-msi \(bare metal\), logHash [0-9a-f]{16}\):/m);
    expect(r.out).toMatch(/this run: [\d.]+ % of bare-metal throughput, latency [\d.]+ %/);
  }, 60_000);

  it('--native runs the twin: no exits, the NIC on the host', () => {
    const r = virq('run', fixture, '--until', '5ms', '--native', '--json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.out);
    expect(s.scenario).toBe('rr-msi (bare metal)');
    expect(s.vmExits.total).toBe(0);
    expect(s.workloads.nic0.owner).toBe('host');
    expect(s.bareMetal).toBeUndefined();
  }, 60_000);
});
