// The Log's Export CSV, driven like a user: a preset run to its end, exported with no filter (every hop, all pages:
// the reference lab's log, as `virq trace --csv` writes it), then with a kind filter (only the matching rows).
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, T, WAIT, type Session } from './session';
import { editorText } from './editorDriver';
import { runToEnd } from './referenceLab';
import { hopCsv } from '../../src/shared/csv/hopCsv';

const PRESET = 'msi-emulated';
const HEADER = 'timeNs,durNs,kind,where,flow,vm,detail\n';

describe('Log: Export CSV, driven like a user', () => {
  let s: Session;

  beforeAll(async () => {
    s = await openSession({ downloads: true });
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  async function download(): Promise<string> {
    const [file] = await Promise.all([s.page.waitForEvent('download'), s.byId('export-log-csv').click()]);
    return readFileSync((await file.path())!, 'utf8');
  }

  it('exports every hop of the run, all pages, the reference lab\'s rows byte for byte; a filter exports its rows', async () => {
    const text = s.presets.find((p) => p.name === PRESET)!.text;
    await s.byId('nav-scenario').click();
    await s.byId('preset-picker').selectOption(PRESET);
    await expect.poll(() => editorText(s.page), { timeout: WAIT }).toBe(text);
    await s.byId('nav-log').click();
    await s.page.keyboard.press('Control+Enter');
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: WAIT * 2 }).toBe('finished');

    const ref = await runToEnd(s.reference.api, text);
    const csv = await download();
    expect(csv.startsWith(HEADER)).toBe(true);
    expect(csv.split('\n').length - 2).toBe(ref.hops);
    expect(ref.hops).toBeGreaterThan(5000);
    expect(csv).toBe((await hopCsv((q) => s.reference.api.call('queryHops', q))).text);
    await expect.poll(() => s.byId('export-log-csv-result').textContent()).toMatch(/ rows → msi-emulated-log\.csv$/);

    await s.byId('log-filter-kind').selectOption('kvm.vmexit');
    const total = (await s.reference.api.call('queryHops', { start: 0, count: 0, filter: { kind: 'kvm.vmexit' } })).total;
    expect(total).toBeGreaterThan(100);
    await expect.poll(() => s.byId('log-kind').first().textContent(), { timeout: WAIT }).toMatch(/kvm\.vmexit/);
    const filtered = await download();
    const rows = filtered.split('\n').slice(1, -1);
    expect(filtered.startsWith(HEADER)).toBe(true);
    expect(rows).toHaveLength(total);
    expect(rows.every((l) => l.split(',')[2] === 'kvm.vmexit')).toBe(true);
    await s.page.setViewportSize({ width: 1024, height: 700 });
    await s.shot('log-csv-1024');
    expect(s.errors).toEqual([]);
  }, T * 2);
});
