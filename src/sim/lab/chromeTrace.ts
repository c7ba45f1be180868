// The hop log as Chrome Trace Event JSON (opens in ui.perfetto.dev or chrome://tracing): one process per VM (and
// the host), one thread per place (a CPU, a vCPU, a device), a slice per hop, and flow arrows linking the hops of
// each interrupt from the device to its handler and EOI. A window and a hop cap keep big logs exportable.
import { HOP_KINDS, isHopKind } from '../core/catalog/hopKinds';
import type { HopLog } from '../core/hopLog';
import type { Ns } from '../core/time';

export interface TraceOptions {
  fromNs?: Ns;
  toNs?: Ns;
  /** At most this many hops (the oldest in the window first); default 200,000. */
  maxHops?: number;
}

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid?: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: number;
  s?: string;
  bp?: string;
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: TraceEvent[];
  displayTimeUnit: 'ns';
  otherData: { hopsExported: number; hopsInWindow: number; truncated: boolean };
}

export function chromeTrace(log: HopLog, opts: TraceOptions = {}): ChromeTrace {
  const from = opts.fromNs ?? 0;
  const to = opts.toNs ?? Infinity;
  const max = opts.maxHops ?? 200_000;
  const events: TraceEvent[] = [];
  const pids = new Map<string, number>();
  const tids = new Map<string, number>();
  const pidOf = (vm: string) => {
    let p = pids.get(vm);
    if (p === undefined) {
      p = pids.size + 1;
      pids.set(vm, p);
      events.push({ name: 'process_name', ph: 'M', pid: p, args: { name: vm === 'host' ? 'host' : `VM ${vm}` } });
      events.push({ name: 'process_sort_index', ph: 'M', pid: p, args: { sort_index: p } });
    }
    return p;
  };
  const tidOf = (pid: number, where: string) => {
    const key = `${pid}/${where}`;
    let t = tids.get(key);
    if (t === undefined) {
      t = tids.size + 1;
      tids.set(key, t);
      events.push({ name: 'thread_name', ph: 'M', pid, tid: t, args: { name: where } });
    }
    return t;
  };

  // The hops in the window (the ring is in time order), and each flow's last hop there (where its arrow ends).
  let lo = 0;
  while (lo < log.held && log.column(lo).time < from) lo++;
  let hi = lo;
  while (hi < log.held && log.column(hi).time <= to) hi++;
  const end = Math.min(hi, lo + max);
  const lastOfFlow = new Map<number, number>();
  for (let i = lo; i < end; i++) {
    const f = log.column(i).flow;
    if (f > 0) lastOfFlow.set(f, i);
  }
  const started = new Set<number>();
  for (let i = lo; i < end; i++) {
    const h = log.at(i);
    const pid = pidOf(h.vm);
    const tid = tidOf(pid, h.where);
    const ts = h.timeNs / 1000;
    // The category is the hop's layer in the catalog (device, hardirq, softirq, kvm, guest, vmm), with its class.
    const decl = isHopKind(h.kind) ? HOP_KINDS[h.kind] : null;
    const cat = decl ? `${decl.layer},${decl.class}` : 'other';
    const args = { flow: h.flow || undefined, detail: h.detail, seq: h.seq };
    if (h.durNs > 0) events.push({ name: h.kind, cat, ph: 'X', pid, tid, ts, dur: h.durNs / 1000, args });
    else events.push({ name: h.kind, cat, ph: 'i', s: 't', pid, tid, ts, args });
    if (h.flow <= 0) continue;
    // Flow arrows bind to the slice that encloses their timestamp on the same thread: the hop just emitted.
    const first = !started.has(h.flow);
    const last = lastOfFlow.get(h.flow) === i;
    if (first && last) continue; // a flow with one hop in the window has no arrow
    started.add(h.flow);
    events.push({ name: `flow ${h.flow}`, cat: 'interrupt', ph: first ? 's' : last ? 'f' : 't', id: h.flow, pid, tid, ts, ...(last ? { bp: 'e' } : {}) });
  }
  return {
    traceEvents: events,
    displayTimeUnit: 'ns',
    otherData: { hopsExported: end - lo, hopsInWindow: hi - lo, truncated: end < hi },
  };
}
