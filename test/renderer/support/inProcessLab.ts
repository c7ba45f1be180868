// A real lab host in the test's own process, for store and component tests: the stores talk to it through the
// same protocol the web worker serves, with the shipped presets. Each test file mocks the transport with it:
//   const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
//   vi.mock('<path>/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));
import { resolve } from 'node:path';
import { LabHost } from '../../../src/labhost/labHost';
import { readPresetDir } from '../../../src/labhost/node/presetFiles';
import type { LabApi, LabMethod, ParamsOf } from '../../../src/shared/protocol';

// (import.meta.url is an http URL under happy-dom; the directory name is the file's.)
export const presets = readPresetDir(resolve(import.meta.dirname, '../../../resources/presets'));

export function presetText(name: string): string {
  return presets.find((p) => p.name === name)!.text;
}

export function inProcessLab(): LabHost {
  return new LabHost({ presets, clock: { now: () => performance.now(), defer: (fn) => setTimeout(fn, 0) } });
}

/** A lab that records every request it answers (method and params), in order. */
export function recordingLab(host: LabApi = inProcessLab()): LabApi & { calls: { method: LabMethod; params: unknown }[] } {
  const calls: { method: LabMethod; params: unknown }[] = [];
  return {
    calls,
    call: <M extends LabMethod>(method: M, params: ParamsOf<M>) => {
      calls.push({ method, params });
      return host.call(method, params);
    },
    onStatus: (l) => host.onStatus(l),
  };
}

/** Lets queued promise callbacks and zero-delay timers run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((r) => setTimeout(r, 0));
}
