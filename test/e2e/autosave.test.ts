// The editor's autosave in the web build, in headless Chromium: a scenario of 6 MB (over localStorage's quota) is
// kept across a reload, with no warning; and when the browser refuses to store it, a warning says so. The page's
// CSP (the same as Electron's header) lets all of this run without a console error.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, T, WAIT, type Session } from './session';
import { editorText, pasteEditorText, pickPresetInEditor } from './editorDriver';

const PRESET = 'msi-emulated';
const END = '# the last line of a big scenario';
const BIG_COMMENT = '# a long comment that makes the scenario big\n'.repeat(140_000); // ~6.3 M characters

describe('autosave of a big scenario, in the browser', () => {
  let s: Session;
  let presetText: string;

  beforeAll(async () => {
    s = await openSession();
    presetText = s.presets.find((p) => p.name === PRESET)!.text;
    await pickPresetInEditor(s, PRESET, presetText);
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  const firstLine = async () => (await editorText(s.page)).split('\n')[0];
  const autosaveState = () => s.byId('doc-name').getAttribute('data-autosave');

  it('keeps a 6 MB scenario across a reload, with no warning (localStorage alone would throw)', async () => {
    const big = `${presetText}${BIG_COMMENT}${END}`;
    expect(big.length).toBeGreaterThan(6_000_000);
    await pasteEditorText(s.page, big);
    await expect.poll(autosaveState, { timeout: WAIT }).toBe('saved');
    expect(await s.byId('autosave-warning').count()).toBe(0);
    expect(await s.byId('doc-edited').count()).toBe(1);

    await s.page.reload();
    await s.byId('nav-scenario').click();
    await expect.poll(firstLine, { timeout: WAIT }).toBe(presetText.split('\n')[0]);
    // The end of the text is there too: jump to it as a user would.
    await s.page.locator('[data-testid="scenario-editor"] .cm-content').click();
    await s.page.keyboard.press('ControlOrMeta+End');
    await expect.poll(async () => (await editorText(s.page)).split('\n').at(-1), { timeout: WAIT }).toBe(END);
    expect(await s.byId('doc-edited').count()).toBe(1);
    expect(await s.byId('autosave-warning').count()).toBe(0);
    await s.shot('autosave-big-restored');
  }, 2 * T);

  it('warns, above the editor, when the browser refuses to keep the text', async () => {
    // A browser that refuses storage (a full disk, a private window's quota): every IndexedDB write fails.
    await s.page.evaluate(() => {
      const w = globalThis as unknown as { IDBObjectStore: { prototype: { put: () => never } } };
      w.IDBObjectStore.prototype.put = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    });
    await s.page.locator('[data-testid="scenario-editor"] .cm-content').click();
    await s.page.keyboard.press('ControlOrMeta+End');
    await s.page.keyboard.insertText('\n# one more line');
    await expect.poll(() => s.byId('autosave-warning').textContent(), { timeout: WAIT }).toMatch(/could not be saved in this browser.*Save it to a file/);
    expect(await autosaveState()).toBe('failed');
    await s.shot('autosave-warning');
    // Whatever storage did, a short text needs none of it: back to a preset (yes, replace the edits), the warning goes.
    s.page.once('dialog', (d) => void d.accept());
    await pickPresetInEditor(s, 'msi-posted', s.presets.find((p) => p.name === 'msi-posted')!.text);
    await expect.poll(() => s.byId('autosave-warning').count(), { timeout: WAIT }).toBe(0);
  }, 2 * T);

  it('logged no console errors (the page CSP allowed everything the app does)', () => {
    expect(s.errors.filter((e) => !/QuotaExceededError/.test(e))).toEqual([]);
  });
});
