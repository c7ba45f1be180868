// A run's figures and Compare's table as CSV: the rows of compareRows, values raw in their unit, empty when missing.
import { describe, expect, it } from 'vitest';
import { compareCsv, runSummaryCsv } from '../../../src/shared/csv/summaryCsv';
import { compareRows } from '../../../src/shared/compareRows';
import { Lab } from '../../../src/sim/lab/lab';
import { readPresetDir } from '../../../src/labhost/node/presetFiles';
import type { CompareRow } from '../../../src/shared/compareRows';

const presets = readPresetDir(new URL('../../../resources/presets', import.meta.url).pathname);
function run(set: Record<string, string> = {}) {
  const r = Lab.load(presets.find((p) => p.name === 'msi-emulated')!.text, { set, untilNs: 2_000_000 });
  if (!r.ok) throw new Error('load');
  return r.lab.runToEnd();
}

describe('summary CSV', () => {
  it('one row per figure of the run, in the order of Compare\'s rows: section, name, value, unit', () => {
    const s = run();
    const lines = runSummaryCsv(s).split('\n');
    const rows = compareRows(s, s);
    expect(lines[0]).toBe('section,name,value,unit');
    expect(lines).toHaveLength(rows.length + 2);
    expect(lines[1]).toBe(`Latency (raise → handler),p50,${s.latencyNs.p50},ns`);
    expect(lines).toContain(`Flows,delivered,${s.flows.delivered},count`);
    expect(lines).toContain(`VM exits,total,${s.vmExits.total},count`);
    expect(lines.at(-2)).toBe(`Run,simulated time,${s.simulatedNs},ns`);
  });

  it('Compare\'s table: both sides under their labels, B − A and the relative difference (empty when A is 0)', () => {
    const rows: CompareRow[] = [
      { group: 'Latency', label: 'p50', unit: 'ns', a: 1000, b: 1500, lowerIsBetter: true },
      { group: 'Flows', label: 'dropped', unit: 'count', a: 0, b: 2, lowerIsBetter: true },
      { group: 'Throughput of nic0', label: '% of bare metal', unit: 'pct', a: null, b: 80, lowerIsBetter: false },
    ];
    expect(compareCsv(rows, 'line masking', 'device, level')).toBe(
      'section,name,unit,line masking,"device, level",difference,relative\n'
      + 'Latency,p50,ns,1000,1500,500,0.5\n'
      + 'Flows,dropped,count,0,2,2,\n'
      + 'Throughput of nic0,% of bare metal,pct,,80,,\n');
  });

  it('a real comparison has as many rows as the table', () => {
    const a = run({ 'vms[0].delivery': 'emulated' });
    const b = run({ 'vms[0].delivery': 'posted' });
    const rows = compareRows(a, b);
    expect(compareCsv(rows, 'A', 'B').trimEnd().split('\n')).toHaveLength(rows.length + 1);
  });
});
