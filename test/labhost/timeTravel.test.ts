// The lab host going back: step back, reverse continue (hop kind, watchpoint), snapshots saved and restored, the
// ring of automatic ones, who last wrote a register; sliced so Pause answers.
import { describe, expect, it } from 'vitest';
import { LabHost } from '../../src/labhost/labHost';
import { readPresetDir } from '../../src/labhost/node/presetFiles';
import { Lab } from '../../src/sim/lab/lab';
import { StopSet } from '../../src/sim/lab/stopPoints';
import type { LabStatus, StopPoints } from '../../src/shared/protocol';

const presets = readPresetDir(new URL('../../resources/presets/', import.meta.url).pathname);
const text = presets.find((p) => p.name === 'msi-emulated')!.text;
const clock = { now: () => performance.now(), defer: (fn: () => void) => setImmediate(fn) };

function loaded(opts: { requestBudgetMs?: number } = {}): LabHost {
  const host = new LabHost({ presets, clock, ...opts });
  const r = host.handle('load', { text, seed: 4 });
  expect(r.ok).toBe(true);
  return host;
}

/** A fresh lab of the same run at `events`. */
function at(events: number): Lab {
  const r = Lab.load(text, { seed: 4 });
  if (!r.ok) throw new Error('invalid');
  r.lab.advance(events);
  return r.lab;
}

/** Positions (events) of every hit of `points` in the first `upTo` events of the run. */
function hits(points: StopPoints, upTo: number): number[] {
  const lab = at(0);
  const stops = new StopSet();
  stops.set(points, lab);
  const out: number[] = [];
  while (lab.sim.events < upTo) {
    const r = stops.advance(lab, upTo - lab.sim.events, Infinity);
    if (r.hit) out.push(lab.sim.events);
    if (r.ran === 0) break;
  }
  return out;
}

function until(host: LabHost, ok: (s: LabStatus) => boolean): Promise<LabStatus> {
  return new Promise((resolve) => {
    const look = () => (ok(host.handle('status', undefined)) ? resolve(host.handle('status', undefined)) : setTimeout(look, 5));
    look();
  });
}

