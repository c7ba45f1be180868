// @vitest-environment happy-dom
// The time-travel store: step back and reverse continue through the lab, and, after the lab was restarted, the
// offer to go back to the lost run's last automatic snapshot (re-executed in the new lab, checked by its hash).
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { LabClient } from '../../../src/shared/labClient';
import { superviseLabWorker } from '../../../src/renderer/src/transport/workerSupervisor';
import { standInWorker, type StandInWorker } from '../support/standInWorker';
import { presetText } from '../support/inProcessLab';

const t = vi.hoisted(() => ({ workers: [] as StandInWorker[] }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({
  connectLab: async () => {
    const port = superviseLabWorker(() => {
      const w = standInWorker();
      t.workers.push(w);
      return w;
    }, { watchdog: { timeoutMs: 300, intervalMs: 25 } });
    return { api: new LabClient(port), transport: 'worker' };
  },
}));

const { useScenarioStore } = await import('../../../src/renderer/src/stores/scenario');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');
const { useStopPointsStore } = await import('../../../src/renderer/src/stores/stopPoints');
const { useTimeTravelStore } = await import('../../../src/renderer/src/stores/timeTravel');
const { useLogStore } = await import('../../../src/renderer/src/stores/log');

describe('time travel store', () => {
  beforeEach(() => {
    localStorage.clear();
    setActivePinia(createPinia());
    t.workers = [];
  });

  it('steps back, and reverse continues to the previous breakpoint hit, selecting its hop in the Log', async () => {
    const lab = useLabStore();
    const scenario = useScenarioStore();
    const stops = useStopPointsStore();
    const travel = useTimeTravelStore();
    scenario.text = presetText('msi-emulated');
    for (let i = 0; i < 5; i++) await scenario.step();
    await travel.stepBack(2);
    expect(lab.status?.events).toBe(3);
    await stops.toggleKind('kvm.vmexit', true);
    await stops.stepToHop('kvm.vmexit');
    const first = { seq: stops.lastHit!.seq, events: lab.status!.events };
    await stops.stepToHop('kvm.vmexit');
    expect(travel.canReverse).toBe(true);
    await travel.reverseContinue();
    expect(lab.status?.events).toBe(first.events);
    expect(stops.lastHit?.seq).toBe(first.seq);
    expect(useLogStore().selectedSeq).toBe(first.seq);
  });

  it('after a restart, offers the last automatic snapshot and goes back to it', async () => {
    const lab = useLabStore();
    const scenario = useScenarioStore();
    const travel = useTimeTravelStore();
    scenario.text = presetText('msi-emulated');
    for (let i = 0; i < 4; i++) await scenario.step();
    await travel.refreshRing();
    expect(travel.ring.at(-1)?.events).toBe(4);
    t.workers[0]!.hang();
    await scenario.step();
    await vi.waitFor(() => expect(lab.status).toMatchObject({ state: 'loaded', events: 0 }));
    expect(travel.lost).toMatchObject({ events: 4, scenario: 'msi-emulated' });
    await travel.restoreLost();
    expect(lab.status).toMatchObject({ state: 'paused', events: 4 });
    expect(travel.lost).toBeNull();
    await scenario.step();
    expect(lab.status?.events).toBe(5);
  });
});
