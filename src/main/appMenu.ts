// Installs the app menu (menu.ts) and carries out what it asks: File commands are sent to the page, Open Recent
// reads the file here (the user picked it in main's own menu, so it is granted like a dialog pick), About shows the
// About box. Rebuilt whenever the recent-files list changes.
import { basename } from 'node:path';
import { app, dialog, Menu, type BrowserWindow } from 'electron';
import { ELECTRON_MENU_CHANNEL, type ElectronMenuCommand } from '../shared/protocol';
import { aboutBox } from './about';
import { menuTemplate } from './menu';
import type { RecentFiles } from './recentFiles';
import type { ScenarioFiles } from './scenarioFiles';

export interface AppMenuParts {
  isMac: boolean;
  isDev: boolean;
  files: ScenarioFiles;
  recent: RecentFiles;
  window: () => BrowserWindow | null;
}

export function installAppMenu(p: AppMenuParts): () => void {
  const send = (c: ElectronMenuCommand) => p.window()?.webContents.send(ELECTRON_MENU_CHANNEL, c);
  const box = (opts: Parameters<typeof dialog.showMessageBox>[0] & object) => {
    const win = p.window();
    return win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts);
  };
  const install = () =>
    Menu.setApplicationMenu(
      Menu.buildFromTemplate(
        menuTemplate({
          isMac: p.isMac,
          isDev: p.isDev,
          recent: p.recent.list(),
          actions: {
            command: send,
            openRecent: (path) => {
              p.files.openPath(path).then(
                (file) => send({ kind: 'openFile', file }),
                (err: NodeJS.ErrnoException) => {
                  if (err.code === 'ENOENT') p.recent.remove(path);
                  void box({ type: 'error', message: `Cannot open ${basename(path)}`, detail: err.message });
                },
              );
            },
            clearRecent: () => {
              p.recent.clear();
              app.clearRecentDocuments();
            },
            about: () => {
              const v = process.versions as NodeJS.ProcessVersions & { electron?: string; chrome?: string };
              void box(aboutBox({ version: app.getVersion(), electron: v.electron, chrome: v.chrome, node: v.node, platform: process.platform, arch: process.arch }));
            },
          },
        }),
      ),
    );
  install();
  return install;
}
