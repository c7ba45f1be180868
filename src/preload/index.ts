// The narrowest bridge: a flag saying "this is Electron", and the lab port forwarded to the page.
// Sandboxed preload: bundled to one CommonJS file; only `electron` is required at run time.
import { contextBridge, ipcRenderer } from 'electron';
import { ELECTRON_LAB_PORT_CHANNEL } from '../shared/protocol';

// tsconfig.node.json has no DOM lib; this is the one window API the preload touches.
declare const window: { postMessage(message: unknown, targetOrigin: string, transfer?: readonly unknown[]): void };

contextBridge.exposeInMainWorld('virqBridge', { isElectron: true });

ipcRenderer.on(ELECTRON_LAB_PORT_CHANNEL, (e) => {
  // Posts { type: 'virq:lab-port' } with the port; the page takes event.ports[0] and starts it.
  // Target '*' because a file:// page has an opaque origin.
  window.postMessage({ type: ELECTRON_LAB_PORT_CHANNEL }, '*', e.ports);
});
