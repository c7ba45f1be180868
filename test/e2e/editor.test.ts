// The scenario editor, driven like a user: the preset gallery, issues as you type, schema completion and hover,
// the machine diagram, and files (Save As download, Open upload, recent files, the unsaved-changes guard).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, REPO, T, WAIT, type Session } from './session';
import { editorText, setEditorText } from './editorDriver';

const PRESET = 'msi-emulated';
const schema = JSON.parse(readFileSync(join(REPO, 'resources', 'scenario.schema.json'), 'utf8'));

describe('scenario editor, driven like a user', () => {
  let s: Session;
  let presetText: string;

  beforeAll(async () => {
    s = await openSession({ downloads: true });
    presetText = s.presets.find((p) => p.name === PRESET)!.text;
    await s.byId('nav-scenario').click();
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  const page = () => s.page;
  const content = () => s.page.locator('[data-testid="scenario-editor"] .cm-content');

  /** Clicks at the end of the first line containing `needle`. */
  async function caretAfter(needle: string): Promise<void> {
    await content().locator('.cm-line', { hasText: needle }).first().click();
    await page().keyboard.press('End');
  }

  it('the preset gallery says which seed debate each preset shows, and opens one', async () => {
    await s.byId('tab-presets').click();
    const card = s.page.locator(`[data-testid="preset-card"][data-name="${PRESET}"]`);
    await expect.poll(() => card.count(), { timeout: WAIT }).toBe(1);
    const seed = await card.getByTestId('preset-seed').first().textContent();
    expect(seed).toMatch(/#004/);
    expect(seed).toMatch(/IRQ forwarding/);
    expect(seed).toMatch(/debate:/);
    expect(await card.getByTestId('preset-switches').textContent()).toMatch(/vms\[0\]\.delivery/);
    await card.getByTestId('preset-open').click();
    await expect.poll(() => editorText(page()), { timeout: WAIT }).toBe(presetText);
    expect(await s.byId('doc-name').textContent()).toMatch(/msi-emulated\s*\(preset\)/);
    await s.shot('scenario-presets');
  }, T);

  it('underlines an issue as it is typed (before any run), and clears it when fixed', async () => {
    await s.byId('tab-machine').click();
    await caretAfter('idle: busy');
    await page().keyboard.press('Backspace');
    await page().keyboard.press('Backspace');
    await page().keyboard.press('Backspace');
    await page().keyboard.press('Backspace');
    await page().keyboard.type('bogus');
    await page().keyboard.press('Escape');
    const line = (await editorText(page())).split('\n').findIndex((l) => l.includes('idle: bogus')) + 1;
    await expect.poll(() => s.byId('issue-path').allTextContents(), { timeout: WAIT }).toContain('vms[0].idle');
    expect(await s.byId('gutter-issue').first().getAttribute('data-line')).toBe(String(line));
    expect(await s.page.locator('.cm-lintRange-error').count()).toBeGreaterThan(0);
    expect(await s.byId('status-state').textContent()).toBe('empty');
    await s.shot('scenario-lint-as-you-type');

    // Completion of the enum value at the cursor: the schema's values for vms[].idle.
    for (let i = 0; i < 5; i++) await page().keyboard.press('Backspace');
    await page().keyboard.press('Control+Space');
    const options = s.page.locator('.cm-tooltip-autocomplete li');
    await expect.poll(() => options.allTextContents(), { timeout: WAIT }).toEqual(['busy', 'halt']);
    // CodeMirror ignores keys in the first moments after the list opens (interactionDelay), as a person would not be that fast.
    await page().waitForTimeout(150);
    await page().keyboard.press('ArrowDown');
    await page().keyboard.press('Enter');
    await expect.poll(async () => (await editorText(page())).split('\n').filter((l) => l.includes('idle')), { timeout: WAIT }).toEqual(['    idle: halt']);
    await expect.poll(() => s.byId('issue').count(), { timeout: WAIT }).toBe(0);
    expect(await s.byId('gutter-issue').count()).toBe(0);
  }, T);

  it('completes keys from the schema in the mapping the cursor is in', async () => {
    await caretAfter('cpuGhz: 3.0');
    await page().keyboard.press('Enter');
    await page().keyboard.type('cp');
    const options = s.page.locator('.cm-tooltip-autocomplete li .cm-completionLabel');
    await expect.poll(() => options.allTextContents(), { timeout: WAIT })
      .toEqual(expect.arrayContaining(['cpus', 'cpuGhz']));
    await s.shot('scenario-completion');
    await page().keyboard.press('Escape');
    for (let i = 0; i < 3; i++) await page().keyboard.press('Backspace');
  }, T);

  it('shows the schema description of a key on hover', async () => {
    await content().locator('.cm-line', { hasText: 'vcpus: 2' }).getByText('vcpus').hover();
    const hover = s.byId('schema-hover');
    await expect.poll(() => hover.count(), { timeout: WAIT }).toBe(1);
    const expected = schema.properties.vms.items.properties.vcpus.description as string;
    expect(expected.length).toBeGreaterThan(0);
    expect(await hover.textContent()).toContain(expected);
    expect(await hover.textContent()).toContain('vms[].vcpus');
    await s.shot('scenario-hover');
    await page().mouse.move(5, 5);
  }, T);

  it('draws the machine the lab builds from the text, follows edits, and a click selects the part in the text', async () => {
    const pcpus = () => s.page.locator('[data-testid="diagram-part"][data-kind="pcpu"]');
    await expect.poll(() => pcpus().count(), { timeout: WAIT }).toBe(4);
    const bands = await s.byId('diagram-band').evaluateAll((els) => els.map((e) => e.getAttribute('data-vm')));
    expect(bands).toEqual(['host', 'vm0']);

    await setEditorText(page(), (await editorText(page())).replace('cpus: 4', 'cpus: 6'));
    await expect.poll(() => pcpus().count(), { timeout: WAIT }).toBe(6);
    await expect.poll(() => s.byId('machine-diagram').getAttribute('data-state'), { timeout: WAIT }).toBe('current');

    // Any part of disk0 (the device, its host driver) is declared by disk0's entry.
    await s.page.locator('[data-testid="diagram-part"][data-id^="host/disk0"]').first().click();
    const selected = await s.page.evaluate(() => (globalThis as unknown as { getSelection(): { toString(): string } | null }).getSelection()?.toString() ?? '');
    expect(selected).toMatch(/^id: disk0/);
    expect(selected).toMatch(/arrival: poisson/);
    expect(selected).not.toMatch(/nic0/);
    await s.shot('scenario-diagram');
  }, T);

  it('Save As downloads the text under the name given; the document is then that file, without edits', async () => {
    expect(await s.byId('doc-edited').count()).toBe(1);
    const text = await editorText(page());
    page().once('dialog', (d) => void d.accept('mine.yaml'));
    const [download] = await Promise.all([page().waitForEvent('download'), s.byId('file-save-as').click()]);
    expect(download.suggestedFilename()).toBe('mine.yaml');
    const saved = readFileSync((await download.path())!, 'utf8');
    expect(saved).toBe(text);
    await expect.poll(() => s.byId('doc-name').textContent(), { timeout: WAIT }).toMatch(/^\s*mine\.yaml\s*$/);
    expect(await s.byId('doc-edited').count()).toBe(0);
  }, T);

  it('Open uploads a file into the editor; recent files reopen earlier ones', async () => {
    const other = presetText.replace('name: msi-emulated', 'name: uploaded-one');
    const [chooser] = await Promise.all([page().waitForEvent('filechooser'), s.byId('file-open').click()]);
    await chooser.setFiles({ name: 'other.yaml', mimeType: 'text/yaml', buffer: Buffer.from(other) });
    await expect.poll(() => editorText(page()), { timeout: WAIT }).toBe(other);
    expect((await s.byId('doc-name').textContent())?.trim()).toBe('other.yaml');

    await s.byId('file-recent').click();
    expect(await s.byId('recent-file').allTextContents()).toEqual(['other.yaml', 'mine.yaml']);
    await s.page.locator('[data-testid="recent-file"]', { hasText: 'mine.yaml' }).click();
    await expect.poll(() => editorText(page()), { timeout: WAIT }).toMatch(/cpus: 6/);
    expect((await s.byId('doc-name').textContent())?.trim()).toBe('mine.yaml');
  }, T);

  it('New asks before unsaved edits are replaced: cancel keeps them, accept starts from the template', async () => {
    const edited = (await editorText(page())).replace('rate: 3000', 'rate: 3001');
    await setEditorText(page(), edited);
    await expect.poll(() => s.byId('doc-edited').count(), { timeout: WAIT }).toBe(1);
    const asked: string[] = [];
    page().once('dialog', (d) => { asked.push(d.message()); void d.dismiss(); });
    await s.byId('file-new').click();
    await expect.poll(() => asked.length, { timeout: WAIT }).toBe(1);
    expect(asked[0]).toMatch(/edits will be lost/);
    expect(await editorText(page())).toBe(edited);

    page().once('dialog', (d) => void d.accept());
    await s.byId('file-new').click();
    await expect.poll(() => editorText(page()), { timeout: WAIT }).toMatch(/^name: my-scenario$/m);
    // The template is a valid scenario: it validates with no issues.
    await page().waitForTimeout(600);
    expect(await s.byId('issue').count()).toBe(0);
    await s.byId('run-button').click();
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: WAIT }).toBe('finished');
    expect(await s.byId('status-scenario').textContent()).toMatch(/my-scenario/);
  }, T);

  it('logged no console errors', () => {
    expect(s.errors).toEqual([]);
  });
});
