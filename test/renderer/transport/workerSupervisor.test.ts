// The web build's lab worker supervisor: a worker that throws or stops answering is replaced, the requests it held
// fail with a clear error, and the page hears a restart notice; a worker that keeps failing is given up on.
import { afterEach, describe, expect, it } from 'vitest';
import { LabClient } from '../../../src/shared/labClient';
import type { LabRestartNotice } from '../../../src/shared/protocol';
import { superviseLabWorker, type WorkerSupervisorOptions } from '../../../src/renderer/src/transport/workerSupervisor';
import { standInWorker, type StandInWorker } from '../support/standInWorker';
import { presetText } from '../support/inProcessLab';

const stops: (() => void)[] = [];
afterEach(() => stops.splice(0).forEach((s) => s()));

function setup(opts: WorkerSupervisorOptions = {}) {
  const workers: StandInWorker[] = [];
  const gaveUp: string[] = [];
  const port = superviseLabWorker(() => {
    const w = standInWorker();
    workers.push(w);
    return w;
  }, { watchdog: { timeoutMs: 300, intervalMs: 25 }, onGiveUp: (r) => gaveUp.push(r), ...opts });
  stops.push(() => port.stop());
  const client = new LabClient(port);
  const notices: LabRestartNotice[] = [];
  client.onRestart((n) => notices.push(n));
  return { port, client, workers, notices, gaveUp };
}

describe('superviseLabWorker (web build)', () => {
  it('serves the lab protocol, and the watchdog\'s pings never reach the page', async () => {
    const { client, workers, notices } = setup();
    expect((await client.call('listPresets', undefined)).length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 200));
    expect(workers[0]!.received.some((m) => (m as { id: number }).id < 0)).toBe(true);
    expect(client.outstanding).toBe(0);
    expect(notices).toEqual([]);
  });

  it('replaces a worker that stops answering: the request it held fails, the page is told, the new lab answers', async () => {
    const { port, client, workers, notices } = setup();
    await client.call('load', { text: presetText('msi-emulated') });
    workers[0]!.hang();
    const t0 = Date.now();
    await expect(client.call('step', { events: 1 })).rejects.toThrow(/^step failed: the lab stopped answering for 0\.[3-9] s and was restarted$/);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(workers[0]!.terminated).toBe(true);
    expect(port.starts).toBe(2);
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatchObject({ restarted: true, reason: expect.stringMatching(/^the lab stopped answering/) });
    expect(notices[0]!.silentMs).toBeGreaterThanOrEqual(300);
    expect((await client.call('status', undefined)).state).toBe('empty');
  });

  it('replaces a worker that throws', async () => {
    const { port, client, workers, notices } = setup();
    await client.call('status', undefined);
    workers[0]!.crash('boom');
    await new Promise((r) => setTimeout(r, 20));
    expect(notices).toEqual([{ reason: 'the lab failed: boom', restarted: true }]);
    expect(port.starts).toBe(2);
    expect((await client.call('status', undefined)).state).toBe('empty');
  });

  it('gives up on a worker that keeps failing, says why, and fails later requests at once', async () => {
    const { port, client, workers, notices, gaveUp } = setup({ maxRestarts: 1 });
    workers[0]!.crash('no module');
    await new Promise((r) => setTimeout(r, 20));
    workers[1]!.crash('no module');
    await new Promise((r) => setTimeout(r, 20));
    expect(notices.map((n) => n.restarted)).toEqual([true, false]);
    expect(gaveUp).toEqual(['the lab failed: no module; gave up after 2 failures in 60 s']);
    await expect(client.call('status', undefined)).rejects.toThrow(/^status failed: the lab failed: no module; gave up/);
    expect(port.starts).toBe(2);
  });
});
