// @vitest-environment happy-dom
// After the lab is restarted (it stopped answering), the window stays: the error bar says what happened, the
// request that was waiting fails instead of hanging, and the editor's text is loaded into the new lab.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { LabClient } from '../../../src/shared/labClient';
import { superviseLabWorker } from '../../../src/renderer/src/transport/workerSupervisor';
import { standInWorker, type StandInWorker } from '../support/standInWorker';
import { presetText } from '../support/inProcessLab';

const t = vi.hoisted(() => ({ workers: [] as StandInWorker[], hangFirst: false }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({
  connectLab: async () => {
    const port = superviseLabWorker(() => {
      const w = standInWorker();
      // A lab that hangs while the page is still connecting (before it answered its first status).
      if (t.hangFirst && t.workers.length === 0) w.hang();
      t.workers.push(w);
      return w;
    }, { watchdog: { timeoutMs: 300, intervalMs: 25 } });
    return { api: new LabClient(port), transport: 'worker' };
  },
}));

const { useScenarioStore } = await import('../../../src/renderer/src/stores/scenario');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');

describe('a lab that stops answering, seen from the stores', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    t.workers = [];
    t.hangFirst = false;
  });

  it('a lab that hangs while the page connects is restarted, and the page connects to the new one', async () => {
    t.hangFirst = true;
    const lab = useLabStore();
    await lab.connect();
    expect(lab.connection).toBe('ready');
    expect(t.workers).toHaveLength(2);
    expect(lab.status).toMatchObject({ state: 'empty' });
    const scenario = useScenarioStore();
    scenario.text = presetText('msi-emulated');
    await scenario.step();
    expect(lab.status?.events).toBe(1);
  });

  it('says so in the error bar, fails the waiting request, and reloads the editor text into the new lab', async () => {
    const lab = useLabStore();
    const scenario = useScenarioStore();
    scenario.text = presetText('msi-emulated');
    await scenario.step();
    expect(lab.state).toBe('paused');
    t.workers[0]!.hang();
    await scenario.step(); // waits for the hung lab, then fails: the store must not stay busy
    expect(scenario.busy).toBe(false);
    await vi.waitFor(() => expect(lab.lastError).toMatch(
      /^The lab stopped answering for 0\.[3-9] s and was restarted; your scenario text is kept — press Run to start again$/));
    expect(t.workers).toHaveLength(2);
    await vi.waitFor(() => expect(lab.status).toMatchObject({ state: 'loaded', scenario: 'msi-emulated', events: 0 }));
    expect(scenario.textIsLoaded).toBe(true);
    expect(scenario.text).toBe(presetText('msi-emulated'));
    await scenario.step();
    expect(lab.status?.events).toBe(1);
  });

  it('a lab that cannot be restarted leaves the window up and says so', async () => {
    const lab = useLabStore();
    await lab.connect();
    const api = lab.api as LabClient;
    // The transport gave up (as after repeated failures): the notice alone, delivered as the supervisor does.
    (api as unknown as { receive(m: unknown): void }).receive({ kind: 'restart', reason: 'the lab failed: boom; gave up after 4 failures in 60 s', restarted: false });
    expect(lab.connection).toBe('failed');
    expect(lab.lastError).toMatch(/^The lab stopped and could not be restarted \(the lab failed: boom; gave up/);
  });
});
