// Electron transport: the preload receives a MessagePort from main (ELECTRON_LAB_PORT_CHANNEL) and forwards it
// to this page with window.postMessage({ type: 'virq:lab-port' }, '*', [port]). We adapt that port to PortLike.
import { ELECTRON_LAB_PORT_CHANNEL, type PortLike } from '../../../shared/protocol';

/** The message type the preload uses when it hands the lab port to the page. */
export const LAB_PORT_MESSAGE_TYPE = ELECTRON_LAB_PORT_CHANNEL;

/** Resolves with the lab port once the preload forwards it. Call early: a message posted before we listen is lost. */
export function waitForElectronLabPort(): Promise<PortLike> {
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent): void => {
      const data: unknown = event.data;
      if (!data || typeof data !== 'object' || (data as { type?: unknown }).type !== LAB_PORT_MESSAGE_TYPE) return;
      const port = event.ports[0];
      if (!port) return;
      window.removeEventListener('message', onMessage);
      port.start();
      resolve(adaptMessagePort(port));
    };
    window.addEventListener('message', onMessage);
  });
}

function adaptMessagePort(port: MessagePort): PortLike {
  return {
    post: (msg) => port.postMessage(msg),
    listen: (onMessage) => {
      port.onmessage = (e: MessageEvent) => onMessage(e.data);
    },
  };
}
