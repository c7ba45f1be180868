// The web build's counterpart of main's LabWorkerSupervisor: keeps one lab Web Worker, and replaces it when it
// throws or stops answering the watchdog's pings. Requests it held fail with a clear error instead of hanging,
// and the page hears a `restart` message (the lab store then says so and reloads the editor text).
// DOM-free apart from the Worker it is given, so it is tested in Node with a stand-in worker.
import { formatSeconds } from '../../../shared/labClient';
import { LabWatchdog, RestartBudget, type WatchdogOptions } from '../../../shared/labWatchdog';
import type { LabMethod, LabRestartMsg, LabResponseMsg, PortLike } from '../../../shared/protocol';

/** The part of a DOM Worker the supervisor uses. */
export interface BrowserWorkerLike {
  postMessage(msg: unknown): void;
  terminate(): void;
  onmessage: ((e: { data: unknown }) => void) | null;
  onerror: ((e: { message?: string; preventDefault?: () => void }) => void) | null;
  onmessageerror: ((e: unknown) => void) | null;
}

export interface WorkerSupervisorOptions {
  maxRestarts?: number;
  windowMs?: number;
  watchdog?: WatchdogOptions | false;
  /** Heard when the supervisor gives up (the worker keeps failing): the lab is gone for this page. */
  onGiveUp?: (reason: string) => void;
}

export interface SupervisedLabPort extends PortLike {
  /** How many workers have been started (the first included). */
  readonly starts: number;
  stop(): void;
}

/** A PortLike to a lab host in a Web Worker that `spawn` starts, restarted as needed. */
export function superviseLabWorker(spawn: () => BrowserWorkerLike, opts: WorkerSupervisorOptions = {}): SupervisedLabPort {
  const budget = new RestartBudget(opts.maxRestarts ?? 3, opts.windowMs ?? 60_000);
  const pending = new Map<number, LabMethod>();
  let deliver: (msg: unknown) => void = () => {};
  let worker: BrowserWorkerLike | null = null;
  let dog: LabWatchdog | null = null;
  let lostReason: string | null = null;
  let starts = 0;

  function start(): void {
    const w = spawn();
    worker = w;
    starts++;
    const d = opts.watchdog === false ? null : new LabWatchdog((m) => w.postMessage(m), (ms) => lost(w, `the lab stopped answering for ${formatSeconds(ms)}`, ms), opts.watchdog ?? {});
    dog = d;
    w.onmessage = (e) => {
      if (worker !== w || d?.receive(e.data)) return;
      const msg = e.data as { kind?: unknown; id?: unknown };
      if (msg && msg.kind === 'response' && typeof msg.id === 'number') pending.delete(msg.id);
      deliver(e.data);
    };
    w.onerror = (e) => {
      e.preventDefault?.();
      lost(w, `the lab failed: ${e.message || 'the lab worker failed to start'}`);
    };
    w.onmessageerror = () => lost(w, 'the lab sent a message that could not be decoded');
    d?.start();
  }

  function lost(w: BrowserWorkerLike, reason: string, silentMs?: number): void {
    if (worker !== w) return;
    dog?.stop();
    dog = null;
    worker = null;
    w.terminate();
    const restarted = budget.allow();
    const why = restarted ? reason : `${reason}; gave up after ${budget.recent} failures in ${Math.round(budget.windowMs / 1000)} s`;
    const owed = [...pending];
    pending.clear();
    for (const [id, method] of owed) {
      const fail: LabResponseMsg = { kind: 'response', id, ok: false, error: `${method} failed: ${why}${restarted ? ' and was restarted' : ''}` };
      deliver(fail);
    }
    if (restarted) start();
    else lostReason = why;
    const notice: LabRestartMsg = { kind: 'restart', reason: why, restarted, ...(silentMs !== undefined ? { silentMs } : {}) };
    deliver(notice);
    if (!restarted) opts.onGiveUp?.(why);
  }

  start();
  return {
    get starts() {
      return starts;
    },
    post: (msg) => {
      const req = msg as { kind?: unknown; id?: unknown; method?: unknown };
      const isRequest = req && req.kind === 'request' && typeof req.id === 'number';
      if (!worker) {
        if (isRequest) deliver({ kind: 'response', id: req.id, ok: false, error: `${String(req.method)} failed: ${lostReason ?? 'the lab is not running'}` });
        return;
      }
      if (isRequest) pending.set(req.id as number, req.method as LabMethod);
      worker.postMessage(msg);
    },
    listen: (fn) => {
      deliver = fn;
    },
    stop: () => {
      dog?.stop();
      worker?.terminate();
      worker = null;
      lostReason = 'the lab was stopped';
    },
  };
}
