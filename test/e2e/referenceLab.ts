// The same lab the web build runs in its worker, here in-process over the protocol: the e2e test compares
// what the page shows with what this run of the same preset answers (same scenario + seed = same log).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { LabClient } from '../../src/shared/labClient';
import type { LabApi, LabStatus, PortLike, PresetSource } from '../../src/shared/protocol';
import { LabHost } from '../../src/labhost/labHost';
import { servePort } from '../../src/labhost/servePort';

export function readPresets(dir: string): PresetSource[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => ({ name: f.replace(/\.yaml$/, ''), text: readFileSync(join(dir, f), 'utf8') }));
}

export interface ReferenceLab {
  api: LabApi;
  close(): void;
}

export function startReferenceLab(presets: PresetSource[]): ReferenceLab {
  const channel = new MessageChannel();
  const adapt = (port: MessagePort): PortLike => ({
    post: (msg) => port.postMessage(msg),
    listen: (onMessage) => {
      port.on('message', (msg: unknown) => onMessage(msg));
    },
  });
  const host = new LabHost({ presets, clock: { now: () => performance.now(), defer: (fn) => setImmediate(fn) } });
  servePort(host, adapt(channel.port1));
  return {
    api: new LabClient(adapt(channel.port2)),
    close: () => {
      channel.port1.close();
      channel.port2.close();
    },
  };
}

/** Loads and runs a scenario text to the end; throws on validation issues. */
export async function runToEnd(api: LabApi, text: string, timeoutMs = 30_000): Promise<LabStatus> {
  const loaded = await api.call('load', { text });
  if (!loaded.ok) throw new Error(`reference load failed: ${JSON.stringify(loaded.issues)}`);
  await api.call('run', {});
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await api.call('status', undefined);
    if (s.state === 'finished') return s;
    if (Date.now() > deadline) throw new Error(`reference run did not finish: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
