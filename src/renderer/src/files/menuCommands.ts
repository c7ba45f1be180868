// The Electron app menu's File commands, carried out as the page's own buttons would: New, Open…, Save, Save As…,
// and a recent file main has read (opened like a recent file, asking first when there are unsaved edits).
import type { ElectronMenuCommand } from '../../../shared/protocol';

/** The part of the scenario store the menu drives. */
export interface MenuTarget {
  newScenario(): void;
  open(): Promise<void>;
  save(): Promise<void>;
  saveAs(name?: string): Promise<void>;
  openRecent(f: { name: string; text: string; path?: string }): void;
}

export async function runMenuCommand(target: MenuTarget, c: ElectronMenuCommand): Promise<void> {
  switch (c.kind) {
    case 'new':
      return target.newScenario();
    case 'open':
      return target.open();
    case 'save':
      return target.save();
    case 'saveAs':
      return target.saveAs();
    case 'openFile':
      return target.openRecent(c.file);
  }
}

/** Listens to the app menu (Electron only); `shown` brings the Scenario view forward for each command. */
export function listenToAppMenu(target: MenuTarget, shown: () => void): void {
  window.virqBridge?.menu?.onCommand((c) => {
    shown();
    // A failure is on the error bar already (the store reports file errors).
    void runMenuCommand(target, c).catch(() => undefined);
  });
}
