// The snapshot document: what it holds, what a restore refuses (another format or version, a state the re-run does
// not reach), and the inspector's writes replayed where they were made.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { Lab } from '../../../../src/sim/lab/lab';
import { parseSnapshot, SnapshotError, takeSnapshot } from '../../../../src/sim/lab/snapshot/snapshot';
import { Replay, restoreSnapshot } from '../../../../src/sim/lab/snapshot/replay';
import { StopSet } from '../../../../src/sim/lab/stopPoints';

const text = readFileSync(new URL('../../../../resources/presets/msi-emulated.yaml', import.meta.url), 'utf8');

function lab(opts: { seed?: number; set?: Record<string, string> } = {}): Lab {
  const r = Lab.load(text, { untilNs: 2_000_000, ...opts });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.lab;
}

describe('snapshot document', () => {
  it('holds the text, the load options made explicit, the position and the hash', () => {
    const l = lab({ seed: 7, set: { 'vms[0].idle': 'halt' } });
    l.advance(300);
    const s = takeSnapshot(l);
    expect(s).toMatchObject({ format: 'virq-snapshot', version: 1, scenario: l.scenario.name, text });
    expect(s.load).toEqual({ seed: 7, set: { 'vms[0].idle': 'halt' }, untilNs: 2_000_000, maxEvents: l.maxEvents });
    expect(s.position).toEqual({ events: 300, simNs: l.sim.now, hops: l.sim.log.total });
    const back = restoreSnapshot(parseSnapshot(JSON.stringify(s)));
    expect(back.scenario.seed).toBe(7);
    expect(back.sim.log.hash()).toBe(s.logHash);
  });

  it('refuses another format or version, and a state the re-run does not reach, saying why', () => {
    const l = lab();
    l.advance(100);
    const s = takeSnapshot(l);
    expect(() => parseSnapshot('{')).toThrow(/not JSON/);
    expect(() => parseSnapshot({ ...s, format: 'x' })).toThrow(/format is "x"/);
    expect(() => parseSnapshot({ ...s, version: 2 })).toThrow(/version 2 is not supported/);
    expect(() => parseSnapshot({ ...s, position: { ...s.position, events: -1 } })).toThrow(/position.events/);
    const other = s.logHash === '0000000000000000' ? '0000000000000001' : '0000000000000000';
    expect(() => restoreSnapshot({ ...s, logHash: other })).toThrow(SnapshotError);
    expect(() => restoreSnapshot({ ...s, logHash: other })).toThrow(/another version of the model/);
    expect(() => restoreSnapshot({ ...s, load: { ...s.load, seed: 99 } })).toThrow(/does not replay/);
    expect(() => restoreSnapshot({ ...s, text: 'name: [' })).toThrow(/not valid here/);
  });

  it('replays a register written from the inspector at the event it was written', () => {
    const l = lab();
    l.advance(200);
    const w = l.writeRegister({ file: 'host/cpu3/lapic', register: 'LDR', value: '0x1000000' });
    expect(w.ok).toBe(true);
    l.advance(200);
    const s = takeSnapshot(l);
    expect(s.writes).toEqual([{ events: 200, file: 'host/cpu3/lapic', register: 'LDR', value: '0x1000000' }]);
    const back = restoreSnapshot(parseSnapshot(JSON.stringify(s)));
    expect(back.sim.log.hash()).toBe(s.logHash);
    expect(back.readRegisters({ file: 'host/cpu3/lapic' }).registers.find((r) => r.name === 'LDR')?.value).toBe('0x1000000');
    expect(back.lastWriter('host/cpu3/lapic', 'LDR')?.by).toBe('inspector');
  });

  it('a snapshot of a finished run restores to the finished run, stuck flows named as before', () => {
    const r = Lab.load(readFileSync(new URL('../../../../resources/presets/intx-nobody-cared.yaml', import.meta.url), 'utf8'), {});
    if (!r.ok) throw new Error('invalid');
    const whole = r.lab.runToEnd();
    expect(whole.stuck.length).toBeGreaterThan(0);
    const back = restoreSnapshot(parseSnapshot(JSON.stringify(takeSnapshot(r.lab))));
    expect(back.finished).toBe(true);
    expect(back.summary()).toEqual(whole);
  });

  it('a replay with stop points reports each hit at the event that made it', () => {
    const l = lab();
    l.advance(700);
    const target = l.sim.events;
    const r = new Replay(takeSnapshot(l), target);
    const stops = new StopSet();
    stops.set({ hopKinds: ['kvm.vmexit'], watchpoints: [] }, r.lab);
    const hits: number[] = [];
    for (;;) {
      const out = r.advance(1e9, stops);
      if (!out.hit) break;
      hits.push(out.hit.seq!);
      expect(r.lab.sim.log.at(out.hit.seq! - (r.lab.sim.log.total - r.lab.sim.log.held)).kind).toBe('kvm.vmexit');
    }
    expect(r.lab.sim.events).toBe(target);
    expect(hits.length).toBeGreaterThan(2);
    expect(hits).toEqual([...hits].sort((a, b) => a - b));
  });
});
