// The machine diagram's parts, driven like a user on intx-shared-line: the shared pin shows both devices on it, a
// part with a register file opens that file in Registers, and a part's "filter log" shows the Log filtered to its
// hops. Saves the picture the README shows (test-results/screenshots/machine-diagram.png, copied to docs/images).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openSession, SHOTS, T, WAIT, type Session } from './session';
import { editorText } from './editorDriver';
import { runToEnd } from './referenceLab';
import { formatCount } from '../../src/renderer/src/format';

const PRESET = 'intx-shared-line';

describe('machine diagram parts, driven like a user', () => {
  let s: Session;

  beforeAll(async () => {
    s = await openSession();
    await s.page.setViewportSize({ width: 1440, height: 900 });
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  const part = (id: string) => s.page.locator(`[data-testid="diagram-part"][data-id="${id}"]`);

  it('opens the Scenario view on intx-shared-line: pin16 is drawn shared, naming nic0 and disk0', async () => {
    await s.byId('nav-scenario').click();
    await s.byId('preset-picker').selectOption(PRESET);
    await expect.poll(() => editorText(s.page), { timeout: WAIT }).toBe(s.presets.find((p) => p.name === PRESET)!.text);
    await s.byId('tab-machine').click();
    await expect.poll(() => s.byId('machine-diagram').getAttribute('data-state'), { timeout: WAIT }).toBe('current');
    await expect.poll(() => part('host/pin16').count(), { timeout: WAIT }).toBe(1);
    expect(await part('host/pin16').getAttribute('data-sharers')).toBe('host/nic0 host/disk0');
    expect(await part('host/pin16').locator('text.label').textContent()).toBe('pin16 ← nic0, disk0');
    expect(await part('host/pin16').getByTestId('diagram-shared-tag').textContent()).toBe('SHARED ×2');
    // Both devices are wired into the one pin, and each says how it signals.
    const into = await s.page.locator('[data-testid="diagram-wire"][data-to="host/pin16"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-from')));
    expect(into.sort()).toEqual(['host/disk0', 'host/nic0']);
    expect(await part('host/disk0').locator('text.label').textContent()).toBe('disk0 · INTx pin 16');
    expect(await s.byId('diagram-band-title').allTextContents()).toEqual(['host · 4 pCPUs · disk0', 'vm0 · 2 vCPUs · nic0']);
  }, T);

  it('clicking the IOAPIC offers its register file; opening it lands on that file in Registers', async () => {
    await part('host/ioapic').click();
    await expect.poll(() => s.byId('diagram-part-actions').getAttribute('data-id'), { timeout: WAIT }).toBe('host/ioapic');
    const open = s.byId('diagram-open-registers');
    expect(await open.evaluateAll((els) => els.map((e) => e.getAttribute('data-file')))).toEqual(['host/ioapic0/ioapic']);
    await s.shot('diagram-parts-ioapic-pinned');
    // The README's picture: a wide window, the panel wide, the whole machine fitted, nic0 pinned (its path lit).
    await s.page.setViewportSize({ width: 3200, height: 560 });
    await s.byId('side-wide').click();
    await s.byId('diagram-fit').click();
    await part('host/nic0').click();
    await expect.poll(() => s.byId('diagram-part-actions').getAttribute('data-id'), { timeout: WAIT }).toBe('host/nic0');
    await s.byId('machine-diagram').screenshot({ path: join(SHOTS, 'machine-diagram.png') });
    await s.byId('side-wide').click();
    await s.page.setViewportSize({ width: 1440, height: 900 });
    await part('host/ioapic').click();
    await open.click();
    await expect.poll(() => s.byId('view-registers').count(), { timeout: WAIT }).toBe(1);
    await expect.poll(() => s.byId('register-file-title').textContent(), { timeout: WAIT }).toBe('I/O APIC');
    await expect.poll(() => s.page.locator('[data-testid="register-file"].selected').getAttribute('data-file-id'), { timeout: WAIT }).toBe('host/ioapic0/ioapic');
    expect(await s.byId('status-state').textContent()).toBe('loaded');
    await s.shot('diagram-parts-registers');
  }, T);

  it('after a run, "filter log" on disk0 shows the Log filtered to disk0\'s hops', async () => {
    await s.byId('run-button').click();
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: 60_000 }).toBe('finished');
    await s.byId('nav-scenario').click();
    await s.byId('tab-machine').click();
    await part('host/disk0').click();
    const filter = s.byId('diagram-filter-log');
    await expect.poll(() => filter.textContent(), { timeout: WAIT }).toMatch(/filter log: disk0/);
    await filter.click();
    await expect.poll(() => s.byId('log-filter-device').inputValue(), { timeout: WAIT }).toBe('disk0');
    await expect.poll(() => s.byId('log-where').count(), { timeout: WAIT }).toBeGreaterThan(0);
    const places = await s.byId('log-where').allTextContents();
    expect(new Set(places)).toEqual(new Set(['disk0']));
    // As many rows as the same run in the reference lab has at disk0.
    await runToEnd(s.reference.api, s.presets.find((p) => p.name === PRESET)!.text);
    const page = await s.reference.api.call('queryHops', { start: 0, count: 1, filter: { device: 'disk0' } });
    expect(page.total).toBeGreaterThan(0);
    await expect.poll(() => s.byId('log-range').textContent(), { timeout: WAIT }).toMatch(new RegExp(`of ${formatCount(page.total)}$`));
    await s.shot('diagram-parts-log-filtered');
  }, T);

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
