// A NIC's receive ring fed at line rate, and its interrupt moderation (what ethtool -C rx-usecs / rx-frames set).
// Packets arrive at a constant rate (one every `periodNs`, the first one period after the stream starts, none from the
// moment the sources stop); each takes a ring slot until the driver's poll takes it, and a packet that finds the
// ring full is dropped. Arrivals are counted when asked (`update`), not scheduled one by one, so line rate costs
// nothing per packet in events.
// Moderation: the NIC raises an interrupt `usecs` after the first packet it has not yet signalled, or as soon as
// `frames` such packets wait (at most a ring's worth), whichever comes first; with both 0 every packet interrupts (the
// timer starts at the first unsignalled packet, as mlx5's EQE-based CQ moderation does; Intel's ITR is a minimum
// interval between interrupts instead, not modelled). When the sources stop, packets still waiting are signalled at
// the last arrival's moderation time (a count that can no longer be reached does not hold them forever).
// Not modelled: TCP flow control (the sender keeps line rate; a slow receiver drops), several rings (RSS), buffer
// refill, descriptor write-back batching.
import type { Ns } from '../../core/time';

export interface Moderation {
  /** rx-usecs in ns: the delay after the first unsignalled packet (0: no timer). */
  usecsNs: Ns;
  /** rx-frames: packets that trigger an interrupt at once (0: no count). */
  frames: number;
}

export class RxRing {
  private startNs = 0;
  private stopNs = Infinity;
  /** Packets that arrive before the sources stop (Infinity until the stream starts). */
  private lastIndex = Infinity;
  /** Packets arrived so far (accepted or dropped). */
  arrived = 0;
  /** Packets in the ring, waiting for a poll. */
  occupancy = 0;
  dropped = 0;
  consumed = 0;
  /** Packets accepted since the last interrupt (or since interrupts were re-enabled), and when the first came. */
  private unsignalled = 0;
  private firstUnsignalledAt = 0;

  constructor(readonly periodNs: number, readonly size: number) {}

  /** The stream starts at `at`; no packet arrives from `stopAt` on. */
  start(at: Ns, stopAt: Ns): void {
    this.startNs = at;
    this.stopNs = stopAt;
    this.lastIndex = stopAt <= at ? 0 : Math.max(0, Math.ceil((stopAt - at) / this.periodNs - 1e-9) - 1);
  }

  /** When packet k (1, 2, …) arrives, in whole ns: the first ns at which `arrivedBy` counts it. */
  arrivalAt(k: number): Ns {
    let t = Math.max(this.startNs, Math.floor(this.startNs + k * this.periodNs) - 1);
    while (this.arrivedBy(t) < k && t < this.stopNs) t++;
    return t;
  }

  /** Packets that have arrived by time t. */
  arrivedBy(t: Ns): number {
    if (t < this.startNs) return 0;
    return Math.min(this.lastIndex, Math.floor((t - this.startNs) / this.periodNs + 1e-9));
  }

  /** True once no packet will arrive any more. */
  get exhausted(): boolean {
    return this.arrived >= this.lastIndex;
  }

  /** Counts the arrivals up to `t` into the ring; returns how many were dropped (the ring was full). */
  update(t: Ns): number {
    const n = this.arrivedBy(t);
    const a = n - this.arrived;
    if (a <= 0) return 0;
    const first = this.arrived + 1;
    this.arrived = n;
    const accepted = Math.min(a, this.size - this.occupancy);
    this.occupancy += accepted;
    this.dropped += a - accepted;
    if (accepted > 0) {
      if (this.unsignalled === 0) this.firstUnsignalledAt = this.arrivalAt(first);
      this.unsignalled += accepted;
    }
    return a - accepted;
  }

  /** The driver's poll takes up to `n` packets (oldest first); returns how many it got. */
  take(n: number): number {
    const k = Math.min(n, this.occupancy);
    this.occupancy -= k;
    this.consumed += k;
    return k;
  }

  /** The NIC raised its interrupt: what waits is signalled. */
  signal(): void {
    this.unsignalled = 0;
  }

  /** The driver re-enabled interrupts at `t` (napi_complete_done): what the ring holds now waits to be signalled. */
  reenable(t: Ns): void {
    this.unsignalled = this.occupancy;
    this.firstUnsignalledAt = t;
  }

  /** Whether moderation lets the NIC interrupt at `t` (after `update(t)`). */
  due(t: Ns, m: Moderation): boolean {
    if (this.unsignalled === 0) return false;
    if (this.exhausted) return t >= this.firstUnsignalledAt + m.usecsNs || this.unsignalled >= this.countLimit(m);
    if (m.usecsNs === 0 && m.frames === 0) return true;
    if (m.usecsNs > 0 && t >= this.firstUnsignalledAt + m.usecsNs) return true;
    return m.frames > 0 && this.unsignalled >= this.countLimit(m);
  }

  /** When moderation next lets the NIC interrupt (≥ t, after `update(t)`), or null if no packet will ever need it. */
  nextIrqAt(t: Ns, m: Moderation): Ns | null {
    let first: Ns;
    if (this.unsignalled > 0) first = this.firstUnsignalledAt;
    else if (this.exhausted) return null;
    else first = this.arrivalAt(this.arrived + 1);
    if (m.usecsNs === 0 && m.frames === 0) return Math.max(t, first);
    let at = m.usecsNs > 0 ? first + m.usecsNs : Infinity;
    if (m.frames > 0) {
      const need = this.countLimit(m) - this.unsignalled;
      const k = this.arrived + Math.max(1, need);
      // A count the stream can no longer reach is flushed at the last arrival.
      at = Math.min(at, need <= 0 ? t : this.arrivalAt(Math.min(k, this.lastIndex)));
    }
    return Math.max(t, at);
  }

  private countLimit(m: Moderation): number {
    return m.frames > 0 ? Math.min(m.frames, this.size) : 1;
  }
}
