// Compare, the front door: the same preset with vms[0].idle busy vs halt, and a cost override; the figures shown
// equal in-process runs of the preset with the same overrides, and the figures that differ are highlighted.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunSummary } from '../../src/shared/protocol';
import { editorText } from './editorDriver';
import { openSession, T, WAIT, type Session } from './session';
import { formatCount, formatNs } from '../../src/renderer/src/format';

const PRESET = 'msi-emulated';

describe('compare, driven like a user', () => {
  let s: Session;
  let busy: RunSummary;
  let halt: RunSummary;

  beforeAll(async () => {
    s = await openSession();
    const text = s.presets.find((p) => p.name === PRESET)!.text;
    busy = await summaryWith(s, text, { 'vms[0].idle': 'busy' });
    halt = await summaryWith(s, text, { 'vms[0].idle': 'halt', 'costs["kvm.vmexit"]': '3000 cycles' });
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  it('opens on Compare, with the preset switches as menus', async () => {
    await expect.poll(() => s.byId('view-compare').isVisible(), { timeout: WAIT }).toBe(true);
    await expect.poll(() => s.byId('compare-source').locator('option').allTextContents(), { timeout: WAIT }).toContain(PRESET);
    await s.byId('compare-source').selectOption(PRESET);
    const paths = await s.byId('compare-switch-a').evaluateAll((els) => els.map((e) => e.getAttribute('data-path')));
    expect(paths).toContain('vms[0].idle');
    // One difference at a time: a chosen preset starts A and B on its switch's first two values, nothing else.
    const delivery = (side: string) => s.page.locator(`[data-testid="compare-switch-${side}"][data-path="vms[0].delivery"]`);
    expect([await delivery('a').inputValue(), await delivery('b').inputValue()]).toEqual(['emulated', 'posted']);
    await delivery('a').selectOption('');
    await delivery('b').selectOption('');
  }, T);

  it('runs busy vs halt (+ a vmexit cost override) and shows the figures of both runs, differences highlighted', async () => {
    await s.byId('compare-label-a').fill('busy');
    await s.byId('compare-label-b').fill('halt');
    await s.page.locator('[data-testid="compare-switch-a"][data-path="vms[0].idle"]').selectOption('busy');
    await s.page.locator('[data-testid="compare-switch-b"][data-path="vms[0].idle"]').selectOption('halt');
    await s.byId('compare-extra-b').fill('costs["kvm.vmexit"]=3000 cycles');
    await s.byId('compare-run').click();
    await expect.poll(() => s.byId('compare-progress').getAttribute('data-state'), { timeout: WAIT }).toBe('done');
    expect(await s.byId('compare-head-a').textContent()).toBe('busy');
    expect(await s.byId('compare-head-b').textContent()).toBe('halt');

    const row = (group: string, figure: string) =>
      s.page.locator(`[data-testid="compare-row"][data-group="${group}"][data-figure="${figure}"]`);
    const p50 = row('Latency (raise → handler)', 'p50');
    expect(await p50.getByTestId('compare-a').textContent()).toBe(formatNs(busy.latencyNs.p50));
    expect(await p50.getByTestId('compare-b').textContent()).toBe(formatNs(halt.latencyNs.p50));
    const p99 = row('Latency (raise → handler)', 'p99');
    expect(await p99.getByTestId('compare-b').textContent()).toBe(formatNs(halt.latencyNs.p99));
    const exits = row('VM exits', 'total');
    expect(await exits.getByTestId('compare-a').textContent()).toBe(formatCount(busy.vmExits.total));
    expect(await exits.getByTestId('compare-b').textContent()).toBe(formatCount(halt.vmExits.total));
    for (const [reason, n] of Object.entries(halt.vmExits.byReason)) {
      expect(await row('VM exits', reason).getByTestId('compare-b').textContent()).toBe(formatCount(n));
    }
    const kind = Object.keys(halt.hopTimeNs)[0]!;
    expect(await row('Host CPU time per hop kind', kind).getByTestId('compare-b').textContent()).toBe(formatNs(halt.hopTimeNs[kind]!.totalNs));
    expect(await row('Flows', 'coalesced').getByTestId('compare-b').textContent()).toBe(formatCount(halt.flows.coalesced));
    expect(await row('Flows', 'dropped (lost)').getByTestId('compare-a').textContent()).toBe(formatCount(busy.flows.dropped));

    // Differences are highlighted exactly where the two runs differ.
    expect(busy.latencyNs.p50 !== halt.latencyNs.p50).toBe(true);
    expect(await p50.getAttribute('data-differs')).toBe('yes');
    expect(await p50.getByTestId('compare-delta').textContent()).toMatch(/^[+−]/);
    const raised = row('Flows', 'raised');
    expect(await raised.getAttribute('data-differs')).toBe(busy.flows.raised === halt.flows.raised ? 'no' : 'yes');
    // Charts above the table: both sides' CDFs, the time by layer, exits by reason.
    await expect.poll(() => s.page.locator('[data-testid="compare-charts"] figure').count(), { timeout: WAIT }).toBe(4);
    expect(await s.byId('compare-chart-latency-cdf').locator('polyline').count()).toBe(2);
    expect(await s.byId('compare-chart-exits').locator('rect[data-side="1"]').count()).toBeGreaterThan(0);
    await s.shot('compare-busy-vs-halt');

    await s.byId('compare-only-different').check();
    const shown = await s.byId('compare-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-differs')));
    expect(shown.length).toBeGreaterThan(0);
    expect(new Set(shown)).toEqual(new Set(['yes']));
    expect(String(shown.length)).toBe(await s.byId('compare-differing').textContent());
    await s.byId('compare-only-different').uncheck();
  }, T);

  it('opens side B in the Log: the lab runs that side again, the status bar names it, the log has its hops', async () => {
    await s.byId('compare-open-b-log').click();
    await expect.poll(() => s.byId('view-log').isVisible(), { timeout: WAIT }).toBe(true);
    await expect.poll(() => s.byId('status-scenario').textContent(), { timeout: WAIT }).toMatch(/^Compare B: halt · msi-emulated · seed 1$/);
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: WAIT }).toBe('finished');
    await expect.poll(() => s.byId('status-hops').textContent(), { timeout: WAIT }).toBe(formatCount(halt.hops));
    await s.byId('nav-compare').click();
  }, T);

  it('a bad override path is named and nothing is compared', async () => {
    await s.byId('compare-extra-b').fill('vms[0].nosuch=1');
    await s.byId('compare-run').click();
    await expect.poll(() => s.byId('compare-progress').getAttribute('data-state'), { timeout: WAIT }).toBe('failed');
    expect(await s.byId('compare-issue').first().textContent()).toMatch(/--set.*nosuch/);
    await s.byId('compare-extra-b').fill('no equals sign here');
    await s.byId('compare-run').click();
    await expect.poll(() => s.byId('compare-input-error').first().textContent(), { timeout: WAIT }).toMatch(/expected path=value/);
  }, T);

  it('compares the editor\'s own text too: A as written vs B with a cost override', async () => {
    await s.byId('compare-source').selectOption('(editor text)');
    await s.byId('nav-scenario').click();
    const text = s.presets.find((p) => p.name === PRESET)!.text;
    await s.byId('preset-picker').selectOption(PRESET);
    await expect.poll(() => editorText(s.page), { timeout: WAIT }).toBe(text);
    await s.byId('nav-compare').click();
    await s.page.locator('[data-testid="compare-switch-a"][data-path="vms[0].idle"]').selectOption('');
    await s.page.locator('[data-testid="compare-switch-b"][data-path="vms[0].idle"]').selectOption('');
    await s.byId('compare-extra-b').fill('costs["kvm.vmexit"]=3000 cycles');
    await s.byId('compare-run').click();
    await expect.poll(() => s.byId('compare-progress').getAttribute('data-state'), { timeout: WAIT }).toBe('done');
    const plain = await summaryWith(s, text, {});
    const costly = await summaryWith(s, text, { 'costs["kvm.vmexit"]': '3000 cycles' });
    const row = s.page.locator('[data-testid="compare-row"][data-group="Host CPU time per hop kind"][data-figure="kvm.vmexit"]');
    expect(await row.getByTestId('compare-a').textContent()).toBe(formatNs(plain.hopTimeNs['kvm.vmexit']!.totalNs));
    expect(await row.getByTestId('compare-b').textContent()).toBe(formatNs(costly.hopTimeNs['kvm.vmexit']!.totalNs));
    expect(await row.getAttribute('data-differs')).toBe('yes');
  }, T);

  it('walks line vs device on intx-shared-line: one difference, charts, and the resamplefd hop in B\'s swimlane', async () => {
    await s.byId('compare-source').selectOption('intx-shared-line');
    const masking = (side: string) => s.page.locator(`[data-testid="compare-switch-${side}"][data-path="devices[0].intxMasking"]`);
    expect([await masking('a').inputValue(), await masking('b').inputValue()]).toEqual(['line', 'device']);
    await s.byId('compare-extra-a').fill('');
    await s.byId('compare-extra-b').fill('');
    await s.byId('compare-run').click();
    await expect.poll(() => s.byId('compare-progress').getAttribute('data-state'), { timeout: WAIT }).toBe('done');
    await expect.poll(() => s.page.locator('[data-testid="compare-charts"] figure').count(), { timeout: WAIT }).toBe(4);
    await s.byId('compare-swimlane-box').locator('summary').click();
    const resample = s.byId('swimlane-b').locator('rect[data-kind="kvm.irqfd.resample"]');
    await expect.poll(() => resample.count(), { timeout: WAIT }).toBeGreaterThan(0);
    expect(await resample.first().getAttribute('data-flow')).toBe('1');
    await s.byId('compare-swimlane-box').scrollIntoViewIfNeeded();
    await s.shot('compare-swimlane');
  }, T);

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});

async function summaryWith(s: Session, text: string, set: Record<string, string>): Promise<RunSummary> {
  const api = s.reference.api;
  const r = await api.call('load', { text, set });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  await api.call('run', {});
  for (let i = 0; i < 3000; i++) {
    if ((await api.call('status', undefined)).state === 'finished') return api.call('metrics', undefined);
    await new Promise((res) => setTimeout(res, 10));
  }
  throw new Error('reference run did not finish');
}
