// Hands each loaded page a fresh MessagePort wired to the relay (first load and every reload).
import { MessageChannelMain, type MessagePortMain, type WebContents } from 'electron';
import { ELECTRON_LAB_PORT_CHANNEL, type PortLike } from '../shared/protocol';
import type { Relay } from './relay/relay';

/** A MessagePortMain as a PortLike. Never a transfer list: MessagePortMain silently drops such messages. */
export function mainPortLike(port: MessagePortMain): PortLike {
  return {
    post: (msg) => port.postMessage(msg),
    listen: (fn) => {
      port.on('message', (e) => fn(e.data));
      port.start();
    },
  };
}

export function bridgeLabPort(wc: WebContents, relay: Relay): void {
  let current: { port: MessagePortMain; token: number } | null = null;
  const drop = () => {
    if (!current) return;
    current.port.close();
    relay.detachRenderer(current.token);
    current = null;
  };
  // A committed reload or navigation of the top frame has discarded the page that held the old port.
  wc.on('did-navigate', drop);
  wc.on('did-finish-load', () => {
    drop();
    const { port1, port2 } = new MessageChannelMain();
    current = { port: port2, token: relay.attachRenderer(mainPortLike(port2)) };
    wc.postMessage(ELECTRON_LAB_PORT_CHANNEL, null, [port1]);
  });
  wc.on('render-process-gone', drop);
  wc.once('destroyed', drop);
}
