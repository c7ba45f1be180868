import { describe, expect, it } from 'vitest';
import { Prng } from '../../../src/sim/core/prng';

describe('Prng', () => {
  it('gives the same sequence for the same seed and a different one for another seed', () => {
    const a = new Prng(7), b = new Prng(7), c = new Prng(8);
    const sa = Array.from({ length: 8 }, () => a.nextU32());
    expect(Array.from({ length: 8 }, () => b.nextU32())).toEqual(sa);
    expect(Array.from({ length: 8 }, () => c.nextU32())).not.toEqual(sa);
  });

  it('derives independent streams per label', () => {
    const x = Prng.derive(1, 'nic0').nextU32();
    expect(Prng.derive(1, 'nic0').nextU32()).toBe(x);
    expect(Prng.derive(1, 'disk0').nextU32()).not.toBe(x);
  });

  it('draws exponential gaps with the requested mean', () => {
    const r = new Prng(3);
    let sum = 0;
    const n = 200_000;
    for (let i = 0; i < n; i++) sum += r.exponential(1000);
    expect(sum / n).toBeGreaterThan(980);
    expect(sum / n).toBeLessThan(1020);
  });
});
