import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../../src/sim/core/eventQueue';
import { Prng } from '../../../src/sim/core/prng';

describe('EventQueue', () => {
  it('pops events in time order, and same-time events in insertion order', () => {
    const q = new EventQueue(2);
    const out: string[] = [];
    q.push(5, () => out.push('a5'));
    q.push(1, () => out.push('b1'));
    q.push(5, () => out.push('c5'));
    q.push(3, () => out.push('d3'));
    q.push(1, () => out.push('e1'));
    while (q.length) q.pop()();
    expect(out).toEqual(['b1', 'e1', 'd3', 'a5', 'c5']);
  });

  it('agrees with a stable sort on random workloads with many ties and interleaved pops', () => {
    const rng = new Prng(42);
    const q = new EventQueue(4);
    const ref: { t: number; seq: number }[] = [];
    const got: number[] = [];
    let seq = 0;
    for (let round = 0; round < 2000; round++) {
      const t = rng.nextU32() % 50;
      const s = seq++;
      q.push(t, () => got.push(s));
      ref.push({ t, seq: s });
      if (rng.next() < 0.3 && q.length) {
        const minT = q.peekTime();
        q.pop()();
        const idx = ref.findIndex((r) => r.t === minT && r.seq === got[got.length - 1]);
        expect(idx).toBeGreaterThanOrEqual(0);
        // the popped one must be the earliest (time, seq) still queued
        const earliest = ref.reduce((a, b) => (b.t < a.t || (b.t === a.t && b.seq < a.seq) ? b : a));
        expect(ref[idx]).toBe(earliest);
        ref.splice(idx, 1);
      }
    }
    const rest: number[] = [];
    while (q.length) { q.pop()(); rest.push(got[got.length - 1]!); }
    expect(rest).toEqual([...ref].sort((a, b) => a.t - b.t || a.seq - b.seq).map((r) => r.seq));
  });

  it('throws on pop when empty and reports Infinity as the next time', () => {
    const q = new EventQueue();
    expect(q.peekTime()).toBe(Infinity);
    expect(() => q.pop()).toThrow(/empty/);
  });
});
