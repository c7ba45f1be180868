// @vitest-environment happy-dom
// The log store: one window of rows at a time (following the newest or parked), the filter typed by the user
// turned into the lab's query, and pulls that collapse while one is in flight.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { HopQuery, LabApi } from '../../../src/shared/protocol';
import { inProcessLab, presetText, recordingLab } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({ connectLab: async () => ({ api: lab.api!, transport: 'worker' }) }));

const { useLogStore } = await import('../../../src/renderer/src/stores/log');
const { useLabStore } = await import('../../../src/renderer/src/stores/lab');

let recording: ReturnType<typeof recordingLab>;
const queries = () => recording.calls.filter((c) => c.method === 'queryHops').map((c) => c.params as HopQuery);

/** msi-emulated run to 2 ms (a few hundred hops), paused there. */
async function loadedRun(): Promise<{ total: number }> {
  const host = inProcessLab();
  recording = recordingLab(host);
  lab.api = recording;
  const labStore = useLabStore();
  await labStore.call('load', { text: presetText('msi-emulated') });
  await labStore.control('run', { untilNs: 2e6 });
  await vi.waitFor(() => expect(labStore.state).toBe('paused'), { timeout: 10_000 });
  return { total: labStore.status!.hops };
}

describe('log store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    lab.api = inProcessLab();
  });

  it('with nothing loaded, pulls nothing and shows no rows', async () => {
    recording = recordingLab();
    lab.api = recording;
    const log = useLogStore();
    await log.pull();
    expect(log.rows).toEqual([]);
    expect(log.total).toBe(0);
    expect(queries()).toEqual([]);
  });

  it('follows the newest rows: one window, the last rows of the log', async () => {
    const { total } = await loadedRun();
    const log = useLogStore();
    log.setWindowSize(20);
    await vi.waitFor(() => expect(log.rows).toHaveLength(20), { timeout: 10_000 });
    expect(log.follow).toBe(true);
    expect(log.total).toBe(total);
    expect(log.start).toBe(total - 20);
    expect(log.rows.at(-1)!.seq).toBe(total - 1);
    expect(queries().at(-1)).toMatchObject({ start: -20, count: 20 });
    expect(log.pageCount).toBe(Math.ceil(total / 20));
    expect(log.page).toBe(Math.floor((total - 20) / 20) + 1);
  });

  it('parks where it is sent (clamped to the log) and follows again at the last window', async () => {
    const { total } = await loadedRun();
    const log = useLogStore();
    log.setWindowSize(20);
    await log.pull();
    await log.goTo(50);
    expect(log.follow).toBe(false);
    expect(log.start).toBe(50);
    expect(log.rows[0]!.seq).toBe(50);
    expect(queries().at(-1)).toMatchObject({ start: 50, count: 20 });

    await log.goTo(-10);
    expect(log.start).toBe(0);
    await log.goTo(total + 100);
    expect(log.follow).toBe(true);
    expect(log.start).toBe(total - 20);
  });

  it('keeps at least 5 and at most 500 rows per window', async () => {
    await loadedRun();
    const log = useLogStore();
    log.setWindowSize(1);
    expect(log.windowSize).toBe(5);
    log.setWindowSize(10_000);
    expect(log.windowSize).toBe(500);
  });

  it('turns the filter as typed into the lab\'s query: trimmed names, a flow id, times in ns', async () => {
    await loadedRun();
    const log = useLogStore();
    await log.setFilter({ vm: ' vm0 ', device: 'nic0', kind: 'guest.handler', flow: '3', from: '0.5ms', to: '1500us' });
    expect(queries().at(-1)!.filter).toEqual({ vm: 'vm0', device: 'nic0', kind: 'guest.handler', flow: 3, fromNs: 500_000, toNs: 1_500_000 });
    expect(log.rows.every((r) => r.kind === 'guest.handler' && r.flow === 3)).toBe(true);

    await log.clearFilter();
    expect(queries().at(-1)!.filter).toEqual({});
    expect(log.filter).toEqual({ vm: '', device: '', kind: '', flow: '', from: '', to: '' });
  });

  it('a time that is not a time is named and nothing is asked until it is fixed', async () => {
    await loadedRun();
    const log = useLogStore();
    await log.pull();
    const asked = queries().length;
    await log.setFilter({ to: 'soon' });
    expect(log.filterErrors).toEqual(['to: "soon" is not a time (e.g. 2ms)']);
    expect(queries()).toHaveLength(asked);
    await log.setFilter({ to: '2ms' });
    expect(log.filterErrors).toEqual([]);
    expect(queries()).toHaveLength(asked + 1);
  });

  it('a filter follows the newest matching rows; a parked window past the end of a narrower filter falls back to them', async () => {
    await loadedRun();
    const log = useLogStore();
    log.setWindowSize(20);
    await log.pull();
    await log.goTo(100);
    expect(log.follow).toBe(false);
    await log.setFilter({ kind: 'guest.handler' });
    expect(log.follow).toBe(true);
    expect(log.rows.length).toBeGreaterThan(0);
    expect(log.rows.length).toBeLessThanOrEqual(20);
    // Parked far out in the unfiltered log, then narrowed without the filter's "follow": the empty window falls back.
    log.follow = false;
    log.start = 500;
    await log.pull();
    expect(log.follow).toBe(true);
    expect(log.rows.length).toBeGreaterThan(0);
  });

  it('pulls asked while one is in flight collapse into one more pull after it', async () => {
    await loadedRun();
    const log = useLogStore();
    const before = queries().length;
    await Promise.all([log.pull(), log.pull(), log.pull(), log.pull()]);
    expect(queries().length - before).toBe(2);
  });
});
