// The netperf TCP_RR-style closed loop (devices[i].workload kind rr): transactions per second come out of the
// interrupt path, the application's work and the wire; a client never has more than one request outstanding.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Lab } from '../../../../src/sim/lab/lab';
import type { RunSummary, WorkloadSummary } from '../../../../src/shared/protocol';

const rrMsi = readFileSync(new URL('../../../fixtures/workloads/rr-msi.yaml', import.meta.url), 'utf8');
const rrIntx = readFileSync(new URL('../../../fixtures/workloads/rr-intx.yaml', import.meta.url), 'utf8');
const rrMsix = readFileSync(new URL('../../../fixtures/workloads/rr-msix.yaml', import.meta.url), 'utf8');

function run(text: string, set: Record<string, string> = {}, opts: { untilNs?: number; seed?: number } = {}): { lab: Lab; s: RunSummary } {
  const r = Lab.load(text, { set, bareMetal: false, untilNs: opts.untilNs ?? 5_000_000, seed: opts.seed });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return { lab: r.lab, s: r.lab.runToEnd() };
}

const nic = (s: RunSummary): WorkloadSummary => s.workloads!.nic0!;
const tps = (s: RunSummary) => nic(s).rr!.transactionsPerSec;

describe('closed-loop request/response (rr)', () => {
  it('transactions/s fall as the application work per transaction grows', () => {
    for (const owner of ['vm0', 'host']) {
      const t = ['2us', '10us', '40us'].map((w) => tps(run(rrMsi, { 'devices[0].owner': owner, 'devices[0].workload.appWork': w }).s));
      expect(t[0]!, owner).toBeGreaterThan(t[1]!);
      expect(t[1]!, owner).toBeGreaterThan(t[2]!);
    }
  });

  it('posted delivery gives more transactions/s than emulated on an MSI NIC, with no exit per transaction', () => {
    const emulated = run(rrMsi, { 'vms[0].delivery': 'emulated' }).s;
    const posted = run(rrMsi, { 'vms[0].delivery': 'posted' }).s;
    expect(tps(posted)).toBeGreaterThan(tps(emulated));
    expect(nic(posted).rr!.exitsPerTransaction).toBe(0);
    expect(nic(emulated).rr!.exitsPerTransaction).toBeGreaterThanOrEqual(2);
    expect(nic(posted).rr!.latencyNs.mean).toBeLessThan(nic(emulated).rr!.latencyNs.mean);
  });

  it('a costlier interrupt path gives fewer transactions/s', () => {
    const base = run(rrMsi).s;
    const dearExit = run(rrMsi, { 'costs["kvm.vmexit"]': '5000 cycles' }).s;
    const dearHandler = run(rrMsi, { 'costs["guest.driver.handler"]': '8us' }).s;
    expect(tps(dearExit)).toBeLessThan(tps(base));
    expect(tps(dearHandler)).toBeLessThan(tps(base));
  });

  it('never has more than `clients` requests outstanding, even when the vCPU cannot keep up', () => {
    const { s } = run(rrMsi, { 'devices[0].workload.clients': '3', 'devices[0].workload.appWork': '30us', 'devices[0].workload.wireJitter': '10us' });
    expect(nic(s).rr!.maxOutstanding).toBe(3);
    // One vCPU does 30 µs per transaction: it, not the wire, bounds the rate.
    expect(tps(s)).toBeLessThanOrEqual(1e9 / 30_000);
  });

  it('obeys Little\'s law: clients = transactions/s × mean latency', () => {
    for (const clients of [1, 2]) {
      const r = nic(run(rrMsi, { 'devices[0].workload.clients': String(clients) }, { untilNs: 20_000_000 }).s).rr!;
      expect(Math.abs((r.transactionsPerSec * r.latencyNs.mean) / 1e9 - clients)).toBeLessThan(0.02 * clients);
    }
  });

  it('includes the wire: a longer round trip outside the host, fewer transactions/s', () => {
    const near = nic(run(rrMsi, { 'devices[0].workload.wireNs': '10us' }).s).rr!;
    const far = nic(run(rrMsi, { 'devices[0].workload.wireNs': '100us' }).s).rr!;
    expect(far.latencyNs.mean - near.latencyNs.mean).toBe(90_000);
    expect(far.transactionsPerSec).toBeLessThan(near.transactionsPerSec);
  });

  it('runs on an INTx NIC (masked by VFIO, unmasked at EOI) and completes every flow', () => {
    for (const delivery of ['emulated', 'posted']) {
      const { s } = run(rrIntx, { 'vms[0].delivery': delivery });
      expect(tps(s), delivery).toBeGreaterThan(0);
      expect(s.stuck, delivery).toEqual([]);
      expect(s.flows.pending, delivery).toBe(0);
    }
    // INTx costs more per interrupt than MSI (config-space masking, the resample path): fewer transactions/s.
    expect(tps(run(rrIntx).s)).toBeLessThan(tps(run(rrMsi).s));
  });

  it('spreads clients over the MSI-X queues: client c\'s application runs on vCPU c', () => {
    const { lab, s } = run(rrMsix);
    const where = new Set(lab.queryLog({ start: 0, count: 10_000, filter: { kind: 'guest.app.work' } }).rows.map((r) => r.where));
    expect([...where].sort()).toEqual(['vm0.vcpu0', 'vm0.vcpu1', 'vm0.vcpu2', 'vm0.vcpu3']);
    expect(nic(s).rr!.maxOutstanding).toBe(4);
  });

  it('with txIrq the NIC interrupts twice per transaction (handled while the reply is on the wire)', () => {
    const on = nic(run(rrMsi, { 'devices[0].workload.txIrq': 'true' }).s);
    const off = nic(run(rrMsi).s);
    expect(on.interrupts).toBeGreaterThanOrEqual(2 * on.rr!.transactions);
    expect(off.interrupts).toBeLessThan(2 * off.rr!.transactions);
    expect(on.rr!.exitsPerTransaction).toBeGreaterThan(1.9 * off.rr!.exitsPerTransaction);
    expect(on.rr!.transactionsPerSec).toBeLessThanOrEqual(off.rr!.transactionsPerSec);
  });

  it('takes an interrupt in the middle of the application\'s work (guest code with interrupts on)', () => {
    for (const delivery of ['emulated', 'posted']) {
      const { lab } = run(rrMsi, { 'vms[0].delivery': delivery, 'devices[0].workload.clients': '2', 'devices[0].workload.appWork': '40us' });
      const q = (kind: string) => lab.queryLog({ start: 0, count: 100_000, filter: { kind, vm: 'vm0' } }).rows.filter((r) => r.where === 'vm0.vcpu0');
      const apps = q('guest.app.work');
      const nested = q('guest.handler').filter((h) => apps.some((a) => h.timeNs > a.timeNs && h.timeNs < a.timeNs + a.durNs));
      expect(nested.length, delivery).toBeGreaterThan(0);
    }
  });

  it('is deterministic, and wire jitter follows the seed', () => {
    const jitter = { 'devices[0].workload.wireJitter': '5us' };
    expect(run(rrMsi, jitter, { seed: 7 }).s.logHash).toBe(run(rrMsi, jitter, { seed: 7 }).s.logHash);
    expect(run(rrMsi, jitter, { seed: 7 }).s.logHash).not.toBe(run(rrMsi, jitter, { seed: 8 }).s.logHash);
    expect(run(rrMsi, {}, { seed: 7 }).s.workloads).toEqual(run(rrMsi, {}, { seed: 8 }).s.workloads);
  });
});
