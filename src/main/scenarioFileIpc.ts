// Wires ScenarioFiles to Electron: native dialogs on the main window, fs for reading and atomic writing, and the
// two invoke channels, answered only for the app's own page.
import { readFile, stat } from 'node:fs/promises';
import type { BrowserWindow, Dialog, IpcMain, IpcMainInvokeEvent } from 'electron';
import { ELECTRON_SCENARIO_OPEN_CHANNEL, ELECTRON_SCENARIO_SAVE_CHANNEL } from '../shared/protocol';
import { writeFileAtomic } from './atomicWrite';
import { ScenarioFiles } from './scenarioFiles';

const FILTERS = [{ name: 'Scenarios', extensions: ['yaml', 'yml', 'json'] }];

export function serveScenarioFiles(
  ipc: IpcMain,
  dialog: Dialog,
  window: () => BrowserWindow | null,
  trusted: (url: string) => boolean,
  onUsed: (path: string) => void = () => {},
): ScenarioFiles {
  const files = new ScenarioFiles(
    {
      showOpen: async () => {
        const win = window();
        const opts = { properties: ['openFile' as const], filters: FILTERS };
        const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
        return r.canceled ? null : (r.filePaths[0] ?? null);
      },
      showSave: async (defaultPath) => {
        const win = window();
        const opts = { defaultPath, filters: FILTERS };
        const r = win ? await dialog.showSaveDialog(win, opts) : await dialog.showSaveDialog(opts);
        return r.canceled ? null : (r.filePath ?? null);
      },
    },
    { size: async (p) => (await stat(p)).size, read: (p) => readFile(p, 'utf8'), write: (p, t) => writeFileAtomic(p, t) },
    onUsed,
  );
  const guard = (e: IpcMainInvokeEvent) => {
    if (!trusted(e.senderFrame?.url ?? '')) throw new Error('scenario files: request from an untrusted page');
  };
  ipc.handle(ELECTRON_SCENARIO_OPEN_CHANNEL, (e) => {
    guard(e);
    return files.open();
  });
  ipc.handle(ELECTRON_SCENARIO_SAVE_CHANNEL, (e, req: unknown) => {
    guard(e);
    return files.save(req);
  });
  return files;
}
