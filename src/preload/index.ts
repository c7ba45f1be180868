// The narrowest bridge: a flag saying "this is Electron", the lab port forwarded to the page, two calls that open
// and save scenario files through native dialogs (main writes only to paths the user picked), and the File menu's
// commands handed to the page.
// Sandboxed preload: bundled to one CommonJS file; only `electron` is required at run time.
import { contextBridge, ipcRenderer } from 'electron';
import {
  ELECTRON_LAB_PORT_CHANNEL, ELECTRON_MENU_CHANNEL, ELECTRON_SCENARIO_OPEN_CHANNEL, ELECTRON_SCENARIO_SAVE_CHANNEL, type ElectronMenuCommand,
} from '../shared/protocol';
import { labPortTargetOrigin } from './labPortOrigin';

// tsconfig.node.json has no DOM lib; these are the window APIs the preload touches.
declare const window: {
  postMessage(message: unknown, targetOrigin: string, transfer?: readonly unknown[]): void;
  location: { href: string };
};

contextBridge.exposeInMainWorld('virqBridge', {
  isElectron: true,
  files: {
    open: () => ipcRenderer.invoke(ELECTRON_SCENARIO_OPEN_CHANNEL),
    save: (req: { text: string; name: string; path?: string }) =>
      ipcRenderer.invoke(ELECTRON_SCENARIO_SAVE_CHANNEL, { text: String(req.text), name: String(req.name), ...(req.path ? { path: String(req.path) } : {}) }),
  },
  menu: {
    /** One listener (the app's): a later call replaces it. */
    onCommand: (fn: (c: ElectronMenuCommand) => void) => {
      ipcRenderer.removeAllListeners(ELECTRON_MENU_CHANNEL);
      ipcRenderer.on(ELECTRON_MENU_CHANNEL, (_e, c: ElectronMenuCommand) => fn(c));
    },
  },
});

ipcRenderer.on(ELECTRON_LAB_PORT_CHANNEL, (e) => {
  // Posts { type: 'virq:lab-port' } with the port to the app's own page only; the page takes event.ports[0].
  const target = labPortTargetOrigin(window.location.href);
  if (target === null) {
    console.error(`[virq] no lab port for a page at ${window.location.href}`);
    return;
  }
  window.postMessage({ type: ELECTRON_LAB_PORT_CHANNEL }, target, e.ports);
});
