// The interrupt log, driven like a user: breakpoints on hop kinds and hop steps, filters with a time range, one flow
// as a timeline, latency percentiles, and a run of over a million hops scrolled through a virtual table.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabApi } from '../../src/shared/protocol';
import { openSession, T, WAIT, type Session } from './session';
import { editorText, setEditorText } from './editorDriver';
import { formatCount, formatNs } from '../../src/renderer/src/format';
import { LOG_COLUMN } from '../../src/renderer/src/log/logColumns';

const PRESET = 'msi-emulated';
const KIND = 'guest.handler';

async function finish(api: LabApi): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    const st = (await api.call('status', undefined)).state;
    if (st === 'finished' || st === 'paused') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('reference run did not stop');
}

describe('interrupt log, driven like a user', () => {
  let s: Session;
  let text: string;
  let ref: LabApi;

  beforeAll(async () => {
    s = await openSession({ downloads: true });
    text = s.presets.find((p) => p.name === PRESET)!.text;
    ref = s.reference.api;
  }, T);

  it('opens the preset and the log', async () => {
    await s.byId('nav-scenario').click();
    await s.byId('preset-picker').selectOption(PRESET);
    await expect.poll(() => editorText(s.page), { timeout: WAIT }).toBe(text);
    await s.byId('nav-log').click();
    await expect.poll(() => s.byId('log-empty').count(), { timeout: WAIT }).toBe(1);
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  const newest = () => s.byId('log-row').last();
  const seqOf = async (row = newest()) => Number((await row.getByTestId('log-seq').textContent())!.trim());

  it(`pauses at the next ${KIND} (breakpoint), then steps to the next one and to the next hop`, async () => {
    await s.byId('breakpoint-kind').fill(KIND);
    await s.byId('breakpoint-kind').press('Enter');
    await expect.poll(() => s.byId('breakpoint').getAttribute('data-kind'), { timeout: WAIT }).toBe(KIND);

    // The reference run with the same breakpoint pauses at the same hop.
    await ref.call('load', { text });
    await ref.call('setStopPoints', { hopKinds: [KIND], watchpoints: [] });
    await ref.call('run', {});
    await finish(ref);
    const hit1 = (await ref.call('lastStop', undefined))!;

    await s.page.keyboard.press('Control+Enter');
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: WAIT }).toBe('paused');
    await expect.poll(() => s.byId('stop-hit').textContent(), { timeout: WAIT }).toBe(hit1.message);
    expect(await s.byId('status-stop-reason').textContent()).toContain(`breakpoint: ${KIND}`);
    await expect.poll(() => seqOf(), { timeout: WAIT }).toBe(hit1.seq);
    expect((await newest().getByTestId('log-kind').textContent())?.trim()).toBe(KIND);
    await s.shot('log-breakpoint');

    await s.page.locator('[data-testid="step-kind"]', { hasText: KIND }).click();
    await ref.call('stepToHop', { kind: KIND });
    const hit2 = (await ref.call('lastStop', undefined))!;
    expect(hit2.seq).toBeGreaterThan(hit1.seq!);
    await expect.poll(() => seqOf(), { timeout: WAIT }).toBe(hit2.seq);

    await s.byId('step-hop').click();
    await ref.call('stepToHop', {});
    const next = (await ref.call('queryLog', { start: -1, count: 1 })).rows[0]!;
    await expect.poll(() => seqOf(), { timeout: WAIT }).toBe(next.seq);
    expect((await newest().getByTestId('log-kind').textContent())?.trim()).toBe(next.kind);

    // Shift+F10 is the keyboard's "next hop".
    await s.page.keyboard.press('Shift+F10');
    await ref.call('stepToHop', {});
    const after = (await ref.call('queryLog', { start: -1, count: 1 })).rows[0]!;
    await expect.poll(() => seqOf(), { timeout: WAIT }).toBe(after.seq);

    await s.byId('breakpoint-remove').click();
    await expect.poll(() => s.byId('breakpoint').count(), { timeout: WAIT }).toBe(0);
    await s.page.keyboard.press('Control+Enter');
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: WAIT }).toBe('finished');
  }, T);

  it('filters by kind and a simulated-time range: the count is the lab\'s', async () => {
    await ref.call('setStopPoints', { hopKinds: [], watchpoints: [] });
    await ref.call('run', {});
    await finish(ref);
    await s.byId('log-filter-kind').selectOption('kvm.vmexit');
    await s.byId('log-filter-from').fill('5ms');
    await s.byId('log-filter-from').press('Tab');
    await s.byId('log-filter-to').fill('7.5ms');
    await s.byId('log-filter-to').press('Tab');
    const page = await ref.call('queryHops', { start: 0, count: 5000, filter: { kind: 'kvm.vmexit', fromNs: 5e6, toNs: 7.5e6 } });
    expect(page.total).toBeGreaterThan(0);
    await expect.poll(() => s.byId('log-range').textContent(), { timeout: WAIT }).toMatch(new RegExp(`of ${formatCount(page.total)}$`));
    const times = await s.byId('log-time').allTextContents();
    const kinds = await s.byId('log-kind').allTextContents();
    expect(new Set(kinds.map((k) => k.trim()))).toEqual(new Set(['kvm.vmexit']));
    expect(times.at(-1)).toBe(LOG_COLUMN.time.text(page.rows.at(-1)!));

    await s.byId('log-filter-to').fill('soon');
    await s.byId('log-filter-to').press('Tab');
    await expect.poll(() => s.byId('log-filter-error').textContent(), { timeout: WAIT }).toMatch(/not a time/);
    await s.byId('log-filter-clear').click();
    await expect.poll(() => s.byId('log-filter-error').count(), { timeout: WAIT }).toBe(0);
  }, T);

  it('follows one flow as a timeline with the time of each hop', async () => {
    const link = s.byId('log-flow').first();
    const flow = Number((await link.textContent())!.trim());
    await link.click();
    const hops = (await ref.call('queryHops', { start: 0, count: 1000, filter: { flow } })).rows;
    const timeline = s.byId('flow-timeline');
    await expect.poll(() => timeline.getAttribute('data-flow'), { timeout: WAIT }).toBe(String(flow));
    await expect.poll(() => s.byId('flow-hop').count(), { timeout: WAIT }).toBe(hops.length);
    expect(await s.byId('flow-hop').evaluateAll((els) => els.map((e) => e.getAttribute('data-kind')))).toEqual(hops.map((h) => h.kind));
    expect(await s.byId('flow-hop-dur').allTextContents()).toEqual(hops.map((h) => formatNs(h.durNs)));
    const last = hops.at(-1)!;
    expect(await s.byId('flow-span').textContent()).toBe(formatNs(last.timeNs + last.durNs - hops[0]!.timeNs));
    expect(hops[0]!.kind).toMatch(/msi|intx|assert|raise/);
    await s.shot('log-flow-timeline');
    // The same flow as a swimlane: a box per hop, in its layer's lane.
    await s.byId('flow-mode').click();
    await expect.poll(() => s.byId('flow-swimlane').locator('rect[data-kind]').count(), { timeout: WAIT }).toBe(hops.length);
    await s.shot('log-flow-swimlane');
    await s.byId('flow-mode').click();
    await s.byId('flow-close').click();
    await expect.poll(() => s.byId('log-filter-flow').inputValue(), { timeout: WAIT }).toBe('');
  }, T);

  it('shows latency percentiles per VM and per source, and the histogram of the one picked', async () => {
    await s.byId('tab-latency').click();
    const m = await ref.call('latencyHistogram', { bins: 40 });
    const all = m.groups.find((g) => g.key === 'all')!;
    const row = (key: string) => s.page.locator(`[data-testid="percentile-row"][data-group="${key}"]`);
    await expect.poll(() => row('all').getByTestId('p50').textContent(), { timeout: WAIT }).toBe(formatNs(all.latencyNs.p50));
    expect(await row('all').getByTestId('p99').textContent()).toBe(formatNs(all.latencyNs.p99));
    const nic = m.groups.find((g) => g.key === 'source:nic0')!;
    expect(await row('source:nic0').getByTestId('p90').textContent()).toBe(formatNs(nic.latencyNs.p90));
    expect(await row('vm:vm0').count()).toBe(1);
    await s.byId('histogram-group').selectOption('source:nic0');
    await expect.poll(() => s.byId('histogram-count').textContent(), { timeout: WAIT }).toBe(`${formatCount(nic.latencyNs.count)} flows`);
    expect(await s.page.locator('[data-testid="latency-histogram"] canvas').count()).toBe(1);
    await s.shot('log-latency');
  }, T);

  it('exports the log as Chrome Trace Event JSON for Perfetto: processes per VM, slices, arrows along interrupts', async () => {
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.byId('export-trace').click()]);
    expect(download.suggestedFilename()).toBe(`${PRESET}-trace.json`);
    const { readFile } = await import('node:fs/promises');
    const trace = JSON.parse(await readFile((await download.path())!, 'utf8')) as { traceEvents: { ph: string; name: string; args?: { name?: string } }[] };
    const ph = (p: string) => trace.traceEvents.filter((e) => e.ph === p);
    expect(ph('M').some((e) => e.name === 'process_name' && e.args?.name === 'VM vm0')).toBe(true);
    expect(ph('X').length).toBeGreaterThan(0);
    expect(ph('X').every((e) => typeof e.name === 'string' && e.name.includes('.'))).toBe(true);
    expect(ph('s').length).toBe(ph('f').length); // every arrow that starts in the window ends in it
    await expect.poll(() => s.byId('export-trace-result').textContent(), { timeout: WAIT }).toMatch(/^\d+ hops/);
  }, T);

  it('scrolls a run of over a million hops: only a screenful of rows in the page, any position reachable', async () => {
    const long = text.replace(/^duration: 20ms$/m, 'duration: 3s');
    await s.byId('nav-scenario').click();
    await setEditorText(s.page, long);
    await s.byId('run-button').click();
    await s.byId('nav-log').click();
    // The previous run is also 'finished': wait for this one's hops first, then for its end.
    const hopsShown = async () => Number((await s.byId('status-hops').textContent())!.replace(/,/g, ''));
    await expect.poll(hopsShown, { timeout: 45_000 }).toBeGreaterThan(1_000_000);
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: 45_000 }).toBe('finished');
    const hops = await hopsShown();
    expect(hops).toBeGreaterThan(1_000_000);
    await expect.poll(() => s.byId('log-range').textContent(), { timeout: WAIT }).toMatch(/of 1,000,000$/);
    const window = Number(await s.byId('log-scroller').getAttribute('data-window'));
    expect(await s.byId('log-row').count()).toBe(window);
    expect(window).toBeLessThan(100);
    // The newest row is the last hop of the run.
    await expect.poll(() => seqOf(), { timeout: WAIT }).toBe(hops - 1);

    // Drag the scrollbar to the middle: the rows there are the lab's rows at that index.
    await s.byId('log-scroller').evaluate((el: { scrollTop: number; scrollHeight: number; clientHeight: number }) => {
      el.scrollTop = (el.scrollHeight - el.clientHeight) / 2;
    });
    const first = async () => Number((await s.byId('log-range').textContent())!.split('–')[0]!.replace(/,/g, ''));
    // The window leaves the tail for the middle once the scroll is handled.
    await expect.poll(first, { timeout: WAIT }).toBeLessThan(600_000);
    const mid = await first();
    expect(mid).toBeGreaterThan(400_000);
    expect(mid).toBeLessThan(600_000);
    const overwritten = hops - 1_000_000;
    await expect.poll(() => seqOf(s.byId('log-row').first()), { timeout: WAIT }).toBe(overwritten + mid - 1);
    await s.shot('log-million-middle');

    // The wheel moves by rows.
    await s.byId('log-scroller').hover();
    await s.page.mouse.wheel(0, 210);
    await expect.poll(first, { timeout: WAIT }).toBe(mid + 10);
    // Keys move the table once it has the focus (a click on a row).
    await s.byId('log-row').nth(3).click();
    await expect.poll(() => s.page.locator('[data-testid="log-row"].selected').count(), { timeout: WAIT }).toBe(1);
    await s.page.keyboard.press('PageDown');
    await expect.poll(first, { timeout: WAIT }).toBe(mid + 10 + window - 1);
    await s.page.keyboard.press('End');
    await expect.poll(() => seqOf(), { timeout: WAIT }).toBe(hops - 1);
    await s.page.keyboard.press('Home');
    await expect.poll(() => seqOf(s.byId('log-row').first()), { timeout: WAIT }).toBe(overwritten);
  }, 90_000);

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
