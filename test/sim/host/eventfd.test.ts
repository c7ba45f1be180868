import { describe, expect, it } from 'vitest';
import { Eventfd } from '../../../src/sim/host/eventfd';

describe('eventfd', () => {
  it('adds every write to the counter; a read returns the sum and resets it (signals coalesce)', () => {
    const e = new Eventfd('t');
    e.signal(1n, [1]);
    e.signal(1n, [2]);
    e.signal(3n, [3]);
    expect(e.read()).toEqual({ value: 5n, flows: [1, 2, 3] });
    expect(e.read()).toEqual({ value: 0n, flows: [] });
  });

  it('wakes every waiter on every signal, in the signaller context', () => {
    const e = new Eventfd('t');
    const seen: number[][] = [];
    e.addWaiter((f) => seen.push(f));
    e.signal(1n, [7]);
    e.signal(1n, [8]);
    expect(seen).toEqual([[7], [8]]);
  });
});
