// Starts a lab host on a worker thread's parent port. Shared by the Electron worker entry and the test worker.
import { parentPort } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import { LabHost } from '../labhost/labHost';
import { servePort } from '../labhost/servePort';
import { SweepHelpers } from '../labhost/sweepHelpers';
import { sweepThreads } from '../labhost/node/sweepThreads';
import type { HostClock, PortLike } from '../shared/protocol';
import { loadPresets } from './loadPresets';

export interface LabWorkerData {
  /** resources/presets, or null when main found none (the lab then starts with no presets). */
  presetDir: string | null;
  /** The built sweep helper (out/main/chunks/sweepWorker-….js); without it every sweep run is on the lab thread. */
  sweepWorkerPath?: string;
}

/** One helper thread per core beyond the lab's own (at most 3), made at the first sweep. */
export function nodeSweepHelpers(entry: string | URL, cores = availableParallelism()): SweepHelpers | null {
  const n = Math.min(3, cores - 1);
  if (n < 1) return null;
  // Helpers never keep the lab worker alive.
  return new SweepHelpers(sweepThreads(entry, n, { unref: true }).ports);
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
  const entry = data.sweepWorkerPath;
  const host = new LabHost({ presets, clock: nodeClock, sweepHelpers: entry ? () => nodeSweepHelpers(entry) : undefined });
  servePort(host, parentPortLike());
}
