// Starts a lab host on a worker thread's parent port. Shared by the Electron worker entry and the test worker.
import { parentPort } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { LabHost } from '../labhost/labHost';
import { servePort } from '../labhost/servePort';
import type { HostClock, PortLike } from '../shared/protocol';
import { loadPresets } from './loadPresets';

export interface LabWorkerData {
  /** resources/presets, or null when main found none (the lab then starts with no presets). */
  presetDir: string | null;
}

export const nodeClock: HostClock = {
  now: () => performance.now(),
  defer: (fn) => {
    setImmediate(fn);
  },
};

export function parentPortLike(): PortLike {
  const port = parentPort;
  if (!port) throw new Error('the lab worker must run in a worker thread');
  return {
    post: (msg) => port.postMessage(msg),
    listen: (fn) => {
      port.on('message', fn);
    },
  };
}

export function serveLabOnParentPort(data: LabWorkerData): void {
  const presets = loadPresets(data.presetDir, (line) => console.error(line));
  const host = new LabHost({ presets, clock: nodeClock });
  servePort(host, parentPortLike());
}
