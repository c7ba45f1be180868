// The web build's lab host: a LabHost in this module Web Worker, serving the lab protocol over postMessage.
// The only renderer file allowed to import simulation code; presets are bundled from resources/presets.
import { LabHost } from '../../../labhost/labHost';
import { servePort } from '../../../labhost/servePort';
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

const host = new LabHost({
  presets,
  clock: { now: () => performance.now(), defer: (fn) => setTimeout(fn, 0) },
});

servePort(host, {
  post: (msg) => scope.postMessage(msg),
  listen: (onMessage) => {
    scope.onmessage = (e) => onMessage(e.data);
  },
});