describe('lab host time travel', () => {
  it('steps back by exactly n events, to the state the run had there', () => {
    const host = loaded();
    for (let i = 0; i < 5; i++) host.handle('step', { events: 40 });
    const before = host.handle('status', undefined);
    expect(before.events).toBe(200);
    const back = host.handle('stepBack', { events: 30 });
    const ref = at(170);
    expect(back).toMatchObject({ state: 'paused', events: 170, simNs: ref.sim.now, hops: ref.sim.log.total });
    expect(back.stopReason).toMatch(/step back 30 events/);
    expect(host.handle('snapshot', undefined).logHash).toBe(ref.sim.log.hash());
    expect(host.handle('stepBack', {}).events).toBe(169);
    // And forward again from there: the same run.
    expect(host.handle('step', { events: 31 }).hops).toBe(at(200).sim.log.total);
  });

  it('reverse continue goes to the previous hit of a hop kind, strictly before the current point', () => {
    const host = loaded();
    host.handle('stepToHop', { kind: 'kvm.vmexit' });
    const first = host.handle('lastStop', undefined)!;
    const firstAt = host.handle('status', undefined).events;
    host.handle('stepToHop', { kind: 'kvm.vmexit' });
    const second = host.handle('lastStop', undefined)!;
    expect(second.seq).toBeGreaterThan(first.seq!);
    const s = host.handle('reverseContinue', { kind: 'kvm.vmexit' });
    expect(s.events).toBe(firstAt);
    expect(host.handle('lastStop', undefined)).toMatchObject({ kind: 'breakpoint', seq: first.seq });
    expect(s.stopReason).toMatch(/reverse continue to kvm\.vmexit: breakpoint: kvm\.vmexit/);
    // No earlier one: said, and the run stays where it is.
    const none = host.handle('reverseContinue', { kind: 'kvm.vmexit' });
    expect(none.events).toBe(firstAt);
    expect(none.stopReason).toMatch(/no earlier hit/);
  });

  it('reverse continue by the hop log lands where a re-run with the breakpoint armed finds the last hit', () => {
    for (const kind of ['x86.lapic.eoi', 'kvm.inject.event', 'guest.handler']) {
      for (const current of [150, 333, 601]) {
        const host = loaded();
        host.handle('step', { events: current });
        const expected = hits({ hopKinds: [kind], watchpoints: [] }, current - 1);
        const s = host.handle('reverseContinue', { kind });
        expect(s.events, `${kind} before event ${current}`).toBe(expected.at(-1) ?? current);
        if (expected.length) expect(host.handle('lastStop', undefined)?.message).toMatch(new RegExp(`^breakpoint: ${kind.replace(/\./g, '\\.')} at `));
      }
    }
  });

  it('reverse continue to a register watchpoint goes to its last change before the current point', () => {
    const host = loaded();
    host.handle('step', { events: 600 });
    const watch = { file: 'vm0/vcpu0/vlapic', register: 'IRR2', when: 'change' as const };
    const expected = hits({ hopKinds: [], watchpoints: [watch] }, 599);
    expect(expected.length).toBeGreaterThan(1);
    const s = host.handle('reverseContinue', { watch });
    expect(s.events).toBe(expected.at(-1));
    expect(s.stopReason).toMatch(/watchpoint: vm0\/vcpu0\/vlapic IRR2 changed/);
  });

  it('saves and restores a snapshot, and refuses one that does not replay to its hash', () => {
    const host = loaded();
    host.handle('step', { events: 321 });
    const snap = JSON.parse(JSON.stringify(host.handle('snapshot', undefined)));
    const other = loaded();
    const s = other.handle('restore', { snapshot: snap });
    expect(s).toMatchObject({ state: 'paused', events: 321, hops: snap.position.hops });
    expect(other.handle('snapshot', undefined).logHash).toBe(snap.logHash);
    expect(() => other.handle('restore', { snapshot: { ...snap, logHash: 'ffffffffffffffff' } })).toThrow(/refused .* another version of the model/);
    expect(other.handle('status', undefined).events).toBe(321);
    expect(() => other.handle('restore', { snapshot: { ...snap, version: 9 } })).toThrow(/version 9 is not supported/);
    // After a restore, reset reloads the snapshot's scenario.
    expect(other.handle('reset', undefined)).toMatchObject({ state: 'loaded', events: 0 });
  });

  it('keeps a ring of automatic snapshots and goes back to one', () => {
    const host = loaded();
    for (let i = 0; i < 4; i++) host.handle('step', { events: 100 });
    const ring = host.handle('snapshotRing', undefined);
    expect(ring.map((r) => r.events)).toEqual([100, 200, 300, 400]);
    const s = host.handle('restoreRing', { events: 200 });
    expect(s.events).toBe(200);
    expect(host.handle('snapshot', undefined).logHash).toBe(ring[1]!.logHash);
    expect(() => host.handle('restoreRing', { events: 250 })).toThrow(/no automatic snapshot at event 250/);
  });

  it('goes on in slices past its request budget; Pause abandons it and the run stays where it was', async () => {
    const host = new LabHost({ presets, clock, requestBudgetMs: 0 });
    expect(host.handle('load', { text: presets.find((p) => p.name === 'datacenter-8vm')!.text }).ok).toBe(true);
    while (host.handle('status', undefined).events < 45_000) host.handle('step', { events: 45_000 - host.handle('status', undefined).events });
    const s = host.handle('stepBack', { events: 10 });
    expect(s).toMatchObject({ state: 'running', events: 45_000 });
    expect(s.stopReason).toMatch(/re-executing to event 44990, \d+ %/);
    expect(s.travel).toMatch(/^step back 10 events: re-executing to event 44990, \d+ %$/);
    expect(host.handle('pause', undefined)).toMatchObject({ state: 'paused', events: 45_000 });
    await new Promise((r) => setTimeout(r, 50));
    expect(host.handle('status', undefined)).toMatchObject({ state: 'paused', events: 45_000 });
    host.handle('stepBack', { events: 10 });
    const done = await until(host, (x) => x.state !== 'running');
    expect(done).toMatchObject({ state: 'paused', events: 44_990 });
    expect(done.travel).toBeUndefined();
  });

  it('says who last wrote a register, and checks its params', () => {
    const host = loaded();
    host.handle('step', { events: 600 });
    const w = host.handle('lastWriter', { file: 'vm0/vcpu0/vlapic', register: 'IRR2' });
    expect(w?.hop?.kind).toMatch(/^kvm\./);
    expect(() => host.handle('reverseContinue', {})).toThrow(/set a breakpoint on a hop kind or a register watchpoint first/);
    expect(() => host.handle('reverseContinue', { kind: 'x', watch: { file: 'f', register: 'r', when: 'change' } })).toThrow(/not both/);
    host.handle('setStopPoints', { hopKinds: ['kvm.vmexit'], watchpoints: [] });
    expect(host.handle('reverseContinue', undefined).stopReason).toMatch(/reverse continue to kvm\.vmexit: breakpoint/);
    expect(() => host.handle('stepBack', { events: 0 })).toThrow(/stepBack: events/);
  });
});
