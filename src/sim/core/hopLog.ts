// The hop log: every step an interrupt takes, stored in a bounded ring of typed-array columns (no object per hop).
// A running hash covers every hop ever recorded, overwritten or not, so two runs compare byte for byte; strings enter it
// by content, so reshaping the model (which changes when a string is first interned) keeps it.
import { hopClassOf } from './catalog/hopKinds';
import { StringTable } from './strings';
import type { Ns } from './time';

export const enum HopClass {
  Host = 0,
  Guest = 1,
  Wire = 2,
}

const CLASS_CODE = { host: HopClass.Host, guest: HopClass.Guest, wire: HopClass.Wire } as const;

/** A kind's class as the log's column code, from the hop-kind catalog. */
export function classifyHop(kind: string): HopClass {
  return CLASS_CODE[hopClassOf(kind)];
}

export interface Hop {
  seq: number;
  timeNs: Ns;
  durNs: Ns;
  flow: number;
  kind: string;
  where: string;
  vm: string;
  detail: string;
}

export class HopLog {
  readonly strings = new StringTable();
  private time: Float64Array;
  /** Whole ns, at most 2^32 − 1 (4.29 s): a longer hop is held clipped; the summaries and the hash take it whole. */
  private dur: Uint32Array;
  private flow: Int32Array;
  private kind: Uint32Array;
  private where: Uint32Array;
  private vm: Uint32Array;
  private detail: Uint32Array;
  /** Hops ever recorded. */
  total = 0;
  /** Where the next hop goes in the ring. */
  private head = 0;
  private h1 = 0x811c9dc5;
  private h2 = 0x9747b28c;
  /** Per hop kind (by string id): count and summed duration. */
  private kindCount = new Float64Array(64);
  private kindTime = new Float64Array(64);
  /** Class of each kind id (0xff = not classified yet). */
  private kindClass = new Uint8Array(64).fill(0xff);
  /** Time per (VM id, class): index vmId * 3 + class. */
  private vmClassTime = new Float64Array(64 * 3);

  /** Bytes one held hop takes in the ring's columns (time f64; duration, flow, kind, place, VM, detail 32-bit). */
  static readonly BYTES_PER_HOP = 8 + 4 + 4 + 4 + 4 + 4 + 4;

  constructor(readonly capacity: number, private readonly classify: (kind: string) => HopClass = classifyHop) {
    const c = takeColumns(capacity);
    // Assigned here, field by field, so the hot path reads plain fields (no columns object to go through).
    this.time = c.time;
    this.dur = c.dur;
    this.flow = c.flow;
    this.kind = c.kind;
    this.where = c.where;
    this.vm = c.vm;
    this.detail = c.detail;
  }

  /**
   * Gives the ring's columns to the next log of the same capacity (a sweep's next run, the benchmark's next round):
   * fresh pages cost more than the hops written into them (~0.25 µs a hop on this sandbox's page faults). The log is
   * dead afterwards: it holds no hop and must record none.
   */
  release(): void {
    if (this.time.length === 0) return;
    spare = { time: this.time, dur: this.dur, flow: this.flow, kind: this.kind, where: this.where, vm: this.vm, detail: this.detail };
    this.time = new Float64Array(0);
    this.dur = this.kind = this.where = this.vm = this.detail = new Uint32Array(0);
    this.flow = new Int32Array(0);
    this.total = 0;
    this.head = 0;
  }

  /** Hops the ring no longer holds. */
  get overwritten(): number {
    return Math.max(0, this.total - this.capacity);
  }

  get held(): number {
    return Math.min(this.total, this.capacity);
  }

  /** Records a hop; string arguments are interned ids from `this.strings`. */
  record(timeNs: Ns, durNs: Ns, flow: number, kindId: number, whereId: number, vmId: number, detailId: number): void {
    const i = this.head;
    this.head = i + 1 === this.capacity ? 0 : i + 1;
    this.time[i] = timeNs;
    this.dur[i] = durNs < 0xffffffff ? durNs : 0xffffffff;
    this.flow[i] = flow;
    this.kind[i] = kindId;
    this.where[i] = whereId;
    this.vm[i] = vmId;
    this.detail[i] = detailId;
    this.total++;
    if (kindId >= this.kindCount.length) this.growKinds(kindId);
    this.kindCount[kindId]!++;
    this.kindTime[kindId]! += durNs;
    let cls = this.kindClass[kindId]!;
    if (cls === 0xff) cls = this.kindClass[kindId] = this.classify(this.strings.str(kindId));
    if (vmId * 3 + 2 >= this.vmClassTime.length) this.growVms(vmId);
    this.vmClassTime[vmId * 3 + cls]! += durNs;
    // The words the hash takes, each as a 32-bit integer (`| 0` is ToInt32, as a store into an Int32Array). Strings
    // by content: the hash does not depend on the order in which places, kinds and details were first seen.
    const hi = timeNs < 4294967296 ? 0 : Math.floor(timeNs / 4294967296);
    const st = this.strings;
    let h1 = this.h1;
    let h2 = this.h2;
    // murmur3's 32-bit block step, in two lanes with different seeds and a cross-feed: one step per word (unrolled).
    let k = 0, a = 0, b = 0;
    k = Math.imul((hi === 0 ? timeNs : timeNs % 4294967296) | 0, 0xcc9e2d51); k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a = h1 ^ k; a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0; b = h2 ^ k ^ (a >>> 7); h2 = (Math.imul((b << 11) | (b >>> 21), 9) + 0x85ebca6b) | 0; h1 = a;
    k = Math.imul(hi | 0, 0xcc9e2d51); k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a = h1 ^ k; a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0; b = h2 ^ k ^ (a >>> 7); h2 = (Math.imul((b << 11) | (b >>> 21), 9) + 0x85ebca6b) | 0; h1 = a;
    k = Math.imul(durNs | 0, 0xcc9e2d51); k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a = h1 ^ k; a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0; b = h2 ^ k ^ (a >>> 7); h2 = (Math.imul((b << 11) | (b >>> 21), 9) + 0x85ebca6b) | 0; h1 = a;
    k = Math.imul(flow | 0, 0xcc9e2d51); k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a = h1 ^ k; a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0; b = h2 ^ k ^ (a >>> 7); h2 = (Math.imul((b << 11) | (b >>> 21), 9) + 0x85ebca6b) | 0; h1 = a;
    k = Math.imul(st.hashOf(kindId) | 0, 0xcc9e2d51); k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a = h1 ^ k; a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0; b = h2 ^ k ^ (a >>> 7); h2 = (Math.imul((b << 11) | (b >>> 21), 9) + 0x85ebca6b) | 0; h1 = a;
    k = Math.imul(st.hashOf(whereId) | 0, 0xcc9e2d51); k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a = h1 ^ k; a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0; b = h2 ^ k ^ (a >>> 7); h2 = (Math.imul((b << 11) | (b >>> 21), 9) + 0x85ebca6b) | 0; h1 = a;
    k = Math.imul(st.hashOf(vmId) | 0, 0xcc9e2d51); k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a = h1 ^ k; a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0; b = h2 ^ k ^ (a >>> 7); h2 = (Math.imul((b << 11) | (b >>> 21), 9) + 0x85ebca6b) | 0; h1 = a;
    k = Math.imul(st.hashOf(detailId) | 0, 0xcc9e2d51); k = Math.imul((k << 15) | (k >>> 17), 0x1b873593);
    a = h1 ^ k; a = (Math.imul((a << 13) | (a >>> 19), 5) + 0xe6546b64) | 0; b = h2 ^ k ^ (a >>> 7); h2 = (Math.imul((b << 11) | (b >>> 21), 9) + 0x85ebca6b) | 0; h1 = a;
    this.h1 = h1;
    this.h2 = h2;
  }

