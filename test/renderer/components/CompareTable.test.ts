// @vitest-environment happy-dom
// Compare's table → CSV: the rows the table shows (all, or only the differences), A and B under their labels, B − A.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import type { LabApi, RunSummary } from '../../../src/shared/protocol';
import { Lab } from '../../../src/sim/lab/lab';
import { inProcessLab, presetText } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));
const saved = vi.hoisted(() => ({ files: [] as { text: string; name: string }[] }));
vi.mock('../../../src/renderer/src/files/downloadText', async (original) => ({
  ...(await original<typeof import('../../../src/renderer/src/files/downloadText')>()),
  downloadText: (text: string, name: string) => saved.files.push({ text, name }),
}));

const { default: CompareTable } = await import('../../../src/renderer/src/components/CompareTable.vue');

enableAutoUnmount(afterEach);

function run(delivery: string): RunSummary {
  const r = Lab.load(presetText('msi-emulated'), { set: { 'vms[0].delivery': delivery }, untilNs: 2_000_000 });
  if (!r.ok) throw new Error('load');
  return r.lab.runToEnd();
}

describe('Compare table: CSV', () => {
  let pinia: Pinia;
  const a = run('emulated');
  const b = run('posted');

  beforeEach(() => {
    pinia = createPinia();
    setActivePinia(pinia);
    lab.api = inProcessLab();
    saved.files = [];
  });

  it('writes the rows the table shows, A and B under their labels, the difference; only the differences when so filtered', async () => {
    const w = mount(CompareTable, { props: { a, b, labelA: 'emulated', labelB: 'posted' }, global: { plugins: [pinia] } });
    await flushPromises();
    await w.get('[data-testid="compare-csv"]').trigger('click');
    const all = saved.files[0]!;
    expect(all.name).toBe('compare-emulated-vs-posted.csv');
    const lines = all.text.split('\n').slice(0, -1);
    expect(lines[0]).toBe('section,name,unit,emulated,posted,difference,relative');
    const tableRows = w.findAll('[data-testid="compare-row"]');
    expect(lines).toHaveLength(tableRows.length + 1);
    // Row by row, in the table's order: the same figure.
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual(tableRows.map((r) => `${r.attributes('data-group')},${r.attributes('data-figure')}`));
    const d = b.latencyNs.p50 - a.latencyNs.p50;
    expect(d).not.toBe(0);
    expect(lines).toContain(`Latency (raise → handler),p50,ns,${a.latencyNs.p50},${b.latencyNs.p50},${d},${d / a.latencyNs.p50}`);

    await w.get('[data-testid="compare-only-different"]').setValue(true);
    await w.get('[data-testid="compare-csv"]').trigger('click');
    const differing = Number(w.get('[data-testid="compare-differing"]').text());
    expect(differing).toBeLessThan(tableRows.length);
    expect(saved.files[1]!.text.split('\n').slice(1, -1)).toHaveLength(differing);
  });
});
