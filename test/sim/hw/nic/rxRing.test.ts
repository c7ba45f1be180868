// The NIC's receive ring at line rate and its interrupt moderation (ethtool rx-usecs / rx-frames).
import { describe, expect, it } from 'vitest';
import { RxRing } from '../../../../src/sim/hw/nic/rxRing';

describe('receive ring at line rate', () => {
  it('counts one packet per period from the start, none from the moment the sources stop', () => {
    const r = new RxRing(1200, 256);
    r.start(1000, 1000 + 12_000);
    expect(r.arrivedBy(999)).toBe(0);
    expect(r.arrivedBy(2199)).toBe(0);
    expect(r.arrivedBy(2200)).toBe(1);
    expect(r.arrivalAt(1)).toBe(2200);
    // Packets at 2200, 3400, …, 11800 arrive before 13000; the one at 13000 does not.
    expect(r.arrivedBy(1_000_000)).toBe(9);
  });

  it('places every packet at the first ns it is counted, even at sub-ns periods', () => {
    const r = new RxRing(1.28, 64); // 64-byte packets at 400 Gbit/s
    r.start(0, 1e6);
    for (const k of [1, 2, 3, 77, 1000]) {
      const t = r.arrivalAt(k);
      expect(r.arrivedBy(t)).toBeGreaterThanOrEqual(k);
      expect(r.arrivedBy(t - 1)).toBeLessThan(k);
    }
  });

  it('drops what finds the ring full and gives the poll the oldest packets', () => {
    const r = new RxRing(100, 8);
    r.start(0, 1e9);
    expect(r.update(1000)).toBe(2); // 10 arrived, 8 fit
    expect(r.occupancy).toBe(8);
    expect(r.take(5)).toBe(5);
    expect(r.update(1200)).toBe(0);
    expect(r.occupancy).toBe(5);
    expect(r.dropped).toBe(2);
    expect(r.consumed).toBe(5);
  });

  it('without moderation every packet is due at once', () => {
    const r = new RxRing(1000, 64);
    r.start(0, 1e9);
    r.update(0);
    expect(r.nextIrqAt(0, { usecsNs: 0, frames: 0 })).toBe(1000);
    r.update(1000);
    expect(r.due(1000, { usecsNs: 0, frames: 0 })).toBe(true);
  });

  it('rx-usecs delays the interrupt from the first unsignalled packet; rx-frames brings it forward', () => {
    const m = { usecsNs: 50_000, frames: 0 };
    const r = new RxRing(1000, 256);
    r.start(0, 1e9);
    r.update(0);
    expect(r.nextIrqAt(0, m)).toBe(51_000);
    r.update(20_000);
    expect(r.due(20_000, m)).toBe(false);
    r.update(51_000);
    expect(r.due(51_000, m)).toBe(true);
    r.signal();
    // Both: whichever comes first; 8 frames arrive 8 µs after the last signal.
    const both = { usecsNs: 50_000, frames: 8 };
    expect(r.nextIrqAt(51_000, both)).toBe(59_000);
  });

  it('re-enabling with packets in the ring signals them from then on', () => {
    const r = new RxRing(1000, 256);
    r.start(0, 1e9);
    r.update(10_000);
    r.signal();
    r.reenable(10_000);
    expect(r.nextIrqAt(10_000, { usecsNs: 3000, frames: 0 })).toBe(13_000);
    expect(r.due(10_000, { usecsNs: 0, frames: 4 })).toBe(true);
  });

  it('flushes a count the ended stream can no longer reach', () => {
    const r = new RxRing(1000, 256);
    r.start(0, 5500); // packets at 1000..5000
    r.update(0);
    const t = r.nextIrqAt(0, { usecsNs: 0, frames: 64 });
    expect(t).toBe(5000);
    r.update(5000);
    expect(r.exhausted).toBe(true);
    expect(r.due(5000, { usecsNs: 0, frames: 64 })).toBe(true);
    r.signal();
    expect(r.nextIrqAt(5000, { usecsNs: 0, frames: 64 })).toBeNull();
  });
});
