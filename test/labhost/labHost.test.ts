import { afterAll, describe, expect, it } from 'vitest';
import { LabHost, STATUS_INTERVAL_MS } from '../../src/labhost/labHost';
import { servePort } from '../../src/labhost/servePort';
import { readPresetDir } from '../../src/labhost/node/presetFiles';
import { LabClient } from '../../src/shared/labClient';
import type { LabApi, LabStatus, PortLike } from '../../src/shared/protocol';
import { startWorkerLab } from '../support/workerLab';

const presets = readPresetDir(new URL('../../resources/presets/', import.meta.url).pathname);
const clock = { now: () => performance.now(), defer: (fn: () => void) => setImmediate(fn) };

function untilState(api: LabApi, states: LabStatus['state'][]): Promise<LabStatus> {
  return new Promise((resolve) => {
    const check = async () => {
      const s = await api.call('status', undefined);
      if (states.includes(s.state)) resolve(s);
      else setTimeout(check, 5);
    };
    void check();
  });
}

async function runPreset(api: LabApi, name: string, seed: number) {
  const { text } = await api.call('getPreset', { name });
  const loaded = await api.call('load', { text, seed });
  expect(loaded.ok).toBe(true);
  await api.call('run', {});
  await untilState(api, ['finished']);
  return api.call('metrics', undefined);
}

/** Two PortLike ends joined in-process, delivering asynchronously like a real port. */
function portPair(): [PortLike, PortLike] {
  const mk = (): PortLike & { peer?: (m: unknown) => void } => ({ post: () => {}, listen: () => {} });
  const a = mk(), b = mk();
  let toA: (m: unknown) => void = () => {}, toB: (m: unknown) => void = () => {};
  a.post = (m) => setImmediate(() => toB(structuredClone(m)));
  b.post = (m) => setImmediate(() => toA(structuredClone(m)));
  a.listen = (fn) => { toA = fn; };
  b.listen = (fn) => { toB = fn; };
  return [a, b];
}

describe('LabHost', () => {
  const worker = startWorkerLab();
  afterAll(() => worker.close());

  it('gives the same logHash in-process, over a port, and in a worker thread', async () => {
    const direct = new LabHost({ presets, clock });
    const [clientEnd, hostEnd] = portPair();
    servePort(new LabHost({ presets, clock }), hostEnd);
    const overPort = new LabClient(clientEnd);
    const a = await runPreset(direct, 'msi-emulated', 7);
    const b = await runPreset(overPort, 'msi-emulated', 7);
    const c = await runPreset(worker.api, 'msi-emulated', 7);
    expect(a.flows.raised).toBeGreaterThan(100);
    expect(b.logHash).toBe(a.logHash);
    expect(c.logHash).toBe(a.logHash);
    expect(c.events).toBe(a.events);
  });

  it('pauses, steps one event at a time, and runs to simulated time', async () => {
    const host = new LabHost({ presets, clock });
    const { text } = await host.call('getPreset', { name: 'msi-emulated' });
    await host.call('load', { text });
    const s1 = await host.call('step', { events: 1 });
    expect(s1).toMatchObject({ state: 'paused', events: 1, stopReason: 'step' });
    const s2 = await host.call('step', { events: 10 });
    expect(s2.events).toBe(11);
    await host.call('run', { untilNs: 5_000_000 });
    const s3 = await untilState(host, ['paused', 'finished']);
    expect(s3.stopReason).toBe('until');
    expect(s3.simNs).toBeLessThanOrEqual(5_000_000);
    expect(s3.simNs).toBeGreaterThan(4_000_000);
    await host.call('run', {});
    const s4 = await untilState(host, ['finished']);
    expect(s4.flows.pending).toBe(0);
    const reset = await host.call('reset', undefined);
    expect(reset).toMatchObject({ state: 'loaded', events: 0 });
  });

  it(`pushes status at most once per ${STATUS_INTERVAL_MS} ms while running`, async () => {
    const host = new LabHost({ presets, clock });
    const pushes: number[] = [];
    host.onStatus(() => pushes.push(performance.now()));
    const { text } = await host.call('getPreset', { name: 'msi-emulated' });
    await host.call('load', { text: text.replace('duration: 20ms', 'duration: 400ms') });
    pushes.length = 0;
    const t0 = performance.now();
    await host.call('run', {});
    await untilState(host, ['finished']);
    const wall = performance.now() - t0;
    // forced pushes: run start and finish; the rest are throttled to one per interval
    expect(pushes.length).toBeLessThanOrEqual(2 + Math.ceil(wall / STATUS_INTERVAL_MS) + 1);
  });

  it('returns validation issues on load and keeps the previous scenario', async () => {
    const host = new LabHost({ presets, clock });
    const r = await host.call('load', { text: 'name: x\nhost: { cpus: 0 }\ndevices: []\n' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues.map((i) => i.path).sort()).toEqual(['devices', 'host.cpus']);
    expect((await host.call('status', undefined)).state).toBe('empty');
    await expect(host.call('listRegisterFiles', undefined)).rejects.toThrow(/no scenario loaded/);
  });

  it('reads decoded registers, and an inspector write goes through access semantics', async () => {
    const host = new LabHost({ presets, clock });
    const { text } = await host.call('getPreset', { name: 'msi-emulated' });
    await host.call('load', { text });
    const files = await host.call('listRegisterFiles', undefined);
    expect(files.map((f) => f.id)).toContain('vm0/vcpu0/vlapic');
    expect(files.map((f) => f.id)).toContain('vm0/nic0/config');
    const cfg = await host.call('readRegisters', { file: 'vm0/nic0/config' });
    const data = cfg.registers.find((r) => r.name === 'MSI_DATA')!;
    expect(data.fields.find((f) => f.name === 'vector')!.value).toBe('0x51');
    const ro = await host.call('writeRegister', { file: 'host/cpu0/lapic', register: 'PPR', value: '0x50' });
    expect(ro.ok).toBe(false);
    expect(ro.message).toMatch(/read-only/);
  });
});
