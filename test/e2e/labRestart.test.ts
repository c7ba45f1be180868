// A lab that stops answering, in the web build, seen as a user sees it: the lab Web Worker is made to hang (the test
// spins its thread through the browser's devtools protocol; the app has no test hook for it), and after the watchdog's
// 10 s the window is still there, the error bar says what happened, the editor's text is loaded into a new lab, and
// stepping works again.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, T, type Session } from './session';
import { editorText, pickPresetInEditor } from './editorDriver';

const PRESET = 'msi-emulated';

describe('web build: a lab that stops answering is restarted', () => {
  let s: Session;

  beforeAll(async () => {
    s = await openSession();
  }, T);

  afterAll(async () => {
    await s?.close();
  });

  it('says so, keeps the text, loads it into the new lab, and steps again', async () => {
    const text = s.presets.find((p) => p.name === PRESET)!.text;
    await pickPresetInEditor(s, PRESET, text);
    await s.byId('step-button').click();
    await expect.poll(() => s.byId('status-events').textContent(), { timeout: 15_000 }).toBe('1');

    const worker = s.page.workers().find((w) => /labWorker/.test(w.url()));
    expect(worker, `lab worker among ${s.page.workers().map((w) => w.url()).join(', ')}`).toBeDefined();
    void worker!.evaluate(() => {
      for (;;);
    }).catch(() => {}); // never returns: the worker is terminated under it
    await s.byId('step-button').click(); // waits on the hung lab, then fails when it is replaced

    await expect.poll(() => s.byId('error-bar').textContent(), { timeout: 30_000, interval: 250 })
      .toMatch(/The lab stopped answering for 1\d s and was restarted; your scenario text is kept — press Run to start again/);
    await expect.poll(() => s.byId('status-state').textContent(), { timeout: 15_000 }).toBe('loaded');
    expect(await editorText(s.page)).toBe(text);
    await s.shot('lab-restarted-notice');

    await s.byId('step-button').click();
    await expect.poll(() => s.byId('status-events').textContent(), { timeout: 15_000 }).toBe('1');
  }, 90_000);
});
