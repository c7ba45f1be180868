// @vitest-environment happy-dom
// The lab store: one connection, the pushed status, requests whose failures land in the error bar.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { LabApi } from '../../../src/shared/protocol';
import { inProcessLab, presetText, settle } from '../support/inProcessLab';

const lab = vi.hoisted(() => ({ api: null as LabApi | null, connects: 0 }));
vi.mock('../../../src/renderer/src/transport/connect', () => ({
  connectLab: async () => {
    lab.connects++;
    if (!lab.api) throw new Error('no worker');
    return { api: lab.api, transport: 'worker' };
  },
}));

const { useLabStore } = await import('../../../src/renderer/src/stores/lab');

describe('lab store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    lab.api = inProcessLab();
    lab.connects = 0;
  });

  it('connects once however many requests ask for the lab, and starts from the lab\'s status', async () => {
    const store = useLabStore();
    expect(store.connection).toBe('connecting');
    await Promise.all([store.connect(), store.call('listPresets', undefined), store.call('status', undefined)]);
    expect(lab.connects).toBe(1);
    expect(store.connection).toBe('ready');
    expect(store.transport).toBe('worker');
    expect(store.state).toBe('empty');
  });

  it('follows the status the lab pushes (a load elsewhere shows here)', async () => {
    const store = useLabStore();
    await store.connect();
    await lab.api!.call('load', { text: presetText('msi-emulated') });
    expect(store.state).toBe('loaded');
    expect(store.status?.scenario).toBe('msi-emulated');
  });

  it('takes a control request\'s answer at once: step leaves it paused, with events counted', async () => {
    const store = useLabStore();
    await store.call('load', { text: presetText('msi-emulated') });
    const s = await store.control('step', { events: 3 });
    expect(s.state).toBe('paused');
    expect(store.status?.events).toBe(3);
    expect(store.isRunning).toBe(false);
  });

  it('runs to the end, pushed status by pushed status', async () => {
    const store = useLabStore();
    await store.call('load', { text: presetText('msi-emulated') });
    await store.control('run', {});
    expect(store.isRunning).toBe(true);
    await vi.waitFor(() => expect(store.state).toBe('finished'), { timeout: 20_000 });
    expect(store.status?.stopReason).toBe('drained');
  });

  it('records a refused request for the error bar and rethrows it', async () => {
    const store = useLabStore();
    await expect(store.call('metrics', undefined)).rejects.toThrow(/no scenario loaded/);
    expect(store.lastError).toMatch(/^metrics: no scenario loaded/);
  });

  it('a lab that cannot be reached is "failed", with the reason', async () => {
    lab.api = null;
    const store = useLabStore();
    await expect(store.connect()).rejects.toThrow('no worker');
    await settle();
    expect(store.connection).toBe('failed');
    expect(store.lastError).toBe('Could not reach the lab: no worker');
  });
});
