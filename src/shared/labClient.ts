// The client half of the lab protocol: numbered requests over any PortLike, answered by a LabHost.
// Host-free (no DOM, Node or Electron): the renderer, the CLI and the tests all use this one class.
//
// Every call has a timeout, so a request the host never answers (a lost message, a host that hangs where no
// watchdog runs) fails with the method's name instead of waiting forever. The host answers every request
// synchronously and runs long work (run, compare, sweep) in slices between requests, so answers normally take
// milliseconds; the bounds below are generous, and a few methods that parse or build a whole scenario get more.
import type {
  LabApi,
  LabMethod,
  LabRestartNotice,
  LabStatus,
  LabToClientMsg,
  ParamsOf,
  PortLike,
  ResultOf,
} from './protocol';
import { hostTimers } from './timers';

/** How long a call may go unanswered, by default. */
export const DEFAULT_CALL_TIMEOUT_MS = 30_000;

/**
 * Methods that parse and build a whole scenario (up to the 50 MB text limit) or serialize a large part of the log
 * in one request, and so may take seconds on a slow machine.
 */
export const SLOW_CALL_TIMEOUTS_MS: Partial<Record<LabMethod, number>> = {
  load: 120_000,
  validate: 120_000,
  runQtest: 120_000,
  machineGraph: 120_000,
  exportTrace: 120_000,
  compare: 120_000,
  sweep: 120_000,
  restore: 120_000,
};

export interface LabClientOptions {
  /** Per-method bounds, over SLOW_CALL_TIMEOUTS_MS. */
  timeoutsMs?: Partial<Record<LabMethod, number>>;
  defaultTimeoutMs?: number;
}

interface Waiting {
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
  timer: unknown;
}

export class LabClient implements LabApi {
  private nextId = 1;
  private readonly waiting = new Map<number, Waiting>();
  private readonly statusListeners = new Set<(s: LabStatus) => void>();
  private readonly restartListeners = new Set<(n: LabRestartNotice) => void>();
  private readonly timeouts: Partial<Record<LabMethod, number>>;
  private readonly defaultTimeoutMs: number;

  constructor(private readonly port: PortLike, opts: LabClientOptions = {}) {
    this.timeouts = { ...SLOW_CALL_TIMEOUTS_MS, ...opts.timeoutsMs };
    this.defaultTimeoutMs = opts.defaultTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
    port.listen((raw) => this.receive(raw as LabToClientMsg));
  }

  /** How long a call of `method` may go unanswered. */
  timeoutOf(method: LabMethod): number {
    return this.timeouts[method] ?? this.defaultTimeoutMs;
  }

  call<M extends LabMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    const id = this.nextId++;
    const ms = this.timeoutOf(method);
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const timer = hostTimers.setTimeout(() => {
        if (!this.waiting.delete(id)) return;
        reject(new Error(`${method}: the lab did not answer within ${formatSeconds(ms)}`));
      }, ms);
      this.waiting.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.port.post({ kind: 'request', id, method, params });
    });
  }

  onStatus(listener: (status: LabStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  onRestart(listener: (notice: LabRestartNotice) => void): () => void {
    this.restartListeners.add(listener);
    return () => this.restartListeners.delete(listener);
  }

  /** Calls sent and not yet answered or timed out. */
  get outstanding(): number {
    return this.waiting.size;
  }

  private receive(msg: LabToClientMsg): void {
    if (!msg || typeof msg !== 'object') return;
    if (msg.kind === 'status') {
      for (const l of this.statusListeners) l(msg.status);
      return;
    }
    if (msg.kind === 'restart') {
      const notice: LabRestartNotice = { reason: msg.reason, restarted: msg.restarted, ...(msg.silentMs !== undefined ? { silentMs: msg.silentMs } : {}) };
      for (const l of this.restartListeners) l(notice);
      return;
    }
    if (msg.kind !== 'response') return;
    const w = this.waiting.get(msg.id);
    if (!w) return; // timed out already, or not ours
    this.waiting.delete(msg.id);
    hostTimers.clearTimeout(w.timer);
    if (msg.ok) w.resolve(msg.result);
    else w.reject(new Error(msg.error));
  }
}

/** "30 s", "10 s" (whole seconds from 10 s on), "0.4 s". */
export function formatSeconds(ms: number): string {
  return ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 100) / 10} s`;
}
