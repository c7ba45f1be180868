// Noticing a lab host that has stopped answering, and bounding how often it is restarted. Host-free, so Electron's
// main (a worker_threads Worker) and the web build (a Web Worker) share it.
//
// The watchdog talks to the host on its raw port with the protocol's cheapest request, `status`, under negative
// ids that no client uses, and swallows the answers, so whatever sits behind it (main's relay, the page's LabClient)
// never sees them. A host answers between requests and between the slices of a run, so a ping unanswered for
// `timeoutMs` means the host is stuck in one piece of work: a hang, not a busy run.
import { hostTimers } from './timers';

export interface WatchdogTimers {
  setInterval(fn: () => void, ms: number): unknown;
  clearInterval(handle: unknown): void;
  now(): number;
}

const realTimers: WatchdogTimers = {
  setInterval: hostTimers.setInterval,
  clearInterval: hostTimers.clearInterval,
  now: () => Date.now(),
};

/** How long a lab host may leave a ping unanswered before it is declared hung. */
export const LAB_HANG_TIMEOUT_MS = 10_000;
/** How often it is pinged. */
export const LAB_PING_INTERVAL_MS = 1_000;

export interface WatchdogOptions {
  timeoutMs?: number;
  intervalMs?: number;
  timers?: WatchdogTimers;
}

export class LabWatchdog {
  private nextPing = 1;
  private outstanding: { id: number; sentAt: number } | null = null;
  private handle: unknown = null;
  private readonly timeoutMs: number;
  private readonly intervalMs: number;
  private readonly timers: WatchdogTimers;

  /** `post` sends to the host; `onHung` is called once, with how long the host has been silent. */
  constructor(
    private readonly post: (msg: unknown) => void,
    private readonly onHung: (silentMs: number) => void,
    opts: WatchdogOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? LAB_HANG_TIMEOUT_MS;
    this.intervalMs = opts.intervalMs ?? LAB_PING_INTERVAL_MS;
    this.timers = opts.timers ?? realTimers;
  }

  start(): void {
    if (this.handle !== null) return;
    this.handle = this.timers.setInterval(() => this.tick(), this.intervalMs);
    this.tick();
  }

  stop(): void {
    if (this.handle === null) return;
    this.timers.clearInterval(this.handle);
    this.handle = null;
  }

  /** Every message from the host goes through here first: true when it was a ping's answer (drop it). */
  receive(msg: unknown): boolean {
    if (!isPingAnswer(msg)) return false;
    if (this.outstanding && (msg as { id: number }).id === this.outstanding.id) this.outstanding = null;
    return true;
  }

  private tick(): void {
    const now = this.timers.now();
    if (this.outstanding) {
      const silent = now - this.outstanding.sentAt;
      if (silent >= this.timeoutMs) {
        this.stop();
        this.onHung(silent);
      }
      return;
    }
    const id = -this.nextPing++;
    this.outstanding = { id, sentAt: now };
    this.post({ kind: 'request', id, method: 'status', params: undefined });
  }
}

function isPingAnswer(msg: unknown): boolean {
  if (!msg || typeof msg !== 'object') return false;
  const m = msg as { kind?: unknown; id?: unknown };
  return m.kind === 'response' && typeof m.id === 'number' && m.id < 0;
}

/** Allows at most `max` restarts within `windowMs`: a host that dies on start must not be restarted forever. */
export class RestartBudget {
  private deaths: number[] = [];

  constructor(
    readonly max: number,
    readonly windowMs: number,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** Records a death; false when it is one too many (give up). */
  allow(): boolean {
    const t = this.now();
    this.deaths = this.deaths.filter((d) => t - d < this.windowMs);
    this.deaths.push(t);
    return this.deaths.length <= this.max;
  }

  /** Deaths within the window, the last one included. */
  get recent(): number {
    return this.deaths.length;
  }
}
