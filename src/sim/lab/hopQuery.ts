// Pages of the hop log under a filter with a time range. The filtered row index is kept between pages and only
// extended as the log grows, so scrolling a filtered view of millions of rows costs one scan, not one per page.
import type { HopLog } from '../core/hopLog';
import type { HopFilter, HopQuery, LogPage, LogVocabulary } from '../../shared/protocol';

const MAX_PAGE = 5000;

interface FilterIndex {
  key: string;
  /** Sequence numbers (not ring positions: those shift as the ring overwrites) of matching hops. */
  seqs: Float64Array;
  length: number;
  /** Hops of the log scanned so far (log.total at the last scan). */
  scannedTo: number;
}

export class HopQueries {
  private index: FilterIndex | null = null;

  constructor(private readonly log: HopLog) {}

  query(q: HopQuery): LogPage {
    const log = this.log;
    const f = q.filter ?? {};
    const count = Math.max(0, Math.min(MAX_PAGE, Math.floor(q.count)));
    const firstHeld = log.total - log.held;
    const [lo, hi] = timeBounds(log, f);
    const filtered = f.vm !== undefined || f.kind !== undefined || !!f.device || f.flow !== undefined;
    if (!filtered) {
      const total = hi - lo;
      const start = q.start < 0 ? Math.max(0, total + q.start) : Math.min(q.start, total);
      const rows = [];
      for (let i = lo + start; i < Math.min(hi, lo + start + count); i++) rows.push(log.at(i));
      return { total, overwritten: log.overwritten, start, rows };
    }
    const idx = this.filterIndex(f);
    // Matching hops still held and inside the time range: a contiguous stretch of the sorted sequence numbers.
    const a = lowerBound(idx.seqs, idx.length, firstHeld + lo);
    const b = lowerBound(idx.seqs, idx.length, firstHeld + hi);
    const total = b - a;
    const start = q.start < 0 ? Math.max(0, total + q.start) : Math.min(q.start, total);
    const rows = [];
    for (let k = a + start; k < Math.min(b, a + start + count); k++) rows.push(log.at(idx.seqs[k]! - firstHeld));
    return { total, overwritten: log.overwritten, start, rows };
  }

  vocabulary(): LogVocabulary {
    const log = this.log;
    const kinds = new Set<number>();
    const vms = new Set<number>();
    const places = new Set<number>();
    // Sample the held rows (at most ~200k) so the menus cost little even on a full 50M ring.
    const step = Math.max(1, Math.floor(log.held / 200_000));
    for (let i = 0; i < log.held; i += step) {
      const c = log.column(i);
      kinds.add(c.kind);
      vms.add(c.vm);
      places.add(c.where);
    }
    for (const k of Object.keys(log.kindTotals())) kinds.add(log.strings.find(k));
    const names = (ids: Set<number>) => [...ids].filter((i) => i >= 0).map((i) => log.strings.str(i)).sort();
    return { kinds: names(kinds), vms: names(vms), places: names(places) };
  }

  private filterIndex(f: HopFilter): FilterIndex {
    const log = this.log;
    const key = JSON.stringify([f.vm ?? null, f.kind ?? null, f.device ?? null, f.flow ?? null]);
    let idx = this.index;
    const firstHeld = log.total - log.held;
    // A new filter, or a log that went back in time (a reload) or ran past what the ring still holds: rescan.
    if (!idx || idx.key !== key || idx.scannedTo > log.total || idx.scannedTo < firstHeld) {
      idx = { key, seqs: new Float64Array(1024), length: 0, scannedTo: firstHeld };
      this.index = idx;
    }
    if (idx.scannedTo === log.total) return idx;
    const s = log.strings;
    const vm = f.vm !== undefined ? s.find(f.vm) : undefined;
    const kind = f.kind !== undefined ? s.find(f.kind) : undefined;
    let places: Set<number> | null = null;
    if (f.device) {
      places = new Set();
      for (let id = 0; id < s.size; id++) {
        const name = s.str(id);
        if (name === f.device || name.startsWith(`${f.device}.`)) places.add(id);
      }
    }
    if (vm === -1 || kind === -1) {
      // A name the log has not seen yet: nothing matches so far; scan again once it may have appeared.
      idx.length = 0;
      idx.scannedTo = firstHeld;
      return idx;
    }
    for (let seq = idx.scannedTo; seq < log.total; seq++) {
      const c = log.column(seq - firstHeld);
      if ((vm === undefined || c.vm === vm) && (kind === undefined || c.kind === kind)
        && (!places || places.has(c.where)) && (f.flow === undefined || c.flow === f.flow)) {
        if (idx.length === idx.seqs.length) {
          const grown = new Float64Array(idx.seqs.length * 2);
          grown.set(idx.seqs);
          idx.seqs = grown;
        }
        idx.seqs[idx.length++] = seq;
      }
    }
    idx.scannedTo = log.total;
    return idx;
  }
}

/** Held-row bounds [lo, hi) of hops with fromNs ≤ time ≤ toNs: hop times never decrease, so binary search. */
function timeBounds(log: HopLog, f: HopFilter): [number, number] {
  const held = log.held;
  const firstTime = (from: number) => {
    let lo = 0, hi = held;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (log.column(mid).time < from) lo = mid + 1; else hi = mid;
    }
    return lo;
  };
  const lo = f.fromNs !== undefined ? firstTime(f.fromNs) : 0;
  let hi = held;
  if (f.toNs !== undefined) {
    let a = 0, b = held;
    while (a < b) {
      const mid = (a + b) >>> 1;
      if (log.column(mid).time <= f.toNs) a = mid + 1; else b = mid;
    }
    hi = a;
  }
  return [lo, Math.max(lo, hi)];
}

function lowerBound(a: Float64Array, n: number, v: number): number {
  let lo = 0, hi = n;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid]! < v) lo = mid + 1; else hi = mid;
  }
  return lo;
}
