import { describe, expect, it } from 'vitest';
import { HopLog } from '../../../src/sim/core/hopLog';

describe('hop log', () => {
  it('keeps the newest hops in a bounded ring and counts what it overwrote', () => {
    const log = new HopLog(4);
    const k = log.strings.id('k');
    for (let i = 0; i < 10; i++) log.record(i * 10, 1, i + 1, k, k, k, k);
    expect(log.total).toBe(10);
    expect(log.held).toBe(4);
    expect(log.overwritten).toBe(6);
    expect([0, 1, 2, 3].map((i) => log.at(i).flow)).toEqual([7, 8, 9, 10]);
    expect(log.at(0).seq).toBe(6);
  });

  it('hashes every field of every hop, overwritten ones included', () => {
    const run = (tweak: number) => {
      const log = new HopLog(2);
      const a = log.strings.id('a'), b = log.strings.id('b');
      for (let i = 0; i < 5; i++) log.record(i, i === 0 ? tweak : 1, 1, a, b, a, b);
      return log.hash();
    };
    expect(run(1)).toBe(run(1));
    expect(run(2)).not.toBe(run(1)); // the changed hop was overwritten long ago, yet the hash sees it
  });

  it('hands its columns to the next log of its capacity when released, which then holds only its own hops', () => {
    const first = new HopLog(8);
    const k = first.strings.id('k');
    for (let i = 0; i < 8; i++) first.record(i, 1, 100 + i, k, k, k, k);
    first.release();
    expect(first.held).toBe(0);

    const next = new HopLog(8);
    const fresh = new HopLog(8);
    for (const log of [next, fresh]) {
      const a = log.strings.id('a');
      for (let i = 0; i < 3; i++) log.record(i * 10, 2, i + 1, a, a, a, a);
    }
    expect(next.held).toBe(3);
    expect([0, 1, 2].map((i) => next.at(i).flow)).toEqual([1, 2, 3]);
    expect(next.hash()).toBe(fresh.hash());
  });

  it('sums time per hop kind', () => {
    const log = new HopLog(8);
    const a = log.strings.id('kvm.vmexit'), w = log.strings.id('cpu0');
    log.record(0, 300, 1, a, w, w, w);
    log.record(5, 200, 2, a, w, w, w);
    expect(log.kindTotals()['kvm.vmexit']).toEqual({ count: 2, totalNs: 500 });
  });
});
