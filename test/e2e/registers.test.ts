// The register inspector, driven like a user: search by name across files, a watchpoint that pauses the run,
// diffs against reset and against a snapshot, and a field write whose side effect shows in another register.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabApi } from '../../src/shared/protocol';
import { openSession, T, WAIT, type Session } from './session';
import { editorText } from './editorDriver';

const PRESET = 'msi-emulated';
const LAPIC = 'host/cpu0/lapic';

describe('register inspector, driven like a user', () => {
  let s: Session;
  let text: string;
  let ref: LabApi;

  beforeAll(async () => {
    s = await openSession();
    text = s.presets.find((p) => p.name === PRESET)!.text;
    ref = s.reference.api;
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  const row = (name: string) => s.page.locator(`[data-testid="register-row"][data-register="${name}"]`);
  const valueOf = async (name: string) => (await row(name).getByTestId('register-value').textContent())!.trim();

  it('before anything is loaded, Registers says what to do and offers Run and Step', async () => {
    await s.byId('nav-registers').click();
    await expect.poll(() => s.byId('empty-hint').isVisible(), { timeout: WAIT }).toBe(true);
    expect(await s.byId('view-toolbar').getByTestId('step-button').isEnabled()).toBe(true);
  }, T);

  it('loads the preset (one step) and finds ISR2 across all register files by name', async () => {
    await s.byId('nav-scenario').click();
    await s.byId('preset-picker').selectOption(PRESET);
    await expect.poll(() => editorText(s.page), { timeout: WAIT }).toBe(text);
    await s.byId('step-button').click();
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: WAIT }).toBe('paused');
    await s.byId('nav-registers').click();

    await s.byId('register-search').fill('isr2');
    const hits = s.byId('register-hit');
    await expect.poll(() => hits.count(), { timeout: WAIT }).toBeGreaterThan(0);
    const expected = await ref.call('load', { text }).then(() => ref.call('searchRegisters', { query: 'isr2', limit: 100 }));
    expect(await hits.count()).toBe(expected.length);
    await s.page.locator(`[data-testid="register-hit"][data-file="${LAPIC}"][data-register="ISR2"]`).click();
    await expect.poll(() => s.byId('register-file-title').textContent(), { timeout: WAIT }).toBe('Local APIC');
    await expect.poll(() => row('ISR2').getAttribute('class'), { timeout: WAIT }).toMatch(/focused/);
    expect(await row('ISR2').getByTestId('register-fields').count()).toBe(1);
    await s.shot('registers-search');
  }, T);

  it('a watchpoint on ISR2 pauses the run at the event that changes it, as in the reference lab', async () => {
    await row('ISR2').getByTestId('watch-when').selectOption('change');
    await row('ISR2').getByTestId('watch-add').click();
    await expect.poll(() => s.byId('watchpoint').textContent(), { timeout: WAIT }).toMatch(/host\/cpu0\/lapic ISR2\s+changes/);

    await ref.call('setStopPoints', { hopKinds: [], watchpoints: [{ file: LAPIC, register: 'ISR2', when: 'change' }] });
    await ref.call('step', { events: 1 });
    await ref.call('run', {});
    for (let i = 0; i < 500 && (await ref.call('status', undefined)).state === 'running'; i++) await new Promise((r) => setTimeout(r, 10));
    const hit = (await ref.call('lastStop', undefined))!;
    expect(hit.kind).toBe('watchpoint');
    const refIsr2 = (await ref.call('readRegisters', { file: LAPIC })).registers.find((r) => r.name === 'ISR2')!.value;

    await s.page.keyboard.press('Control+Enter');
    // Already paused (after the step): wait for the pause that the watchpoint makes.
    await expect.poll(() => s.byId('status-stop-reason').textContent(), { timeout: WAIT }).toBe(`(${hit.message})`);
    expect(await s.byId('status-state').textContent()).toBe('paused');
    await expect.poll(() => valueOf('ISR2'), { timeout: WAIT }).toBe(refIsr2);
    expect(refIsr2).not.toBe('0x0');
    await s.shot('registers-watchpoint');
    await s.byId('watchpoint-remove').click();
    await expect.poll(() => s.byId('watchpoint').count(), { timeout: WAIT }).toBe(0);
  }, T);

  it('diffs against reset: exactly the registers whose value is not their reset value', async () => {
    await s.byId('register-compare').selectOption('reset');
    const rows = await s.byId('register-row').evaluateAll((els) => els.map((e) => ({
      name: e.getAttribute('data-register'),
      differs: e.getAttribute('data-differs'),
      fromReset: e.querySelector('[data-testid="register-value"]')!.getAttribute('data-differs-from-reset'),
    })));
    expect(rows.length).toBeGreaterThan(10);
    for (const r of rows) expect(r.differs, r.name!).toBe(r.fromReset);
    expect(rows.find((r) => r.name === 'ISR2')!.differs).toBe('yes');
    expect((await row('ISR2').getByTestId('register-baseline').textContent())!.trim()).toBe('0x0');
    await s.byId('register-only-differing').check();
    const shown = await s.byId('register-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-register')));
    expect(shown).toEqual(rows.filter((r) => r.differs === 'yes').map((r) => r.name));
    await s.shot('registers-diff-reset');
    await s.byId('register-only-differing').uncheck();
  }, T);

  it('diffs against a snapshot: nothing right after it, then what the run changed', async () => {
    await s.byId('register-snapshot').click();
    await expect.poll(() => s.byId('register-compare').inputValue(), { timeout: WAIT }).toBe('snapshot');
    await expect.poll(() => s.page.locator('[data-testid="register-row"][data-differs="yes"]').count(), { timeout: WAIT }).toBe(0);
    const isr2AtSnapshot = await valueOf('ISR2');
    // Run to the end: the in-service bit is cleared by the EOI, so ISR2 now differs from the snapshot.
    await s.page.keyboard.press('Control+Enter');
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: WAIT }).toBe('finished');
    await expect.poll(() => row('ISR2').getAttribute('data-differs'), { timeout: WAIT }).toBe('yes');
    expect((await row('ISR2').getByTestId('register-baseline').textContent())!.trim()).toBe(isr2AtSnapshot);
    expect(await valueOf('ISR2')).not.toBe(isr2AtSnapshot);
    await s.shot('registers-diff-snapshot');
  }, T);

  it('writes one field: TPR.class goes through the LAPIC and PPR follows it', async () => {
    await row('TPR').getByTestId('register-name').click();
    await row('TPR').getByTestId('register-write-field').selectOption('class');
    await row('TPR').getByTestId('register-write-value').fill('0x3');
    await row('TPR').getByTestId('register-write-button').click();
    await expect.poll(() => row('TPR').getByTestId('register-write-message').textContent(), { timeout: WAIT }).toMatch(/TPR: 0x0 → 0x30/);
    expect(await valueOf('TPR')).toBe('0x30');
    // Nothing is in service after the run: PPR's class is TPR's.
    await expect.poll(() => valueOf('PPR'), { timeout: WAIT }).toBe('0x30');
    await s.shot('registers-field-write');
  }, T);

  it('groups the tree by device: each VM\'s virtual files beside the physical one', async () => {
    await s.byId('tree-by-device').click();
    const files = (await ref.call('listRegisterFiles', undefined)).filter((f) => f.device === 'nic0');
    expect(files.some((f) => f.virtual) && files.some((f) => !f.virtual)).toBe(true);
    const group = s.byId('device-nic0');
    const ids = await group.getByTestId('register-file').evaluateAll((els) => els.map((e) => e.getAttribute('data-file-id')));
    expect(ids).toEqual([...files.filter((f) => !f.virtual), ...files.filter((f) => f.virtual)].map((f) => f.id));
    expect(await group.locator('.badge').allTextContents()).toEqual(ids.map((id) => (files.find((f) => f.id === id)!.virtual ? 'virt' : 'phys')));
    await s.shot('registers-by-device');
    await s.byId('tree-by-owner').click();
  }, T);

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
