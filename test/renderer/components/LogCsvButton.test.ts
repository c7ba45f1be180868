// @vitest-environment happy-dom
// The Log's "Export CSV": every row matching the current filter (all pages), pulled from the lab in chunks; with no
// filter the same bytes as `virq trace --csv`; capped (and saying so) at the export's bound.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { enableAutoUnmount, flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia, type Pinia } from 'pinia';
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import type { LabApi } from '../../../src/shared/protocol';
import { inProcessLab, presetText } from '../support/inProcessLab';
import { formatCount } from '../../../src/renderer/src/format';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));
const saved = vi.hoisted(() => ({ files: [] as { text: string; name: string }[] }));
vi.mock('../../../src/renderer/src/files/downloadText', async (original) => ({
  ...(await original<typeof import('../../../src/renderer/src/files/downloadText')>()),
  downloadText: (text: string, name: string) => saved.files.push({ text, name }),
}));
/** The export's cap, lowered by one test. */
const cap = vi.hoisted(() => ({ value: 0 }));
vi.mock('../../../src/shared/csv/hopCsv', async (original) => {
  const real = await original<typeof import('../../../src/shared/csv/hopCsv')>();
  cap.value = real.MAX_CSV_HOPS;
  return { ...real, get MAX_CSV_HOPS() { return cap.value; } };
});

const { default: LogCsvButton } = await import('../../../src/renderer/src/components/LogCsvButton.vue');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');
const { useLogStore } = await import('../../../src/renderer/src/stores/log');

enableAutoUnmount(afterEach);
const bin = resolve(import.meta.dirname, '../../../bin/virq.js');

describe('Log: Export CSV', () => {
  let pinia: Pinia;
  const realCap = cap.value;

  beforeEach(async () => {
    pinia = createPinia();
    setActivePinia(pinia);
    lab.api = inProcessLab();
    saved.files = [];
    cap.value = realCap;
    const labStore = useLabStore(pinia);
    await labStore.call('load', { text: presetText('msi-emulated') });
    await labStore.control('run', {});
    await vi.waitFor(() => expect(labStore.state).toBe('finished'), { timeout: 20_000 });
  });

  async function exported() {
    const w = mount(LogCsvButton, { global: { plugins: [pinia] } });
    await w.get('[data-testid="export-log-csv"]').trigger('click');
    await vi.waitFor(() => expect(saved.files).toHaveLength(1), { timeout: 20_000 });
    await flushPromises();
    return { file: saved.files[0]!, message: w.get('[data-testid="export-log-csv-result"]').text() };
  }

  it('with no filter, writes every hop: the bytes of `virq trace --csv`', async () => {
    const { file, message } = await exported();
    const cli = spawnSync(process.execPath, [bin, 'trace', 'msi-emulated', '--csv'], { encoding: 'utf8', maxBuffer: 1 << 28 });
    expect(cli.status).toBe(0);
    expect(file.text).toBe(cli.stdout);
    expect(file.name).toBe('msi-emulated-log.csv');
    const rows = file.text.split('\n').length - 2;
    expect(rows).toBeGreaterThan(5000); // more than one chunk, more than one page of the table
    expect(message).toBe(`${formatCount(rows)} rows → msi-emulated-log.csv`);
  }, 60_000);

  it('with a filter, writes only the matching rows, all of them', async () => {
    const log = useLogStore(pinia);
    await log.setFilter({ kind: 'guest.handler', to: '20ms' });
    const total = (await lab.api!.call('queryHops', { start: 0, count: 0, filter: { kind: 'guest.handler', toNs: 20e6 } })).total;
    expect(total).toBeGreaterThan(log.windowSize);
    const { file } = await exported();
    const rows = file.text.split('\n').slice(1, -1);
    expect(rows).toHaveLength(total);
    expect(rows.every((l) => l.split(',')[2] === 'guest.handler' && Number(l.split(',')[0]) <= 20e6)).toBe(true);
  }, 60_000);

  it('stops at the cap and says so', async () => {
    cap.value = 1234;
    const { file, message } = await exported();
    expect(file.text.split('\n')).toHaveLength(1234 + 2);
    expect(message).toMatch(/^1,234 of [\d,]+ rows \(capped at 1,234: narrow the filter or time range\) → msi-emulated-log\.csv$/);
  }, 60_000);
});
