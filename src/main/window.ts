// The main window: sandboxed, isolated, no Node in the page, no new windows, no navigation away. A web link the
// page opens or navigates to is offered to the user's browser after a confirm dialog (security/externalLinks.ts).
import { BrowserWindow, dialog, shell } from 'electron';
import type { AppOrigin } from './security/appOrigin';
import { linkAction, openExternalAfterAsking } from './security/externalLinks';

export interface WindowPaths {
  preload: string;
  /** Dev server URL under `electron-vite dev`, else the built renderer's index.html. */
  page: { url: string } | { file: string };
  app: AppOrigin;
}

export function createMainWindow(paths: WindowPaths): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'vIRQ Lab',
    webPreferences: {
      preload: paths.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  });
  win.once('ready-to-show', () => win.show());

  const wc = win.webContents;
  const offerToBrowser = (url: string) => {
    if (linkAction(url, paths.app) !== 'ask') return;
    void openExternalAfterAsking(url, async (q) => (await dialog.showMessageBox(win, q)).response, (u) => shell.openExternal(u)).catch(() => undefined);
  };
  // Links to the web open in the user's browser once they agree, never in an app window.
  wc.setWindowOpenHandler(({ url }) => {
    offerToBrowser(url);
    return { action: 'deny' };
  });
  wc.on('will-navigate', (event, url) => {
    if (linkAction(url, paths.app) === 'app') return;
    event.preventDefault();
    offerToBrowser(url);
  });
  wc.on('will-redirect', (event, url) => {
    if (linkAction(url, paths.app) !== 'app') event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  // The page held its unload because the scenario has edits not saved to a file: ask (the autosave keeps them either way).
  wc.on('will-prevent-unload', (event) => {
    const choice = dialog.showMessageBoxSync(win, {
      type: 'question', buttons: ['Close anyway', 'Keep editing'], defaultId: 1, cancelId: 1,
      message: 'The scenario has edits that are not saved to a file.',
      detail: 'The autosave keeps them for the next start, but the file on disk does not have them.',
    });
    if (choice === 0) event.preventDefault(); // preventDefault here means: let the unload go ahead
  });

  if ('url' in paths.page) void win.loadURL(paths.page.url);
  else void win.loadFile(paths.page.file);
  return win;
}
