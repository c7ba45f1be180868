// One protocol, two transports: Electron (a MessagePort from the preload) or the web build (a module Web Worker).
import { LabClient } from '../../../shared/labClient';
import type { LabApi, PortLike } from '../../../shared/protocol';
import { waitForElectronLabPort } from './electronPort';

export type TransportKind = 'electron' | 'worker';

export interface LabConnection {
  api: LabApi;
  transport: TransportKind;
}

/** Listening starts at once (module load), so a port the preload forwards early is not missed. */
const electronPort: Promise<PortLike> | null = window.virqBridge?.isElectron ? waitForElectronLabPort() : null;

export async function connectLab(onFailure: (message: string) => void): Promise<LabConnection> {
  if (electronPort) return { api: new LabClient(await electronPort), transport: 'electron' };
  // Loaded only in the web build's path, so the Electron renderer never fetches the worker and its simulation chunk.
  const { startLabWorker } = await import('./workerPort');
  return { api: new LabClient(startLabWorker(onFailure)), transport: 'worker' };
}
