// @vitest-environment happy-dom
// Electron's File menu drives the scenario as its buttons do: New, Open…, Save, Save As…, and a recent file main
// read (opened like a recent file). Each command also brings the Scenario view forward.
import { afterEach, describe, expect, it } from 'vitest';
import type { ElectronMenuCommand } from '../../../src/shared/protocol';
import { listenToAppMenu, runMenuCommand, type MenuTarget } from '../../../src/renderer/src/files/menuCommands';

function target() {
  const calls: unknown[] = [];
  const t: MenuTarget = {
    newScenario: () => void calls.push('new'),
    open: async () => void calls.push('open'),
    save: async () => void calls.push('save'),
    saveAs: async (name) => void calls.push(['saveAs', name]),
    openRecent: (f) => void calls.push(['openRecent', f]),
  };
  return { t, calls };
}

afterEach(() => {
  delete window.virqBridge;
});

describe('the app menu in the page', () => {
  it('runs each File command on the scenario', async () => {
    const { t, calls } = target();
    const file = { name: 'a.yaml', text: 'name: a\n', path: '/home/u/a.yaml' };
    for (const c of [{ kind: 'new' }, { kind: 'open' }, { kind: 'save' }, { kind: 'saveAs' }, { kind: 'openFile', file }] as ElectronMenuCommand[]) {
      await runMenuCommand(t, c);
    }
    expect(calls).toEqual(['new', 'open', 'save', ['saveAs', undefined], ['openRecent', file]]);
  });

  it('listens through the preload\'s bridge and shows the Scenario view for each command; no bridge, no listener', async () => {
    const { t, calls } = target();
    let send: ((c: ElectronMenuCommand) => void) | null = null;
    window.virqBridge = { isElectron: true, menu: { onCommand: (fn) => void (send = fn) } };
    let shown = 0;
    listenToAppMenu(t, () => shown++);
    send!({ kind: 'open' });
    await Promise.resolve();
    expect(calls).toEqual(['open']);
    expect(shown).toBe(1);

    delete window.virqBridge;
    expect(() => listenToAppMenu(t, () => shown++)).not.toThrow();
  });
});
