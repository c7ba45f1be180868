// The web build's lab host: a LabHost in this module Web Worker, serving the lab protocol over postMessage.
// The only renderer file allowed to import simulation code; presets are bundled from resources/presets.
import { LabHost } from '../../../labhost/labHost';
import { servePort } from '../../../labhost/servePort';
import { SweepHelpers, type HelperPort } from '../../../labhost/sweepHelpers';
import type { PresetSource } from '../../../shared/protocol';

const presetTexts = import.meta.glob('../../../../resources/presets/*.yaml', {
  query: '?raw',
  import: 'default',
  eager: true,
}) as Record<string, string>;

const presets: PresetSource[] = Object.entries(presetTexts).map(([path, text]) => ({
  name: path.split('/').pop()!.replace(/\.yaml$/, ''),
  text,
}));

/** The slice of DedicatedWorkerGlobalScope we use (the DOM lib types `self` as a Window). */
interface WorkerScope {
  postMessage(msg: unknown): void;
  onmessage: ((e: MessageEvent) => void) | null;
}
const scope = self as unknown as WorkerScope;

/** The sweep's helpers: one module worker per core beyond this one (at most 3), started at the first sweep. */
function sweepHelpers(): SweepHelpers | null {
  const cores = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator?.hardwareConcurrency ?? 1;
  const n = Math.min(3, cores - 1);
  if (n < 1 || typeof Worker === 'undefined') return null;
  const ports: HelperPort[] = Array.from({ length: n }, () => {
    const w = new Worker(new URL('./sweepWorker.ts', import.meta.url), { type: 'module', name: 'virq-sweep-helper' });
    return {
      post: (msg) => w.postMessage(msg),
      listen: (onAnswer, onFailure) => {
        w.onmessage = (e) => onAnswer(e.data);
        w.onerror = (e) => { e.preventDefault(); onFailure(`a sweep helper failed: ${e.message || 'the helper worker did not load'}`); };
      },
    };
  });
  return new SweepHelpers(ports);
}

const host = new LabHost({
  presets,
  clock: { now: () => performance.now(), defer: (fn) => setTimeout(fn, 0) },
  sweepHelpers,
});

servePort(host, {
  post: (msg) => scope.postMessage(msg),
  listen: (onMessage) => {
    scope.onmessage = (e) => onMessage(e.data);
  },
});
