// The lab's help for the full views: validation without loading, stop points, step to a hop, log pages with a time
// range, latency histograms, register search and compare — through the LabHost, as the renderer calls them.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LabHost } from '../../../src/labhost/labHost';
import type { LabStatus } from '../../../src/shared/protocol';

const PRESETS = join(import.meta.dirname, '../../../resources/presets');
const text = readFileSync(join(PRESETS, 'msi-emulated.yaml'), 'utf8');

function host(): LabHost {
  const queue: (() => void)[] = [];
  const h = new LabHost({ presets: [{ name: 'msi-emulated', text }], clock: { now: () => 0, defer: (fn) => queue.push(fn) } });
  (h as unknown as { drain: () => void }).drain = () => { while (queue.length) queue.shift()!(); };
  return h;
}
const drain = (h: LabHost) => (h as unknown as { drain: () => void }).drain();

function loaded(): LabHost {
  const h = host();
  const r = h.handle('load', { text });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return h;
}

describe('lab views', () => {
  it('validate names the bad path and leaves the loaded run alone', () => {
    const h = loaded();
    const before = h.handle('status', undefined);
    const { issues } = h.handle('validate', { text: text.replace(/vcpus: 2/, 'vcpus: two') });
    expect(issues.map((i) => i.path)).toContain('vms[0].vcpus');
    expect(h.handle('status', undefined)).toEqual(before);
    expect(h.handle('validate', { text }).issues).toEqual([]);
    expect(h.handle('validate', { text, set: { 'vms[0].nope': '1' } }).issues[0]!.path).toBe('--set');
  });

  it('a breakpoint on a hop kind pauses the run at the next hop of that kind, and the run continues from there', () => {
    const h = loaded();
    const kinds = Object.keys((() => { const r = loaded(); r.handle('run', {}); drain(r); return r.handle('metrics', undefined); })().hopTimeNs);
    const kind = kinds.find((k) => k.startsWith('guest')) ?? kinds[kinds.length - 1]!;
    h.handle('setStopPoints', { hopKinds: [kind], watchpoints: [] });
    h.handle('run', {});
    drain(h);
    const s: LabStatus = h.handle('status', undefined);
    expect(s.state).toBe('paused');
    const hit = h.handle('lastStop', undefined)!;
    expect(hit.kind).toBe('breakpoint');
    const last = h.handle('queryLog', { start: -1, count: 1 }).rows[0]!;
    expect(last.kind).toBe(kind);
    expect(hit.seq).toBe(last.seq);
    h.handle('run', {});
    drain(h);
    expect(h.handle('lastStop', undefined)!.seq).toBeGreaterThan(last.seq);
  });

  it('breakpoints do not change the log: the hash after the run is the same', () => {
    const plain = loaded();
    plain.handle('run', {});
    drain(plain);
    const withBp = loaded();
    withBp.handle('setStopPoints', { hopKinds: ['no.such.kind'], watchpoints: [] });
    withBp.handle('run', {});
    drain(withBp);
    expect(withBp.handle('metrics', undefined).logHash).toBe(plain.handle('metrics', undefined).logHash);
  });

  it('a watchpoint pauses when the register changes', () => {
    const h = loaded();
    // Host vectors 0x41/0x42 sit in IRR2/ISR2 (vectors 0x40–0x5f).
    const isr = 'ISR2';
    h.handle('setStopPoints', { hopKinds: [], watchpoints: [{ file: 'host/cpu0/lapic', register: isr, when: 'change' }] });
    h.handle('run', {});
    drain(h);
    const hit = h.handle('lastStop', undefined);
    expect(hit?.kind).toBe('watchpoint');
    expect(hit!.message).toContain(isr);
    const now = h.handle('readRegisters', { file: 'host/cpu0/lapic' }).registers.find((r) => r.name === isr)!;
    expect(now.value).not.toBe('0x0');
    expect(h.handle('status', undefined).stopReason).toBe(hit!.message);
    h.handle('setStopPoints', { hopKinds: [], watchpoints: [{ file: 'host/cpu0/lapic', register: 'IRR2', when: 'equals', value: '0x0' }] });
    h.handle('run', {});
    drain(h);
    expect(h.handle('lastStop', undefined)?.message).toMatch(/IRR2 became 0x0/);
    expect(() => h.handle('setStopPoints', { hopKinds: [], watchpoints: [{ file: 'host/cpu0/lapic', register: 'NOPE', when: 'change' }] })).toThrow(/NOPE/);
  });

  it('step to the next hop records exactly one more hop or more in one event', () => {
    const h = loaded();
    const before = h.handle('status', undefined).hops;
    const s = h.handle('stepToHop', {});
    expect(s.hops).toBeGreaterThan(before);
    expect(s.stopReason).toMatch(/^next hop: /);
  });

  it('queryHops: a time range and a filter give the same rows as filtering queryLog by hand', () => {
    const h = loaded();
    h.handle('run', {});
    drain(h);
    const all = h.handle('queryLog', { start: 0, count: 5000 }).rows;
    const from = all[100]!.timeNs, to = all[600]!.timeNs;
    const kind = all[150]!.kind;
    const expected = all.filter((r) => r.timeNs >= from && r.timeNs <= to && r.kind === kind);
    const page = h.handle('queryHops', { start: 0, count: 5000, filter: { fromNs: from, toNs: to, kind } });
    expect(page.total).toBe(expected.length);
    expect(page.rows.map((r) => r.seq)).toEqual(expected.map((r) => r.seq));
    const tail = h.handle('queryHops', { start: -3, count: 3, filter: { kind } });
    expect(tail.rows.every((r) => r.kind === kind)).toBe(true);
    expect(h.handle('logVocabulary', undefined).kinds).toContain(kind);
  });

  it('latency histogram counts every delivered flow, per VM and per source', () => {
    const h = loaded();
    h.handle('run', {});
    drain(h);
    const m = h.handle('metrics', undefined);
    const hist = h.handle('latencyHistogram', { bins: 20 });
    const all = hist.groups.find((g) => g.key === 'all')!;
    expect(all.counts.reduce((a, b) => a + b, 0)).toBe(m.latencyNs.count);
    expect(all.latencyNs).toEqual(m.latencyNs);
    expect(hist.groups.some((g) => g.key === 'source:nic0')).toBe(true);
    expect(hist.edgesNs).toHaveLength(21);
  });

  it('register search finds registers and fields by name across files', () => {
    const h = loaded();
    const hits = h.handle('searchRegisters', { query: 'isr' });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((x) => (x.field ?? x.register).toLowerCase().includes('isr'))).toBe(true);
  });

  it('compare runs both sides to the end beside the main run; each equals a plain run with its overrides', () => {
    const h = host();
    const started = h.handle('compare', { text, a: { label: 'busy', set: { 'vms[0].idle': 'busy' } }, b: { label: 'halt', set: { 'vms[0].idle': 'halt' } } });
    expect(started.state).toBe('running');
    drain(h);
    const done = h.handle('compareProgress', undefined);
    expect(done.state).toBe('done');
    const halt = host();
    halt.handle('load', { text, set: { 'vms[0].idle': 'halt' } });
    halt.handle('run', {});
    drain(halt);
    expect(done.sides[1]!.summary!.logHash).toBe(halt.handle('metrics', undefined).logHash);
    expect(done.sides[0]!.summary!.logHash).not.toBe(done.sides[1]!.summary!.logHash);
    const bad = h.handle('compare', { text, a: { label: 'a', set: {} }, b: { label: 'b', set: { 'vms[0].nope': 'x' } } });
    expect(bad.state).toBe('failed');
    expect(bad.sides[1]!.issues![0]!.path).toBe('--set');
  });
});
