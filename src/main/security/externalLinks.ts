// Links that leave the app: a web link (http or https) opens in the user's browser only after they say yes to a
// dialog naming it; anything else (file:, javascript:, custom schemes, the app's own pages in a new window) never
// opens. window.ts wires these to setWindowOpenHandler / will-navigate, with Electron's dialog and shell.
import { isAppUrl, type AppOrigin } from './appOrigin';

/** What to do with a link the page tries to open or navigate to. */
export type LinkAction = 'app' | 'ask' | 'refuse';

export function linkAction(url: string, app: AppOrigin): LinkAction {
  if (isAppUrl(url, app)) return 'app';
  return isWebUrl(url) ? 'ask' : 'refuse';
}

export function isWebUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The question, in the shape of Electron's MessageBoxOptions: button 0 opens, button 1 (the default) does not. */
export function externalLinkQuestion(url: string): { type: 'question'; buttons: string[]; defaultId: number; cancelId: number; message: string; detail: string } {
  return {
    type: 'question',
    buttons: ['Open in browser', 'Cancel'],
    defaultId: 1,
    cancelId: 1,
    message: 'Open this link in your web browser?',
    detail: url,
  };
}

/**
 * Asks, then opens: `ask` shows the question and answers the button index, `open` hands the URL to the browser.
 * True when the link was opened. Never opens what is not http(s), whatever `ask` answers.
 */
export async function openExternalAfterAsking(
  url: string,
  ask: (question: ReturnType<typeof externalLinkQuestion>) => Promise<number>,
  open: (url: string) => Promise<void>,
): Promise<boolean> {
  if (!isWebUrl(url)) return false;
  const button = await ask(externalLinkQuestion(url));
  if (button !== 0) return false;
  await open(url);
  return true;
}
