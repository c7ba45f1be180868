// End-to-end, as a user of the web build: pick a preset, run it, read the log and the registers,
// then break the scenario and see the validation issue. Needs `npm run build:web` first (npm test does it).
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { HopRow, LabStatus } from '../../src/shared/protocol';
import { serveDirectory, type StaticSite } from './staticServer';
import { collectPageErrors, launchChromium } from './browser';
import { readPresets, runToEnd, startReferenceLab, type ReferenceLab } from './referenceLab';
import { editorText, setEditorText } from './editorDriver';

const REPO = resolve(import.meta.dirname, '../..');
const DIST = join(REPO, 'dist-web');
const SHOTS = join(REPO, 'test-results', 'screenshots');
const PRESET = 'msi-emulated';
const T = 60_000;
/** How long a poll waits for the page to show something: well inside T, so a failure reports what it saw. */
const WAIT = 15_000;

describe('web build, driven like a user', () => {
  let site: StaticSite;
  let browser: Browser;
  let page: Page;
  let pageErrors: string[];
  let reference: ReferenceLab;
  let presetText: string;
  let refStatus: LabStatus;
  let refKinds: Set<string>;
  let refLastRow: HopRow;

  beforeAll(async () => {
    if (!existsSync(join(DIST, 'index.html'))) {
      throw new Error(`${DIST}/index.html is missing: run \`npm run build:web\` before the e2e tests (npm test does).`);
    }
    mkdirSync(SHOTS, { recursive: true });

    const presets = readPresets(join(REPO, 'resources', 'presets'));
    const preset = presets.find((p) => p.name === PRESET);
    if (!preset) throw new Error(`resources/presets/${PRESET}.yaml is missing`);
    presetText = preset.text;
    reference = startReferenceLab(presets);
    refStatus = await runToEnd(reference.api, presetText);
    refKinds = new Set(Object.keys((await reference.api.call('metrics', undefined)).hopTimeNs));
    const refTail = await reference.api.call('queryLog', { start: -1, count: 1 });
    refLastRow = refTail.rows[0]!;

    site = await serveDirectory(DIST);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
    // An action that cannot happen (a hidden or disabled control) fails with its reason before the test's timeout.
    page.setDefaultTimeout(15_000);
    pageErrors = collectPageErrors(page);
    await page.goto(site.url);
  }, T);

  afterAll(async () => {
    await browser?.close();
    await site?.close();
    reference?.close();
  });

  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `${name}.png`) });
  const byId = (id: string) => page.getByTestId(id);

  it('opens on Compare (the front door), connected to the lab in a Web Worker; the side bar leads to the scenario', async () => {
    await expect.poll(() => byId('status-state').textContent(), { timeout: WAIT }).toBe('empty');
    await expect.poll(() => byId('view-compare').isVisible(), { timeout: WAIT }).toBe(true);
    await byId('nav-scenario').click();
    await expect.poll(() => byId('view-scenario').isVisible(), { timeout: WAIT }).toBe(true);
    expect(await page.getByText('lab: web worker').count()).toBe(1);
  }, T);

  it('picks a preset: its text fills the editor', async () => {
    await expect.poll(() => byId('preset-picker').locator('option').allTextContents(), { timeout: WAIT }).toContain(PRESET);
    await byId('preset-picker').selectOption(PRESET);
    await expect.poll(() => editorText(page), { timeout: WAIT }).toBe(presetText);
  }, T);

  it('runs it to the end: the status bar shows the same counts as an in-process run of the preset', async () => {
    await byId('run-button').click();
    await expect.poll(() => byId('status-state').textContent(), { timeout: WAIT }).toBe('finished');
    expect(await byId('status-hops').textContent()).toBe(refStatus.hops.toLocaleString('en-US'));
    expect(await byId('status-events').textContent()).toBe(refStatus.events.toLocaleString('en-US'));
    expect(await byId('status-raised').textContent()).toBe(refStatus.flows.raised.toLocaleString('en-US'));
    expect(refStatus.hops).toBeGreaterThan(0);
    await shot('scenario-finished');
  }, T);

  it('shows the newest hops in the interrupt log, and filters to one flow when its id is clicked', async () => {
    await byId('nav-log').click();
    const rows = byId('log-row');
    await expect.poll(() => rows.count(), { timeout: WAIT }).toBeGreaterThan(0);
    expect(await rows.count()).toBeLessThanOrEqual(100);
    const kinds = await byId('log-kind').allTextContents();
    for (const kind of kinds) expect(refKinds).toContain(kind.trim());
    // Newest last: the bottom row is the last hop of the reference run.
    expect((await rows.last().getByTestId('log-seq').textContent())?.trim()).toBe(String(refLastRow.seq));
    expect((await rows.last().getByTestId('log-kind').textContent())?.trim()).toBe(refLastRow.kind);
    expect(await byId('log-range').textContent()).toContain(`of ${refStatus.hops.toLocaleString('en-US')}`);
    await shot('log-newest');

    // Older window: the first page starts at seq of the oldest held hop.
    await byId('log-first').click();
    await expect.poll(() => byId('log-range').textContent(), { timeout: WAIT }).toMatch(/^1–/);
    await shot('log-first-page');
    await byId('log-newest').click();
    await expect.poll(async () => (await rows.last().getByTestId('log-seq').textContent())?.trim(), { timeout: WAIT }).toBe(String(refLastRow.seq));

    const flowLink = byId('log-flow').first();
    const flow = (await flowLink.textContent())!.trim();
    await flowLink.click();
    await expect.poll(() => byId('log-filter-flow').inputValue(), { timeout: WAIT }).toBe(flow);
    await expect
      .poll(async () => [...new Set(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-flow'))))], { timeout: WAIT })
      .toEqual([flow]);
    const refFlow = await reference.api.call('queryLog', { start: 0, count: 1000, filter: { flow: Number(flow) } });
    const window = Number(await byId('log-scroller').getAttribute('data-window'));
    expect(await rows.count()).toBe(Math.min(window, refFlow.total));
    await shot('log-one-flow');
    await byId('log-filter-clear').click();
  }, T);

  it('shows a LAPIC or config-space register that left its reset value, with its fields decoded', async () => {
    await byId('nav-registers').click();
    const files = byId('register-file');
    await expect.poll(() => files.count(), { timeout: WAIT }).toBeGreaterThan(0);
    const titles = await files.allTextContents();
    const candidates = titles
      .map((t, i) => ({ t, i }))
      .filter(({ t }) => /lapic|local apic|config/i.test(t))
      .map(({ i }) => i);
    expect(candidates.length, `no LAPIC/config-space file among: ${titles.join(' | ')}`).toBeGreaterThan(0);

    let found = false;
    for (const i of candidates) {
      await files.nth(i).click();
      await expect.poll(() => byId('register-row').count(), { timeout: WAIT }).toBeGreaterThan(0);
      const changed = page.locator('[data-testid="register-value"][data-differs-from-reset="yes"]');
      if ((await changed.count()) === 0) continue;
      const row = page.locator('[data-testid="register-row"]', { has: changed.first() }).first();
      const value = (await row.getByTestId('register-value').textContent())!.trim();
      const reset = (await row.getByTestId('register-value').getAttribute('data-reset'))!;
      expect(BigInt(value)).not.toBe(BigInt(reset.startsWith('0x') ? reset : `0x${reset}`));
      await row.getByTestId('register-name').click();
      await expect.poll(() => row.getByTestId('register-field').count(), { timeout: WAIT }).toBeGreaterThan(0);
      found = true;
      break;
    }
    expect(found, 'every LAPIC/config-space register still holds its reset value after the run').toBe(true);
    await shot('registers');
  }, T);

  it('re-pulls the visible register file on each step (F10) and highlights what the step changed', async () => {
    await page.locator('[data-testid="register-file"][data-file-id="host/cpu0/lapic"]').click();
    await expect.poll(() => byId('register-file-title').textContent(), { timeout: WAIT }).toBe('Local APIC');
    const changed = page.locator('[data-testid="register-row"][data-changed="yes"]');
    let steps = 0;
    for (; steps < 300 && (await changed.count()) === 0; steps++) {
      const before = await byId('status-events').textContent();
      await page.keyboard.press('F10');
      await expect.poll(() => byId('status-events').textContent(), { timeout: WAIT, interval: 5 }).not.toBe(before);
      await expect.poll(() => byId('status-state').textContent(), { timeout: WAIT, interval: 5 }).toBe('paused');
      // The pull that follows the step answers at the new simulated time.
      await page.waitForTimeout(30);
    }
    expect(await changed.count(), `no host cpu0 LAPIC register changed in ${steps} steps`).toBeGreaterThan(0);
    const name = await changed.first().getAttribute('data-register');
    expect(name).toMatch(/^(IRR|ISR|TMR|PPR)/);
    await shot('registers-step-changed');
  }, T);

  it('writes a register: a read-only field is refused and named, the value stays', async () => {
    const row = page.locator('[data-testid="register-row"][data-register="VER"]');
    const before = (await row.getByTestId('register-value').textContent())!.trim();
    await row.getByTestId('register-name').click();
    await row.getByTestId('register-write-value').fill('0x0');
    await row.getByTestId('register-write-button').click();
    const message = row.getByTestId('register-write-message');
    await expect.poll(() => message.textContent(), { timeout: WAIT }).toMatch(/read-only/);
    expect(await message.getAttribute('class')).toContain('refused');
    expect((await row.getByTestId('register-value').textContent())!.trim()).toBe(before);
    await shot('registers-write-refused');
  }, T);

  it('pauses (Space), resumes and resets a long run; the log refreshes while it runs', async () => {
    await byId('nav-scenario').click();
    const original = await editorText(page);
    expect(original).toMatch(/^duration: 20ms$/m);
    await setEditorText(page, original.replace(/^duration: 20ms$/m, 'duration: 30s'));
    await byId('run-button').click();
    await expect.poll(() => byId('status-state').textContent(), { timeout: WAIT }).toBe('running');

    await byId('nav-log').click();
    await byId('log-table').locator('thead').click(); // focus off the side bar's button, so Space is a shortcut
    const rows = byId('log-row');
    const firstSeen = await rows.last().getByTestId('log-seq').textContent();
    await expect.poll(async () => (await rows.last().getByTestId('log-seq').textContent()) !== firstSeen, { timeout: WAIT }).toBe(true);
    expect(await byId('status-state').textContent()).toBe('running');
    await shot('log-running');

    await page.keyboard.press('Space');
    await expect.poll(() => byId('status-state').textContent(), { timeout: WAIT }).toBe('paused');
    const hopsAtPause = await byId('status-hops').textContent();
    await page.waitForTimeout(400);
    expect(await byId('status-hops').textContent()).toBe(hopsAtPause);
    // The window pulled when the run paused ends at the last hop recorded (seq counts from 0).
    const lastSeq = Number(hopsAtPause!.replace(/,/g, '')) - 1;
    await expect.poll(async () => (await rows.last().getByTestId('log-seq').textContent())?.trim(), { timeout: WAIT }).toBe(String(lastSeq));

    await page.keyboard.press('Space');
    await expect.poll(() => byId('status-state').textContent(), { timeout: WAIT }).toBe('running');

    await byId('nav-scenario').click();
    await byId('pause-button').click();
    await expect.poll(() => byId('status-state').textContent(), { timeout: WAIT }).toBe('paused');
    await byId('reset-button').click();
    await expect.poll(() => byId('status-time').textContent(), { timeout: WAIT }).toBe('0 ns');
    expect(await byId('status-state').textContent()).not.toBe('running');
    await setEditorText(page, original);
  }, T);

  it('refuses invalid text: names the path and line, marks the gutter, keeps the text as typed', async () => {
    await byId('nav-scenario').click();
    const original = await editorText(page);
    expect(original).toMatch(/vcpus: 2\b/);
    const broken = original.replace(/vcpus: 2\b/, 'vcpus: two');
    const line = broken.split('\n').findIndex((l) => l.includes('vcpus: two')) + 1;

    await setEditorText(page, broken);
    await byId('run-button').click();
    const issues = byId('issue');
    await expect.poll(() => issues.count(), { timeout: WAIT }).toBeGreaterThan(0);
    const paths = await byId('issue-path').allTextContents();
    expect(paths.some((p) => p.includes('vcpus')), `issue paths: ${paths.join(', ')}`).toBe(true);
    const lines = await byId('issue-line').allTextContents();
    expect(lines.some((l) => l.startsWith(`line ${line}`)), `issue lines: ${lines.join(', ')}; expected ${line}`).toBe(true);
    await expect(byId('gutter-issue').first().getAttribute('data-line')).resolves.toBe(String(line));
    expect(await editorText(page)).toBe(broken);
    expect(await byId('status-state').textContent()).not.toBe('running');
    await shot('scenario-issues');
  }, T);

  it('keeps the typed text across a reload (autosave)', async () => {
    const before = await editorText(page);
    await page.reload();
    await expect.poll(() => editorText(page), { timeout: WAIT }).toBe(before);
  }, T);

  it('asks before a preset replaces edited text: cancel keeps the edits, accept replaces them', async () => {
    const edited = await editorText(page);
    expect(edited).toMatch(/vcpus: two/); // still the edits of the earlier test
    const other = 'msi-halted-vcpu';
    const asked: string[] = [];
    page.once('dialog', (d) => { asked.push(d.message()); void d.dismiss(); });
    await byId('preset-picker').selectOption(other);
    await expect.poll(() => asked.length, { timeout: WAIT }).toBe(1);
    expect(asked[0]).toMatch(/edits will be lost/);
    expect(await editorText(page)).toBe(edited);
    expect(await byId('preset-picker').inputValue()).toBe(PRESET);

    page.once('dialog', (d) => void d.accept());
    await byId('preset-picker').selectOption(other);
    await expect.poll(() => editorText(page), { timeout: WAIT }).toMatch(/name: msi-halted-vcpu/);
  }, T);

  it('logged no console errors, uncaught exceptions or failed requests', () => {
    expect(pageErrors).toEqual([]);
  });
});
