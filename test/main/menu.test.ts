// The app menu as a plain template: File (New, Open…, Open Recent with the recent files, Save, Save As…, Quit),
// Edit, View, Window, Help > About; clicking an item calls the action main gave it.
import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate, type MenuActions } from '../../src/main/menu';

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);
const sub = (items: MenuItemConstructorOptions[], label: string): MenuItemConstructorOptions[] =>
  (items.find((i) => (i.label ?? i.role) === label)?.submenu as MenuItemConstructorOptions[] | undefined) ?? [];
const labels = (items: MenuItemConstructorOptions[]) => items.map((i) => i.label ?? i.role ?? i.type);
const click = (item: MenuItemConstructorOptions | undefined) => (item?.click as (() => void) | undefined)?.();

function recorder() {
  const calls: unknown[][] = [];
  const actions: MenuActions = {
    command: (c) => calls.push(['command', c.kind]),
    openRecent: (p) => calls.push(['openRecent', p]),
    clearRecent: () => calls.push(['clearRecent']),
    about: () => calls.push(['about']),
  };
  return { calls, actions };
}

describe('menuTemplate', () => {
  it('offers quit from a File menu except on macOS, where the app menu has it', () => {
    expect(roles(menuTemplate({ isMac: false, isDev: false }))).toContain('quit');
    const mac = menuTemplate({ isMac: true, isDev: false });
    expect(labels(mac)[0]).toBe('vIRQ Lab');
    expect(roles(sub(mac, 'File'))).not.toContain('quit');
    expect(roles(sub(mac, 'vIRQ Lab'))).toContain('quit');
  });

  it('offers developer tools in dev only', () => {
    expect(roles(menuTemplate({ isMac: false, isDev: true }))).toContain('toggleDevTools');
    expect(roles(menuTemplate({ isMac: false, isDev: false }))).not.toContain('toggleDevTools');
  });

  it('File has New, Open…, Open Recent, Save and Save As…, each sending its command to the page', () => {
    const { calls, actions } = recorder();
    const file = sub(menuTemplate({ isMac: false, isDev: false, actions }), 'File');
    expect(labels(file)).toEqual(['New', 'Open…', 'Open Recent', 'separator', 'Save', 'Save As…', 'separator', 'quit']);
    for (const l of ['New', 'Open…', 'Save', 'Save As…']) click(file.find((i) => i.label === l));
    expect(calls).toEqual([['command', 'new'], ['command', 'open'], ['command', 'save'], ['command', 'saveAs']]);
    expect(file.find((i) => i.label === 'Open…')!.accelerator).toBe('CmdOrCtrl+O');
    // The page handles Ctrl+S itself: the menu shows the shortcut without registering it a second time.
    expect(file.find((i) => i.label === 'Save')).toMatchObject({ accelerator: 'CmdOrCtrl+S', registerAccelerator: false });
  });

  it('Open Recent lists the recent files (name — folder), opens the one clicked, and can be cleared', () => {
    const { calls, actions } = recorder();
    const recent = ['/home/u/labs/a.yaml', '/tmp/b.yaml'];
    const items = sub(sub(menuTemplate({ isMac: false, isDev: false, recent, actions }), 'File'), 'Open Recent');
    expect(labels(items)).toEqual(['a.yaml — /home/u/labs', 'b.yaml — /tmp', 'separator', 'Clear Recent']);
    click(items[1]);
    click(items.find((i) => i.label === 'Clear Recent'));
    expect(calls).toEqual([['openRecent', '/tmp/b.yaml'], ['clearRecent']]);
    const empty = sub(sub(menuTemplate({ isMac: false, isDev: false, actions }), 'File'), 'Open Recent');
    expect(empty).toEqual([expect.objectContaining({ label: 'Clear Recent', enabled: false })]);
  });

  it('Help > About vIRQ Lab opens the About box (and the macOS app menu has it too)', () => {
    const { calls, actions } = recorder();
    for (const isMac of [false, true]) {
      const t = menuTemplate({ isMac, isDev: false, actions });
      click(sub(t, 'help').find((i) => i.label === 'About vIRQ Lab'));
    }
    click(sub(menuTemplate({ isMac: true, isDev: false, actions }), 'vIRQ Lab')[0]);
    expect(calls).toEqual([['about'], ['about'], ['about']]);
  });
});
