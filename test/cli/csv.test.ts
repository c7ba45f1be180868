// `virq run --csv` and `virq trace --csv` as a user runs them: the run's figures as Compare's rows, and the hop log a
// row per hop in the --from/--to window, capped by --max, the same bytes the app's Log export pulls over the protocol.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { runSummaryCsv } from '../../src/shared/csv/summaryCsv';
import { HOP_CSV_HEADER, hopCsv } from '../../src/shared/csv/hopCsv';
import { catalogRank } from '../../src/shared/compareRows';
import { hopCatalog } from '../../src/sim/lab/machineViews';
import { readPresets, runToEnd, startReferenceLab } from '../e2e/referenceLab';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const virq = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const lines = (text: string) => text.split('\n').slice(0, -1);
const presets = readPresets(join(import.meta.dirname, '../../resources/presets'));

describe('virq run --csv', () => {
  it('prints section,name,value,unit: one row per figure, the rows of the app\'s Compare table for this run', () => {
    const r = virq('run', 'msi-emulated', '--seed', '3', '--csv');
    expect(r.code).toBe(0);
    const s = JSON.parse(virq('run', 'msi-emulated', '--seed', '3', '--json').out);
    expect(r.out).toBe(runSummaryCsv(s, catalogRank(hopCatalog())));
    const rows = lines(r.out);
    expect(rows[0]).toBe('section,name,value,unit');
    expect(rows).toContain(`Latency (raise → handler),p99,${s.latencyNs.p99},ns`);
    expect(rows).toContain(`Flows,raised,${s.flows.raised},count`);
    expect(rows).toContain(`VM exits,MSR_WRITE,${s.vmExits.byReason.MSR_WRITE},count`);
    expect(rows).toContain(`Run,hops,${s.hops},count`);
    // Per-hop-kind rows in the catalog's layer order: the hard-irq entry before KVM's exit, before the guest.
    const kinds = rows.filter((l) => l.startsWith('Host CPU time per hop kind,')).map((l) => l.split(',')[1]);
    expect(kinds.indexOf('x86.irq.entry')).toBeLessThan(kinds.indexOf('kvm.vmexit'));
    expect(kinds.indexOf('kvm.vmexit')).toBeLessThan(kinds.indexOf('guest.handler'));
  }, 60_000);
});

describe('virq trace --csv', () => {
  const ref = startReferenceLab(presets);
  afterAll(() => ref.close());
  const all = virq('trace', 'msi-emulated', '--csv');

  it('prints every hop of the log, oldest first, the same bytes as the app pulls through the lab protocol', async () => {
    expect(all.code).toBe(0);
    expect(all.err).toBe('');
    const rows = lines(all.out);
    expect(rows[0]).toBe(HOP_CSV_HEADER.join(','));
    const s = JSON.parse(virq('run', 'msi-emulated', '--json').out);
    expect(rows).toHaveLength(s.hops + 1);
    const times = rows.slice(1).map((l) => Number(l.split(',')[0]));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1]!)).toBe(true);

    await runToEnd(ref.api, presets.find((p) => p.name === 'msi-emulated')!.text);
    const viaProtocol = await hopCsv((q) => ref.api.call('queryHops', q));
    expect(all.out).toBe(viaProtocol.text);
  }, 60_000);

  it('keeps the --from/--to window (both ends included) the JSON trace keeps', () => {
    const window = ['--from', '1ms', '--to', '2ms'];
    const r = virq('trace', 'msi-emulated', '--csv', ...window);
    expect(r.code).toBe(0);
    const rows = lines(r.out).slice(1);
    const json = JSON.parse(virq('trace', 'msi-emulated', ...window).out);
    expect(rows).toHaveLength(json.otherData.hopsInWindow);
    expect(rows.length).toBeGreaterThan(10);
    expect(rows.every((l) => { const t = Number(l.split(',')[0]); return t >= 1e6 && t <= 2e6; })).toBe(true);
    const inWindow = lines(all.out).slice(1).filter((l) => { const t = Number(l.split(',')[0]); return t >= 1e6 && t <= 2e6; });
    expect(rows).toEqual(inWindow);
  }, 60_000);

  it('stops at --max rows and says so on stderr; refuses a bad --max', () => {
    const r = virq('trace', 'msi-emulated', '--csv', '--max', '25');
    expect(r.code).toBe(0);
    expect(lines(r.out)).toEqual(lines(all.out).slice(0, 26));
    expect(r.err).toMatch(/^virq: CSV cut at 25 of \d+ hops in the window \(use --from\/--to or --max\)\n$/);
    const bad = virq('trace', 'msi-emulated', '--csv', '--max', '0');
    expect(bad.code).toBe(2);
  }, 60_000);
});
