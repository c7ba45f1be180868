// Compare's pure parts: free-form `path=value` overrides, and the rows of two summaries with their difference.
import { describe, expect, it } from 'vitest';
import { formatOverrides, parseOverrides } from '../../src/renderer/src/compare/overrideText';
import { compareRows, difference } from '../../src/shared/compareRows';
import type { RunSummary } from '../../src/shared/protocol';

const p = (n: number) => ({ count: 10, p50: n, p90: n * 2, p99: n * 3, max: n * 4 });
function summary(lat: number, exits: Record<string, number>): RunSummary {
  const total = Object.values(exits).reduce((a, b) => a + b, 0);
  const cpuNs = { hostNs: 0, guestNs: 0, wireNs: 0, hostNsPerFlow: 0 };
  return {
    scenario: 's', seed: 1, simulatedNs: 1e6, events: 100, hops: 50, hopsOverwritten: 0,
    flows: { raised: 10, delivered: 9, coalesced: 1, dropped: 0, pending: 0 },
    latencyNs: p(lat), completionNs: p(lat * 2), vmExits: { total, byReason: exits },
    cpuNs,
    perVm: { vm0: { cpuNs, flows: { raised: 10, delivered: 9, coalesced: 1, dropped: 0, pending: 0 }, latencyNs: p(lat), completionNs: p(lat), vmExits: { total, byReason: exits } } },
    hopTimeNs: { 'kvm.vmexit': { count: total, totalNs: total * 333 } }, stuck: [], logHash: 'x',
  };
}

describe('compare', () => {
  it('splits overrides at the first "=" outside brackets and quotes, and names bad lines', () => {
    const r = parseOverrides('costs["a=b"]=3000 cycles\n  vms[0].idle = halt \n# note\n\nnonsense');
    expect(r.set).toEqual({ 'costs["a=b"]': '3000 cycles', 'vms[0].idle': 'halt' });
    expect(r.errors).toEqual(['line 5: expected path=value, got "nonsense"']);
    expect(parseOverrides(formatOverrides(r.set)).set).toEqual(r.set);
  });

  it('lines up every figure of both runs, exit reasons from either side, with B − A', () => {
    const rows = compareRows(summary(1000, { HLT: 4 }), summary(1500, { EXTERNAL_INTERRUPT: 2, HLT: 1 }));
    const get = (group: string, label: string) => rows.find((r) => r.group === group && r.label === label)!;
    expect(difference(get('Latency (raise → handler)', 'p50'))).toEqual({ delta: 500, ratio: 0.5 });
    expect(get('VM exits', 'EXTERNAL_INTERRUPT')).toMatchObject({ a: 0, b: 2 });
    expect(get('VM exits', 'HLT')).toMatchObject({ a: 4, b: 1 });
    expect(get('VM exits', 'total')).toMatchObject({ a: 4, b: 3 });
    expect(get('Host CPU time per hop kind', 'kvm.vmexit')).toMatchObject({ a: 1332, b: 999, unit: 'ns' });
    expect(difference(get('Flows', 'dropped (lost)'))).toEqual({ delta: 0, ratio: null });
  });

  it('orders the per-hop-kind rows by the rank given (the catalog\'s layer order), then by name, and marks them', () => {
    const a = summary(1000, { HLT: 1 });
    a.hopTimeNs = { 'guest.handler': { count: 1, totalNs: 5 }, 'x86.irq.entry': { count: 1, totalNs: 5 }, 'kvm.vmexit': { count: 1, totalNs: 5 } };
    const rank: Record<string, number> = { 'x86.irq.entry': 1, 'kvm.vmexit': 3, 'guest.handler': 4 };
    const rows = compareRows(a, a, (k) => rank[k] ?? 9).filter((r) => r.group === 'Host CPU time per hop kind');
    expect(rows.map((r) => r.label)).toEqual(['x86.irq.entry', 'kvm.vmexit', 'guest.handler']);
    expect(rows.every((r) => r.hopKind)).toBe(true);
    expect(compareRows(a, a).filter((r) => r.hopKind).map((r) => r.label)).toEqual(['guest.handler', 'kvm.vmexit', 'x86.irq.entry']);
  });
});

describe('compare rows: throughput', () => {
  it('lists transactions/s, exits per transaction and % of bare metal for a workload, higher better', async () => {
    const { Lab } = await import('../../src/sim/lab/lab');
    const { presetText } = await import('./support/inProcessLab');
    const run = (delivery: string) => {
      const r = Lab.load(presetText('claim-eli'), { set: { 'vms[0].delivery': delivery }, untilNs: 2_000_000 });
      if (!r.ok) throw new Error('load');
      return r.lab.runToEnd();
    };
    const rows = compareRows(run('emulated'), run('posted'));
    const row = (label: string) => rows.find((r) => r.group === 'Throughput of nic0' && r.label === label)!;
    expect(row('transactions/s').lowerIsBetter).toBe(false);
    expect(row('transactions/s').b!).toBeGreaterThan(row('transactions/s').a!);
    expect(row('exits per transaction').b).toBe(0);
    expect(row('% of bare metal (throughput)').a!).toBeLessThan(row('% of bare metal (throughput)').b!);
  });
});
