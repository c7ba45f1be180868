// Helpers for a sweep: worker threads (Electron's lab worker, `virq sweep --jobs N`) or module Web Workers (the web
// build), each running whole grid runs with runSweepTask, fed least-loaded with two tasks each. The platform makes
// the helpers (labhost/node/sweepThreads.ts for Node); this only posts tasks and hears results, so a point's numbers
// do not depend on where it ran. What a failed helper held is refused: the lab host runs it itself, the CLI stops.
import type { SweepTask, SweepTaskResult } from '../sim/lab/sweep/runTask';
import type { SweepRemote } from '../sim/lab/sweep/sweepRun';

/** What a helper hears, and what it answers. */
export interface HelperRequest {
  id: number;
  task: SweepTask;
}
export type HelperAnswer = { id: number; result: SweepTaskResult } | { id: number; error: string };

/** One helper as the platform gives it. */
export interface HelperPort {
  post(msg: HelperRequest): void;
  /** Answers, and a failure of the helper itself (it crashed or could not load), said as a whole sentence. */
  listen(onAnswer: (msg: HelperAnswer) => void, onFailure: (message: string) => void): void;
}

/** The helper that held a task failed (not the task): the sentence its port gave. */
export class HelperFailure extends Error {}

/** A helper keeps one task running and one queued, so it never waits for the host between two. */
const PER_HELPER = 2;

export class SweepHelpers implements SweepRemote {
  private nextId = 1;
  private readonly pending = new Map<number, { helper: number; resolve: (r: SweepTaskResult) => void; reject: (e: Error) => void }>();
  private readonly load: number[];
  private readonly failed: boolean[];

  /** `onFailure` hears each helper that fails, once, even when it held no task (a pool that must stop then). */
  constructor(private readonly ports: readonly HelperPort[], private readonly onFailure: (message: string) => void = () => {}) {
    this.load = ports.map(() => 0);
    this.failed = ports.map(() => false);
    ports.forEach((port, i) => port.listen((a) => this.answer(a), (message) => this.fail(i, message)));
  }

  get size(): number {
    return this.ports.length;
  }

  hasRoom(): boolean {
    return this.pick() >= 0;
  }

  run(task: SweepTask): Promise<SweepTaskResult> {
    const helper = this.pick();
    if (helper < 0) return Promise.reject(new Error('no sweep helper has room'));
    const id = this.nextId++;
    this.load[helper]!++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { helper, resolve, reject });
      this.ports[helper]!.post({ id, task });
    });
  }

  /** The least loaded working helper with room, or −1. */
  private pick(): number {
    let best = -1;
    for (let i = 0; i < this.ports.length; i++) {
      if (this.failed[i] || this.load[i]! >= PER_HELPER) continue;
      if (best < 0 || this.load[i]! < this.load[best]!) best = i;
    }
    return best;
  }

  private answer(a: HelperAnswer): void {
    const p = this.pending.get(a.id);
    if (!p) return;
    this.pending.delete(a.id);
    this.load[p.helper]!--;
    if ('result' in a) p.resolve(a.result);
    else p.reject(new Error(a.error));
  }

  /** A helper that failed takes no more tasks; the ones it held are refused (the sweep runs them itself). */
  private fail(helper: number, message: string): void {
    if (this.failed[helper]) return;
    this.failed[helper] = true;
    for (const [id, p] of this.pending) {
      if (p.helper !== helper) continue;
      this.pending.delete(id);
      this.load[helper]!--;
      p.reject(new HelperFailure(message));
    }
    this.onFailure(message);
  }
}