  /** Index (0 = oldest held) → hop. */
  at(heldIndex: number): Hop {
    const seq = this.total - this.held + heldIndex;
    const i = seq % this.capacity;
    const s = this.strings;
    return {
      seq,
      timeNs: this.time[i]!,
      durNs: this.dur[i]!,
      flow: this.flow[i]!,
      kind: s.str(this.kind[i]!),
      where: s.str(this.where[i]!),
      vm: s.str(this.vm[i]!),
      detail: s.str(this.detail[i]!),
    };
  }

  /** Raw column access for filtering without building objects. */
  column(heldIndex: number): { flow: number; kind: number; where: number; vm: number; time: number } {
    const i = (this.total - this.held + heldIndex) % this.capacity;
    return { flow: this.flow[i]!, kind: this.kind[i]!, where: this.where[i]!, vm: this.vm[i]!, time: this.time[i]! };
  }

  kindTotals(): Record<string, { count: number; totalNs: Ns }> {
    const out: Record<string, { count: number; totalNs: Ns }> = {};
    for (let k = 0; k < this.kindCount.length; k++) {
      if (this.kindCount[k]! > 0) out[this.strings.str(k)] = { count: this.kindCount[k]!, totalNs: this.kindTime[k]! };
    }
    return out;
  }

  /** Time by class (host CPU, guest CPU, wire) for one VM id, or summed over all when vmId is undefined. */
  classTotals(vmId?: number): { hostNs: Ns; guestNs: Ns; wireNs: Ns } {
    const t = [0, 0, 0];
    for (let v = 0; v * 3 < this.vmClassTime.length; v++) {
      if (vmId !== undefined && v !== vmId) continue;
      for (let c = 0; c < 3; c++) t[c]! += this.vmClassTime[v * 3 + c]!;
    }
    return { hostNs: t[0]!, guestNs: t[1]!, wireNs: t[2]! };
  }

  /** 64-bit hash of every hop recorded, as 16 hex digits. */
  hash(): string {
    return (this.h1 >>> 0).toString(16).padStart(8, '0') + (this.h2 >>> 0).toString(16).padStart(8, '0');
  }

  private growKinds(k: number): void {
    const n = Math.max(k + 1, this.kindCount.length * 2);
    const c = new Float64Array(n); c.set(this.kindCount); this.kindCount = c;
    const t = new Float64Array(n); t.set(this.kindTime); this.kindTime = t;
    const k2 = new Uint8Array(n).fill(0xff); k2.set(this.kindClass); this.kindClass = k2;
  }

  private growVms(v: number): void {
    const n = Math.max((v + 1) * 3, this.vmClassTime.length * 2);
    const a = new Float64Array(n); a.set(this.vmClassTime); this.vmClassTime = a;
  }
}

interface Columns {
  time: Float64Array;
  dur: Uint32Array;
  flow: Int32Array;
  kind: Uint32Array;
  where: Uint32Array;
  vm: Uint32Array;
  detail: Uint32Array;
}

/** One released set of columns, kept for the next log of its capacity. Stale hops in it are never read: a log reads
 *  only the `held` positions it wrote. */
let spare: Columns | null = null;

function takeColumns(capacity: number): Columns {
  if (spare && spare.time.length === capacity) {
    const c = spare;
    spare = null;
    return c;
  }
  return {
    time: new Float64Array(capacity),
    dur: new Uint32Array(capacity),
    flow: new Int32Array(capacity),
    kind: new Uint32Array(capacity),
    where: new Uint32Array(capacity),
    vm: new Uint32Array(capacity),
    detail: new Uint32Array(capacity),
  };
}
