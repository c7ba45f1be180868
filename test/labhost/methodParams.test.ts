// Every protocol method's params are validated before its handler runs; the new machine views are served.
import { describe, expect, it } from 'vitest';
import { LabHost } from '../../src/labhost/labHost';
import { METHOD_PARAMS, MAX_EVENTS_PER_REQUEST } from '../../src/labhost/methodParams';
import { readPresetDir } from '../../src/labhost/node/presetFiles';
import { LAB_METHODS, type LabMethod } from '../../src/shared/protocol';

const presets = readPresetDir(new URL('../../resources/presets/', import.meta.url).pathname);
const host = () => new LabHost({ presets, clock: { now: () => performance.now(), defer: (fn) => setImmediate(fn) } });
const loaded = () => {
  const h = host();
  const r = h.handle('load', { text: h.handle('getPreset', { name: 'msi-emulated' }).text });
  expect(r.ok).toBe(true);
  return h;
};

describe('lab protocol params', () => {
  it('every method has a schema and a handler', () => {
    expect(Object.keys(METHOD_PARAMS).sort()).toEqual([...LAB_METHODS].sort());
  });

  it('refuses a step of more events than one request may run, naming the method and the field', () => {
    const h = loaded();
    expect(() => h.handle('step', { events: 1e15 })).toThrow(/^step: events: .*10000000/);
    expect(() => h.handle('step', { events: 2.5 })).toThrow(/^step: events/);
    expect(h.handle('step', { events: MAX_EVENTS_PER_REQUEST / 10_000 }).state).toBe('paused');
  });

  it('refuses wrong types and unknown keys instead of casting them', () => {
    const h = loaded();
    expect(() => h.handle('readRegisters', { file: 3 } as never)).toThrow(/^readRegisters: file/);
    expect(() => h.handle('queryLog', { start: 0, count: 10, bogus: 1 } as never)).toThrow(/^queryLog: /);
    expect(() => h.handle('load', { text: 'x', seed: -1 })).toThrow(/^load: seed/);
    expect(() => h.handle('nope' as LabMethod, undefined as never)).toThrow(/unknown method "nope"/);
  });

  it('accepts void methods called with nothing, null or {}', () => {
    const h = loaded();
    for (const p of [undefined, null, {}]) expect(h.handle('status', p as never).state).toBe('loaded');
  });

  it('serves the hop catalog without a scenario, and the machine graph of the loaded one', () => {
    const cat = host().handle('hopCatalog', undefined);
    expect(cat.kinds.find((k) => k.kind === 'kvm.vmexit')).toMatchObject({ layer: 'kvm', class: 'host', costs: ['kvm.vmexit'] });
    expect(cat.layers.map((l) => l.layer)).toContain('guest');
    expect(() => host().handle('machineGraph', undefined)).toThrow(/no scenario loaded/);
    const g = loaded().handle('machineGraph', undefined);
    if (!g.ok) throw new Error('no graph');
    expect(g.nodes.some((n) => n.kind === 'pcpu')).toBe(true);
    expect(g.edges.some((e) => e.kind === 'eventfd')).toBe(true);
  });
});

describe('machine graph of a text', () => {
  it('builds the graph of a text without replacing the loaded run, or names what is wrong with the text', () => {
    const h = loaded();
    const text = h.handle('getPreset', { name: 'intx-shared-line' }).text;
    const g = h.handle('machineGraph', { text });
    if (!g.ok) throw new Error(JSON.stringify(g.issues));
    expect(g.nodes.some((n) => n.id === 'host/irq16')).toBe(true);
    expect(h.handle('status', undefined).scenario).toBe('msi-emulated');
    const bad = h.handle('machineGraph', { text: 'vms: 3' });
    expect(bad.ok).toBe(false);
  });
});
