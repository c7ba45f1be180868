// Going back in the web build, driven like a user: step back by exactly the events stepped, reverse continue to the
// previous hit of a hop-kind breakpoint (the Log shows that hop), and a register's last writer opening its hop in
// the Log. Each position is checked against a reference lab host run the same way.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LabApi } from '../../src/shared/protocol';
import { openSession, T, WAIT, type Session } from './session';
import { editorText } from './editorDriver';
import { formatCount, formatNs } from '../../src/renderer/src/format';

const PRESET = 'msi-emulated';
const KIND = 'guest.handler';
const VLAPIC = 'vm0/vcpu0/vlapic';

async function stopped(api: LabApi): Promise<void> {
  for (let i = 0; i < 6000; i++) {
    const st = (await api.call('status', undefined)).state;
    if (st === 'finished' || st === 'paused') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('reference run did not stop');
}

describe('time travel in the web build', () => {
  let s: Session;
  let text: string;
  let ref: LabApi;

  beforeAll(async () => {
    s = await openSession({ downloads: true });
    text = s.presets.find((p) => p.name === PRESET)!.text;
    ref = s.reference.api;
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  const events = async () => (await s.byId('status-events').textContent())?.trim();
  const selectedSeq = async () => {
    const row = s.page.locator('[data-testid="log-row"].selected');
    return (await row.count()) === 1 ? Number(await row.getAttribute('data-seq')) : null;
  };
  /** The reference run's status after `n` events from its start. */
  const refAt = async (n: number) => {
    await ref.call('load', { text });
    return ref.call('step', { events: n });
  };

  it('reverse continue goes back to the previous hit of a hop-kind breakpoint, and the Log shows it', async () => {
    await s.byId('nav-scenario').click();
    await s.byId('preset-picker').selectOption(PRESET);
    await expect.poll(() => editorText(s.page), { timeout: WAIT }).toBe(text);
    await s.byId('nav-log').click();
    await s.byId('breakpoint-kind').fill(KIND);
    await s.byId('breakpoint-kind').press('Enter');
    await expect.poll(() => s.byId('breakpoint').getAttribute('data-kind'), { timeout: WAIT }).toBe(KIND);
    expect(await s.byId('reverse-continue-button').isDisabled()).toBe(true);

    // The reference: the first three hits and where the run was at each.
    await ref.call('load', { text });
    await ref.call('setStopPoints', { hopKinds: [KIND], watchpoints: [] });
    await ref.call('run', {});
    await stopped(ref);
    const hits = [];
    for (let i = 0; i < 3; i++) {
      if (i > 0) await ref.call('stepToHop', { kind: KIND });
      hits.push({ hit: (await ref.call('lastStop', undefined))!, status: await ref.call('status', undefined) });
    }

    await s.page.keyboard.press('Control+Enter');
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: WAIT }).toBe('paused');
    await expect.poll(events, { timeout: WAIT }).toBe(formatCount(hits[0]!.status.events));
    for (const h of hits.slice(1)) {
      await s.page.locator('[data-testid="step-kind"]', { hasText: KIND }).click();
      await expect.poll(events, { timeout: WAIT }).toBe(formatCount(h.status.events));
    }

    await s.byId('reverse-continue-button').click();
    await expect.poll(events, { timeout: WAIT }).toBe(formatCount(hits[1]!.status.events));
    expect(await s.byId('status-time').textContent()).toBe(formatNs(hits[1]!.status.simNs));
    expect(await s.byId('status-stop-reason').textContent()).toContain(`reverse continue to ${KIND}`);
    await expect.poll(selectedSeq, { timeout: WAIT }).toBe(hits[1]!.hit.seq);
    const row = s.page.locator(`[data-testid="log-row"][data-seq="${hits[1]!.hit.seq}"]`);
    expect((await row.getByTestId('log-kind').textContent())?.trim()).toBe(KIND);
    expect(await row.isVisible()).toBe(true);
    await s.shot('time-travel-reverse-continue');
  }, T);

  it('step back goes back by exactly the events stepped: the status bar shows the earlier position and time', async () => {
    const start = Number((await s.byId('status-events').textContent())!.replace(/[^0-9]/g, ''));
    for (let i = 1; i <= 6; i++) {
      await s.byId('step-button').click();
      await expect.poll(events, { timeout: WAIT }).toBe(formatCount(start + i));
    }
    const ahead = await refAt(start + 6);
    expect(await s.byId('status-time').textContent()).toBe(formatNs(ahead.simNs));
    for (let i = 1; i <= 4; i++) {
      await s.byId('step-back-button').click();
      await expect.poll(events, { timeout: WAIT }).toBe(formatCount(start + 6 - i));
    }
    const back = await refAt(start + 2);
    expect(await s.byId('status-time').textContent()).toBe(formatNs(back.simNs));
    expect(await s.byId('status-hops').textContent()).toBe(formatCount(back.hops));
    expect(await s.byId('status-stop-reason').textContent()).toContain('step back 1 event');
  }, T);

  it("a register's last writer links to its hop in the Log", async () => {
    const at = Number((await s.byId('status-events').textContent())!.replace(/[^0-9]/g, ''));
    await refAt(at);
    const files = await ref.call('readRegisters', { file: VLAPIC });
    let pick: { register: string; seq: number } | null = null;
    for (const r of files.registers) {
      const w = await ref.call('lastWriter', { file: VLAPIC, register: r.name });
      if (w?.hop && w.held) pick = { register: r.name, seq: w.hop.seq };
    }
    expect(pick).not.toBeNull();

    await s.byId('nav-registers').click();
    await s.page.locator(`[data-testid="register-file"][data-file-id="${VLAPIC}"]`).click();
    await s.page.locator(`[data-testid="register-row"][data-register="${pick!.register}"] [data-testid="register-head"]`).click();
    const link = s.page.locator(`[data-testid="register-row"][data-register="${pick!.register}"] [data-testid="last-writer-link"]`);
    await expect.poll(() => link.getAttribute('data-seq'), { timeout: WAIT }).toBe(String(pick!.seq));
    await s.shot('time-travel-last-writer');
    await link.click();
    await expect.poll(() => s.byId('view-log').count(), { timeout: WAIT }).toBe(1);
    await expect.poll(selectedSeq, { timeout: WAIT }).toBe(pick!.seq);
    expect(await s.page.locator(`[data-testid="log-row"][data-seq="${pick!.seq}"]`).isVisible()).toBe(true);
  }, T);

  it('saves a snapshot to a file and opens it again: the run goes back to that point', async () => {
    const at = Number((await s.byId('status-events').textContent())!.replace(/[^0-9]/g, ''));
    const hops = (await refAt(at)).hops;
    await s.byId('snapshot-menu-button').click();
    const [download] = await Promise.all([s.page.waitForEvent('download'), s.byId('snapshot-save').click()]);
    expect(download.suggestedFilename()).toBe(`${PRESET}-event-${at}.virq-snapshot.json`);
    const file = await download.path();
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ format: 'virq-snapshot', version: 1, scenario: PRESET, text, position: { events: at, hops } });

    for (let i = 1; i <= 3; i++) {
      await s.byId('step-button').click();
      await expect.poll(events, { timeout: WAIT }).toBe(formatCount(at + i));
    }
    await s.byId('snapshot-menu-button').click();
    const [chooser] = await Promise.all([s.page.waitForEvent('filechooser'), s.byId('snapshot-open').click()]);
    await chooser.setFiles(file);
    await expect.poll(events, { timeout: WAIT }).toBe(formatCount(at));
    expect(await s.byId('status-stop-reason').textContent()).toContain(`snapshot at event ${at}`);
    // The ring offers the points this run stopped at.
    await s.byId('snapshot-menu-button').click();
    await expect.poll(() => s.byId('snapshot-ring-entry').count(), { timeout: WAIT }).toBeGreaterThan(0);
    expect(s.errors).toEqual([]);
  }, T);
});
