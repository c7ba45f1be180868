import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { LabWorkerSupervisor, type SupervisorOptions } from '../../src/main/labWorkerSupervisor';
import { Relay } from '../../src/main/relay/relay';
import { LabClient } from '../../src/shared/labClient';
import type { LabRestartNotice, LabStatus } from '../../src/shared/protocol';

const scripted = new URL('./fixtures/scriptedLabWorker.mjs', import.meta.url);

const cleanup: (() => unknown)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

// The real lab worker, from source (what src/main/labWorker.ts runs, loaded through tsx).
const realLab = new URL('../support/labWorkerBoot.mjs', import.meta.url);

function setup(maxRestarts = 5, script: URL = scripted, opts: SupervisorOptions = {}) {
  const lines: string[] = [];
  const relay = new Relay((l) => lines.push(l));
  const sup = new LabWorkerSupervisor(relay, () => new Worker(script), { maxRestarts, log: (l) => lines.push(l), ...opts });
  const { port1, port2 } = new MessageChannel();
  const adapt = (p: MessagePort) => ({ post: (m: unknown) => p.postMessage(m), listen: (fn: (m: unknown) => void) => void p.on('message', fn) });
  relay.attachRenderer(adapt(port2));
  const client = new LabClient(adapt(port1));
  const statuses: LabStatus[] = [];
  client.onStatus((s) => statuses.push(s));
  const restarts: LabRestartNotice[] = [];
  client.onRestart((n) => restarts.push(n));
  sup.start();
  cleanup.push(() => {
    port1.close();
    port2.close();
  }, () => sup.stop());
  return { sup, client, statuses, restarts, lines };
}

type Echo = { method: string; threadId: number };
const call = (c: LabClient, params: object = {}) => c.call('run', params) as unknown as Promise<Echo>;

describe('LabWorkerSupervisor', () => {
  it('serves requests from a worker thread', async () => {
    const { client } = setup();
    const r = await call(client);
    expect(r.method).toBe('run');
    expect(r.threadId).toBeGreaterThan(0);
  });

  it.each(['throw', 'exit'])('restarts a worker that dies (%s), failing the request it held', async (crash) => {
    const { sup, client, statuses, lines } = setup();
    const first = await call(client);
    await expect(call(client, { crash })).rejects.toThrow(/run failed: lab host (crashed: scripted crash|exited with code 3); restarting/);
    // The status push travels as its own message, just behind the error response.
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe('empty'));
    const second = await call(client);
    expect(second.threadId).not.toBe(first.threadId);
    expect(sup.starts).toBe(2);
    expect(lines.some((l) => l.includes('restarting'))).toBe(true);
  });

  it('gives up on a worker that keeps dying, and says so', async () => {
    const { sup, client } = setup(1);
    await expect(call(client, { crash: 'exit' })).rejects.toThrow(/restarting/);
    await expect(call(client, { crash: 'exit' })).rejects.toThrow(/gave up after 2 failures/);
    await expect(call(client)).rejects.toThrow(/run failed: .*gave up/);
    expect(sup.starts).toBe(2);
  });

  it('tells the page after a crash that the lab was restarted', async () => {
    const { client, restarts } = setup();
    await expect(call(client, { crash: 'exit' })).rejects.toThrow(/restarting/);
    await vi.waitFor(() => expect(restarts).toEqual([{ reason: 'lab host exited with code 3', restarted: true }]));
  });

  it('restarts a worker that stops answering, failing the request it held and telling the page', async () => {
    const { sup, client, statuses, restarts, lines } = setup(5, scripted, { watchdog: { timeoutMs: 400, intervalMs: 50 } });
    const first = await call(client);
    const t0 = Date.now();
    await expect(call(client, { hang: true })).rejects.toThrow(/^run failed: lab host stopped answering for 0\.[4-9] s; restarting$/);
    expect(Date.now() - t0).toBeLessThan(5_000);
    await vi.waitFor(() => expect(restarts).toHaveLength(1));
    expect(restarts[0]).toMatchObject({ restarted: true, reason: expect.stringMatching(/stopped answering/) });
    expect(restarts[0]!.silentMs).toBeGreaterThanOrEqual(400);
    expect(statuses.at(-1)?.state).toBe('empty');
    const second = await call(client);
    expect(second.threadId).not.toBe(first.threadId);
    expect(sup.starts).toBe(2);
    expect(lines.some((l) => l.includes('stopped answering'))).toBe(true);
  });

  it('keeps a worker that answers its pings, however long it lives', async () => {
    // A timeout well above a loaded 2-core machine's worker start (200 ms failed in CI's clone run under load),
    // over a life of a hundred ping intervals.
    const { sup, client } = setup(5, scripted, { watchdog: { timeoutMs: 1500, intervalMs: 20 } });
    await new Promise((r) => setTimeout(r, 2000));
    await call(client);
    expect(sup.starts).toBe(1);
  });

  it('gives up on a worker that keeps hanging, and says so to the page', async () => {
    const { sup, client, restarts } = setup(0, scripted, { watchdog: { timeoutMs: 300, intervalMs: 50 } });
    await expect(call(client, { hang: true })).rejects.toThrow(/stopped answering .*gave up after 1 failures/);
    await vi.waitFor(() => expect(restarts).toHaveLength(1));
    expect(restarts[0]!.restarted).toBe(false);
    await expect(call(client)).rejects.toThrow(/gave up/);
    expect(sup.starts).toBe(1);
  });

  it('does not restart a worker it stopped itself', async () => {
    const { sup, client, statuses } = setup();
    await call(client);
    await sup.stop();
    await expect(call(client)).rejects.toThrow(/run failed: lab host stopped/);
    expect(sup.starts).toBe(1);
    await vi.waitFor(() => expect(statuses.at(-1)).toMatchObject({ state: 'empty', stopReason: 'lab host stopped' }));
  });
});

describe('main’s relay in front of the real lab worker', () => {
  it('loads a preset, runs it to the end and reports metrics', async () => {
    const { client, statuses } = setup(5, realLab);
    const [first] = await client.call('listPresets', undefined);
    expect(first).toBeDefined();
    const { text } = await client.call('getPreset', { name: first!.name });
    const loaded = await client.call('load', { text });
    expect(loaded.ok).toBe(true);
    await client.call('run', {});
    await vi.waitFor(() => expect(statuses.at(-1)?.state).toBe('finished'), { timeout: 30_000, interval: 20 });
    const summary = await client.call('metrics', undefined);
    expect(summary.events).toBeGreaterThan(0);
    expect(summary.logHash).toMatch(/\S/);
  }, 40_000);
});
