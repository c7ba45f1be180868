// "% of bare metal": a run with an assigned NIC's workload is set next to its twin, run with the same seed.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Lab, type LabOptions } from '../../../src/sim/lab/lab';
import type { RunSummary } from '../../../src/shared/protocol';

const fixture = (n: string) => readFileSync(new URL(`../../fixtures/workloads/${n}.yaml`, import.meta.url), 'utf8');

function run(text: string, opts: LabOptions = {}): RunSummary {
  const r = Lab.load(text, { untilNs: 5_000_000, ...opts });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.lab.runToEnd();
}

describe('bare-metal comparison', () => {
  it('a virtualized run reaches at most ~100 % of bare-metal throughput; posted comes closer than emulated', () => {
    const emulated = run(fixture('rr-msi'), { set: { 'vms[0].delivery': 'emulated' } }).bareMetal!.pctOfBareMetal.nic0!;
    const posted = run(fixture('rr-msi'), { set: { 'vms[0].delivery': 'posted' } }).bareMetal!.pctOfBareMetal.nic0!;
    for (const p of [emulated, posted]) {
      expect(p.throughput).toBeLessThanOrEqual(100.5);
      expect(p.latencyMean!).toBeGreaterThanOrEqual(99.5);
    }
    expect(posted.throughput).toBeGreaterThan(emulated.throughput);
  });

  it('holds for INTx, MSI-X and a stream too', () => {
    for (const [name, set] of [['rr-intx', {}], ['rr-msix', {}], ['stream-msi', { 'devices[0].workload.perPacket': '1100ns' }]] as const) {
      const s = run(fixture(name), { set });
      expect(s.bareMetal!.pctOfBareMetal.nic0!.throughput, name).toBeLessThanOrEqual(100.5);
      expect(s.bareMetal!.workloads.nic0!.owner, name).toBe('host');
    }
  });

  it('is the twin\'s own run: the same log as running native: true with the same seed and window', () => {
    const bm = run(fixture('rr-msi'), { seed: 5 }).bareMetal!;
    const native = run(fixture('rr-msi'), { seed: 5, set: { native: 'true' } });
    expect(bm.logHash).toBe(native.logHash);
    expect(bm.workloads).toEqual(native.workloads);
  });

  it('is only run when a device a VM owns has a workload, unless asked (or refused)', () => {
    expect(run(fixture('rr-msi'), { set: { 'devices[0].owner': 'host' } }).bareMetal).toBeUndefined();
    expect(run(fixture('rr-msi'), { bareMetal: false }).bareMetal).toBeUndefined();
    const openLoop = fixture('rr-msi').replace(/\n {4}workload:.*\n/, '\n    rate: 20000\n');
    expect(run(openLoop).bareMetal).toBeUndefined();
    const asked = run(openLoop, { bareMetal: true }).bareMetal!;
    expect(asked.latencyNs.p50).toBeGreaterThan(0);
    expect(asked.pctOfBareMetal).toEqual({});
  });
});
