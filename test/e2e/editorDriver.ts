// Reading and typing the scenario editor (CodeMirror) as a user does: the lines on screen, select all and type.
import type { Page } from 'playwright-core';

const CONTENT = '[data-testid="scenario-editor"] .cm-content';

/** The editor's text as shown: its lines joined (scenarios are short enough to be rendered whole). */
export function editorText(page: Page): Promise<string> {
  return page.locator(CONTENT).evaluate((el) => Array.from(el.querySelectorAll('.cm-line'), (l: { textContent: string | null }) => l.textContent ?? '').join('\n'));
}

/** Replaces the text the way a user would: click, select all, type (inserted as one input, like a paste). */
export async function setEditorText(page: Page, text: string): Promise<void> {
  await page.locator(CONTENT).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);
  await page.keyboard.press('Escape');
}

/** Opens the Scenario view and picks a preset from its menu, then waits until the editor shows that preset's text. */
export async function pickPresetInEditor(s: { page: Page; byId(id: string): ReturnType<Page['getByTestId']> }, name: string, text: string, timeout = 15_000): Promise<void> {
  await s.byId('nav-scenario').click();
  await s.byId('preset-picker').selectOption(name);
  for (const t0 = Date.now(); (await editorText(s.page)) !== text;) {
    if (Date.now() - t0 > timeout) throw new Error(`the editor did not show preset ${name} within ${timeout} ms`);
    await s.page.waitForTimeout(50);
  }
}

/**
 * Replaces the text with a paste, as a user pastes a big scenario: select all, then a paste event carrying the
 * text. For texts of MBs (keyboard.insertText is far too slow there).
 */
export async function pasteEditorText(page: Page, text: string): Promise<void> {
  await page.locator(CONTENT).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.locator(CONTENT).evaluate((el, t) => {
    // Runs in the page (this file is type-checked without the DOM library).
    const w = globalThis as unknown as {
      DataTransfer: new () => { setData(type: string, value: string): void };
      ClipboardEvent: new (type: string, init: object) => unknown;
    };
    const data = new w.DataTransfer();
    data.setData('text/plain', t);
    (el as unknown as { dispatchEvent(e: unknown): boolean }).dispatchEvent(new w.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, text);
}
