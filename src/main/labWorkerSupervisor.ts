// Keeps one lab worker (worker_threads) behind the relay, restarting it when it dies or stops answering (a
// watchdog pings it with `status`; see shared/labWatchdog.ts). The page hears each restart as a `restart` message.
// Electron-free: main passes a spawn function, the tests pass one that starts a throwaway worker.
import { LabWatchdog, RestartBudget, type WatchdogOptions } from '../shared/labWatchdog';
import { formatSeconds } from '../shared/labClient';
import type { Relay, RelayLog } from './relay/relay';

/** The part of node:worker_threads' Worker the supervisor uses. */
export interface WorkerLike {
  postMessage(msg: unknown): void;
  on(event: 'message', listener: (msg: unknown) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
  terminate(): Promise<number>;
}

export interface SupervisorOptions {
  /** Give up after this many deaths within `windowMs` (a worker that dies on start would loop forever). */
  maxRestarts?: number;
  windowMs?: number;
  now?: () => number;
  log?: RelayLog;
  /** The hang watchdog's bounds (and timers, in tests); `false` turns it off. */
  watchdog?: WatchdogOptions | false;
}

export class LabWorkerSupervisor {
  /** How many times a worker has been started (first start included). */
  starts = 0;
  private worker: WorkerLike | null = null;
  private watchdog: LabWatchdog | null = null;
  private stopping = false;
  private readonly restarts: RestartBudget;
  private readonly log: RelayLog;
  private readonly watchdogOpts: WatchdogOptions | false;

  constructor(
    private readonly relay: Relay,
    private readonly spawn: () => WorkerLike,
    opts: SupervisorOptions = {},
  ) {
    this.restarts = new RestartBudget(opts.maxRestarts ?? 5, opts.windowMs ?? 60_000, opts.now ?? (() => Date.now()));
    this.log = opts.log ?? (() => {});
    this.watchdogOpts = opts.watchdog ?? {};
  }

  start(): void {
    this.stopping = false;
    const worker = this.spawn();
    this.worker = worker;
    this.starts++;
    let lastError: Error | null = null;
    worker.on('error', (err) => {
      lastError = err;
      this.log(`lab worker error: ${err.stack ?? err.message}`);
    });
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.forget();
      if (this.stopping) {
        this.relay.workerLost('lab host stopped');
        return;
      }
      const why = lastError ? `lab host crashed: ${lastError.message}` : `lab host exited with code ${code}`;
      this.onDeath(why);
    });
    const dog = this.watchdogOpts === false ? null : new LabWatchdog((m) => worker.postMessage(m), (silentMs) => this.onHung(worker, silentMs), this.watchdogOpts);
    this.watchdog = dog;
    // The relay hears the worker through this port: the watchdog's pings are answered to it, not to the relay.
    this.relay.attachWorker({
      post: (msg) => worker.postMessage(msg),
      listen: (fn) => {
        worker.on('message', (msg) => {
          if (!dog?.receive(msg)) fn(msg);
        });
      },
    });
    dog?.start();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.watchdog?.stop();
    const w = this.worker;
    if (w) await w.terminate();
  }

  private forget(): void {
    this.watchdog?.stop();
    this.watchdog = null;
    this.worker = null;
  }

  /** The worker left a ping unanswered too long: it is stuck in some piece of work. Replace it. */
  private onHung(worker: WorkerLike, silentMs: number): void {
    if (this.worker !== worker || this.stopping) return;
    this.forget(); // its exit, when terminate() lands, is no longer news
    worker.terminate().catch((e: unknown) => this.log(`terminating a hung lab worker: ${String(e)}`));
    this.onDeath(`lab host stopped answering for ${formatSeconds(silentMs)}`, silentMs);
  }

  private onDeath(why: string, silentMs?: number): void {
    const hung = silentMs !== undefined ? { silentMs } : {};
    if (!this.restarts.allow()) {
      const reason = `${why}; gave up after ${this.restarts.recent} failures in ${Math.round(this.restarts.windowMs / 1000)} s`;
      this.log(reason);
      this.relay.workerLost(reason);
      this.relay.notify({ kind: 'restart', reason, restarted: false, ...hung });
      return;
    }
    this.log(`${why}; restarting`);
    this.relay.workerLost(`${why}; restarting`);
    this.start();
    this.relay.notify({ kind: 'restart', reason: why, restarted: true, ...hung });
  }
}
