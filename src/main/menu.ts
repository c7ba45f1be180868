// The app menu: File (New, Open…, Open Recent, Save, Save As…, Quit), Edit, View, Window and Help (About). File
// commands go to the page (it owns the editor text); Open Recent and About are handled in main (index.ts passes
// the actions). A plain template: test/main/menu.test.ts reads and clicks it without Electron.
import { basename, dirname } from 'node:path';
import type { MenuItemConstructorOptions } from 'electron';
import type { ElectronMenuCommand } from '../shared/protocol';

export interface MenuActions {
  /** A File command for the page (New, Open, Save, Save As). */
  command(c: Exclude<ElectronMenuCommand, { kind: 'openFile' }>): void;
  openRecent(path: string): void;
  clearRecent(): void;
  about(): void;
}

export interface MenuOptions {
  isMac: boolean;
  isDev: boolean;
  /** Recently opened or saved scenario files, newest first. */
  recent?: readonly string[];
  actions?: MenuActions;
}

const none: MenuActions = { command: () => {}, openRecent: () => {}, clearRecent: () => {}, about: () => {} };

export function menuTemplate(opts: MenuOptions): MenuItemConstructorOptions[] {
  const act = opts.actions ?? none;
  const recent = opts.recent ?? [];
  const view: MenuItemConstructorOptions[] = [
    { role: 'reload' },
    ...(opts.isDev ? [{ role: 'toggleDevTools' } as const] : []),
    { type: 'separator' },
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  const openRecent: MenuItemConstructorOptions[] = [
    ...recent.map((path): MenuItemConstructorOptions => ({ label: `${basename(path)} — ${dirname(path)}`, click: () => act.openRecent(path) })),
    ...(recent.length ? [{ type: 'separator' } as const] : []),
    { label: 'Clear Recent', enabled: recent.length > 0, click: () => act.clearRecent() },
  ];
  const file: MenuItemConstructorOptions[] = [
    { label: 'New', accelerator: 'CmdOrCtrl+N', click: () => act.command({ kind: 'new' }) },
    { label: 'Open…', accelerator: 'CmdOrCtrl+O', click: () => act.command({ kind: 'open' }) },
    { label: 'Open Recent', submenu: openRecent },
    { type: 'separator' },
    // The page handles Ctrl+S itself (ScenarioView): shown here, not registered twice.
    { label: 'Save', accelerator: 'CmdOrCtrl+S', registerAccelerator: false, click: () => act.command({ kind: 'save' }) },
    { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: () => act.command({ kind: 'saveAs' }) },
    ...(opts.isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
  ];
  const about: MenuItemConstructorOptions = { label: 'About vIRQ Lab', click: () => act.about() };
  return [
    ...(opts.isMac ? [{ label: 'vIRQ Lab', submenu: [about, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] } as MenuItemConstructorOptions] : []),
    { label: 'File', submenu: file },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
    { role: 'help', submenu: [about] },
  ];
}
