// The same scenario and seed give the same log, wherever the lab runs: in this process, in a worker thread (the
// Electron app's lab worker) and in a browser's Web Worker (the web build's) — the log hash covers every hop.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Lab } from '../../src/sim/lab/lab';
import { startWorkerLab, type WorkerLab } from '../support/workerLab';
import { openSession, REPO, T, type Session } from './session';

const CASES: [preset: string, seed: number][] = [['msi-emulated', 7], ['intx-shared-line', 3], ['arm-forwarding', 1], ['gvt-three-vms', 2]];

describe('one scenario and seed, one log hash: in-process, worker thread, Web Worker', () => {
  let s: Session;
  let worker: WorkerLab;

  beforeAll(async () => {
    s = await openSession();
    worker = startWorkerLab();
  }, T);

  afterAll(async () => {
    await worker?.close();
    await s?.close();
  });

  it('agree on every case', async () => {
    const asset = readdirSync(join(REPO, 'dist-web', 'assets')).find((f) => /^labWorker-.*\.js$/.test(f))!;
    const url = new URL(`assets/${asset}`, s.page.url()).href;
    for (const [preset, seed] of CASES) {
      const text = s.presets.find((p) => p.name === preset)!.text;
      const r = Lab.load(text, { seed });
      if (!r.ok) throw new Error(preset);
      const inProcess = r.lab.runToEnd();
      await worker.api.call('load', { text, seed });
      await worker.api.call('run', {});
      while ((await worker.api.call('status', undefined)).state !== 'finished') await new Promise((res) => setTimeout(res, 10));
      const inThread = await worker.api.call('metrics', undefined);
      // The web build's lab worker, spoken to in the lab protocol's wire messages from the page.
      const inBrowser = await s.page.evaluate(async ({ url, text, seed }) => {
        // (The test's type-check has no DOM types: the page's Worker, typed as much as this uses.)
        type PageWorker = { onmessage: ((e: { data: unknown }) => void) | null; postMessage(m: unknown): void; terminate(): void };
        const PageWorkerCtor = (globalThis as unknown as { Worker: new (u: string, o: { type: string }) => PageWorker }).Worker;
        const w = new PageWorkerCtor(url, { type: 'module' });
        let id = 0;
        const pending = new Map<number, (m: { ok: boolean; result?: unknown; error?: string }) => void>();
        w.onmessage = (e) => {
          const m = e.data as { kind: string; id: number; ok: boolean; result?: unknown; error?: string };
          if (m.kind === 'response') { pending.get(m.id)?.(m); pending.delete(m.id); }
        };
        const call = <R>(method: string, params?: unknown) => new Promise<R>((res, rej) => {
          const i = ++id;
          pending.set(i, (m) => (m.ok ? res(m.result as R) : rej(new Error(m.error))));
          w.postMessage({ kind: 'request', id: i, method, params });
        });
        await call('load', { text, seed });
        await call('run', {});
        while ((await call<{ state: string }>('status')).state !== 'finished') await new Promise((res) => setTimeout(res, 10));
        const m = await call<{ logHash: string; events: number; hops: number }>('metrics');
        w.terminate();
        return m;
      }, { url, text, seed });
      expect([inThread.logHash, inBrowser.logHash], preset).toEqual([inProcess.logHash, inProcess.logHash]);
      expect([inThread.events, inBrowser.events], preset).toEqual([inProcess.events, inProcess.events]);
    }
  }, T * 2);
});
