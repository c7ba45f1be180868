// Deterministic event queue: an array-backed binary heap over typed arrays.
// Order is (time, insertion sequence), so two events at the same instant run in the order they were scheduled.
import type { Ns } from './time';

export type EventAction = () => void;

export class EventQueue {
  private time: Float64Array;
  private seq: Float64Array;
  private slot: Int32Array;
  private actions: (EventAction | undefined)[] = [];
  private freeSlots: number[] = [];
  private size = 0;
  private nextSeq = 0;

  constructor(initialCapacity = 1024) {
    this.time = new Float64Array(initialCapacity);
    this.seq = new Float64Array(initialCapacity);
    this.slot = new Int32Array(initialCapacity);
  }

  get length(): number {
    return this.size;
  }

  /** Time of the earliest event, or Infinity when empty. */
  peekTime(): Ns {
    return this.size > 0 ? this.time[0]! : Infinity;
  }

  push(at: Ns, action: EventAction): void {
    if (this.size === this.time.length) this.grow();
    const s = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.actions.length;
    this.actions[s] = action;
    let i = this.size++;
    const t = this.time, q = this.seq, sl = this.slot;
    const sq = this.nextSeq++;
    // sift up
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (t[p]! < at || (t[p] === at && q[p]! < sq)) break;
      t[i] = t[p]!; q[i] = q[p]!; sl[i] = sl[p]!;
      i = p;
    }
    t[i] = at; q[i] = sq; sl[i] = s;
  }

  /** Removes the earliest event; returns its action (its time is what peekTime() gave). */
  pop(): EventAction {
    if (this.size === 0) throw new Error('EventQueue.pop on an empty queue');
    const t = this.time, q = this.seq, sl = this.slot;
    const s = sl[0]!;
    const action = this.actions[s]!;
    this.actions[s] = undefined;
    this.freeSlots.push(s);
    const n = --this.size;
    if (n > 0) {
      const lt = t[n]!, lq = q[n]!, ls = sl[n]!;
      let i = 0;
      for (;;) {
        let c = 2 * i + 1;
        if (c >= n) break;
        const r = c + 1;
        if (r < n && (t[r]! < t[c]! || (t[r] === t[c] && q[r]! < q[c]!))) c = r;
        if (lt < t[c]! || (lt === t[c] && lq < q[c]!)) break;
        t[i] = t[c]!; q[i] = q[c]!; sl[i] = sl[c]!;
        i = c;
      }
      t[i] = lt; q[i] = lq; sl[i] = ls;
    }
    return action;
  }

  clear(): void {
    this.size = 0;
    this.actions = [];
    this.freeSlots = [];
    this.nextSeq = 0;
  }

  private grow(): void {
    const cap = this.time.length * 2;
    const t = new Float64Array(cap); t.set(this.time); this.time = t;
    const q = new Float64Array(cap); q.set(this.seq); this.seq = q;
    const s = new Int32Array(cap); s.set(this.slot); this.slot = s;
  }
}
