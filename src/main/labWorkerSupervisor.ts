// Keeps one lab worker (worker_threads) behind the relay, restarting it when it dies.
// Electron-free: main passes a spawn function, the tests pass one that starts a throwaway worker.
import type { PortLike } from '../shared/protocol';
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
}

export class LabWorkerSupervisor {
  /** How many times a worker has been started (first start included). */
  starts = 0;
  private worker: WorkerLike | null = null;
  private stopping = false;
  private deaths: number[] = [];
  private readonly maxRestarts: number;
  private readonly windowMs: number;
  private readonly now: () => number;
  private readonly log: RelayLog;

  constructor(
    private readonly relay: Relay,
    private readonly spawn: () => WorkerLike,
    opts: SupervisorOptions = {},
  ) {
    this.maxRestarts = opts.maxRestarts ?? 5;
    this.windowMs = opts.windowMs ?? 60_000;
    this.now = opts.now ?? (() => Date.now());
    this.log = opts.log ?? (() => {});
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
      this.worker = null;
      if (this.stopping) {
        this.relay.workerLost('lab host stopped');
        return;
      }
      const why = lastError ? `lab host crashed: ${lastError.message}` : `lab host exited with code ${code}`;
      this.onDeath(why);
    });
    this.relay.attachWorker(workerPort(worker));
  }

  async stop(): Promise<void> {
    this.stopping = true;
    const w = this.worker;
    if (w) await w.terminate();
  }

  private onDeath(why: string): void {
    const t = this.now();
    this.deaths = this.deaths.filter((d) => t - d < this.windowMs);
    this.deaths.push(t);
    if (this.deaths.length > this.maxRestarts) {
      const reason = `${why}; gave up after ${this.deaths.length} crashes in ${Math.round(this.windowMs / 1000)} s`;
      this.log(reason);
      this.relay.workerLost(reason);
      return;
    }
    this.log(`${why}; restarting`);
    this.relay.workerLost(`${why}; restarting`);
    this.start();
  }
}

/** A worker as a PortLike: structured clone, never a transfer list. */
export function workerPort(worker: WorkerLike): PortLike {
  return {
    post: (msg) => worker.postMessage(msg),
    listen: (fn) => {
      worker.on('message', fn);
    },
  };
}
