// A sweep inside a lab host: the grid's runs, each advanced in slices by the caller (as Compare's are) so the host
// stays responsive, with progress, cancel and the rows so far — the same figures `virq sweep` prints for the same
// grid and seeds (one shared implementation: grid.ts, metrics.ts, runTask's reduction). With helpers (`remote`:
// the host's worker pool) they take runs too, whole, while this one runs its share in slices; each result goes
// back to its place in the grid, so the rows do not depend on who ran what.
import type { SweepParams, SweepProgress, SweepProgressRow } from '../../../shared/protocol';
import { SetPathError } from '../../scenario/overrides';
import { loadScenario } from '../../scenario/validate';
import { Lab } from '../lab';
import { gridPoints, parseVary, SweepSpecError, type GridPoint } from './grid';
import { DEFAULT_METRICS, estimate, metricOf } from './metrics';
import { csvHeader, formatRow } from './rows';
import { sweepLoad, sweepSummary, type SweepTask, type SweepTaskResult } from './runTask';

/** Helpers that run whole tasks elsewhere (the lab host's pool). */
export interface SweepRemote {
  readonly size: number;
  hasRoom(): boolean;
  run(task: SweepTask): Promise<SweepTaskResult>;
}

export interface SweepRunOptions {
  remote?: SweepRemote | null;
  /** Called when a helper's result arrives while this run had nothing to do here (the caller resumes it). */
  wake?: () => void;
}

/** The app's bound on a grid's runs (points × seeds); the CLI takes bigger ones. */
export const MAX_APP_RUNS = 2000;

export class SweepRun {
  readonly metrics: string[];
  private readonly points: GridPoint[] = [];
  private paths: string[] = [];
  private values_: string[][] = [];
  private readonly seeds: number;
  private firstSeed = 0;
  private readonly values: (number | null)[][][] = [];
  /** The next task to hand out (here or to a helper), tasks finished, and tasks a failed helper gave back. */
  private nextTask = 0;
  private finishedTasks = 0;
  private readonly retry: number[] = [];
  private localTask = -1;
  private lab: Lab | null = null;
  private remote: SweepRemote | null;
  private readonly wake: () => void;
  private remoteRuns = 0;
  private error: string | null = null;
  private cancelled = false;

  constructor(readonly id: number, private readonly params: SweepParams, opts: SweepRunOptions = {}) {
    this.remote = opts.remote && opts.remote.size > 0 ? opts.remote : null;
    this.wake = opts.wake ?? (() => {});
    this.metrics = params.metrics?.length ? [...params.metrics] : [...DEFAULT_METRICS];
    this.seeds = params.seeds ?? 1;
    try {
      const vary = params.vary.map(parseVary);
      this.paths = vary.map((v) => v.path);
      this.values_ = vary.map((v) => v.values);
      this.points = gridPoints(vary);
      if (this.points.length * this.seeds > MAX_APP_RUNS) throw new SweepSpecError(`${this.points.length} points × ${this.seeds} seeds is more than the app runs (${MAX_APP_RUNS} runs); use virq sweep`);
      for (const p of this.points) {
        const r = loadScenario(params.text, { set: p.set });
        if (!r.ok) throw new SweepSpecError(`point ${Object.entries(p.set).map(([k, v]) => `${k}=${v}`).join(' ')}: ${r.issues[0]!.path}: ${r.issues[0]!.message}`);
        this.firstSeed = params.seed ?? r.scenario.seed;
      }
    } catch (e) {
      if (!(e instanceof SweepSpecError) && !(e instanceof SetPathError)) throw e;
      this.error = e.message;
    }
  }

  get total(): number {
    return this.points.length * this.seeds;
  }

  get done(): boolean {
    return this.error !== null || this.cancelled || this.finishedTasks >= this.total;
  }

  /** Everything is handed out and nothing is left to run here: waiting for the helpers' results. */
  get idle(): boolean {
    return !this.done && !this.lab && this.retry.length === 0 && this.nextTask >= this.total;
  }

  cancel(): void {
    this.cancelled = true;
    this.lab = null;
  }

  /** Runs up to `maxEvents` of the current run here (starting the next when one finishes). Returns events run. */
  advance(maxEvents: number): number {
    let ran = 0;
    this.handOut();
    while (!this.done && ran < maxEvents) {
      if (!this.lab) {
        const t = this.retry.pop() ?? (this.nextTask < this.total ? this.nextTask++ : -1);
        if (t < 0) break;
        const r = sweepLoad(this.params.text, { seed: this.taskSeed(t), set: this.taskPoint(t).set, untilNs: this.params.untilNs });
        if (!r.ok) { this.error = r.issues[0]!.message; break; }
        this.lab = r.lab;
        this.localTask = t;
      }
      ran += this.lab.advance(Math.max(1, maxEvents - ran));
      if (this.lab.finished) {
        const s = sweepSummary(this.lab);
        this.store(this.localTask, this.metrics.map((m) => metricOf(s, m)));
        this.lab = null;
        this.handOut();
      }
    }
    return ran;
  }

  private taskPoint(t: number): GridPoint {
    return this.points[Math.floor(t / this.seeds)]!;
  }

  private taskSeed(t: number): number {
    return this.firstSeed + (t % this.seeds);
  }

  private store(t: number, values: (number | null)[]): void {
    ((this.values[this.taskPoint(t).index] ??= [])[t % this.seeds] = values);
    this.finishedTasks++;
  }

  /** Gives the helpers tasks while they have room (each holds at most a couple). */
  private handOut(): void {
    while (this.remote && !this.done && this.nextTask < this.total && this.remote.hasRoom()) {
      const t = this.nextTask++;
      const point = this.taskPoint(t);
      const task: SweepTask = { point: point.index, seedIndex: t % this.seeds, seed: this.taskSeed(t), set: point.set, untilNs: this.params.untilNs, text: this.params.text, metrics: [...this.metrics] };
      this.remoteRuns++;
      this.remote.run(task).then(
        (r) => {
          if (this.done) return;
          if (r.error) this.error = r.error;
          else this.store(t, r.values);
          this.handOut();
          this.wake();
        },
        () => {
          // A helper failed: this run takes the task back and runs the rest here.
          this.remote = null;
          this.retry.push(t);
          this.wake();
        },
      );
    }
  }

  progress(): SweepProgress {
    const state = this.error !== null ? 'failed' : this.cancelled ? 'cancelled' : this.finishedTasks >= this.total ? 'done' : 'running';
    const rows: SweepProgressRow[] = [];
    for (const p of this.points) {
      const runs = this.values[p.index];
      if (!runs || runs.filter(Boolean).length < this.seeds) continue;
      rows.push({ point: p.index, set: p.set, seeds: this.seeds, estimates: this.metrics.map((_, m) => estimate(runs.map((x) => x[m] ?? null))) });
    }
    const csv = [csvHeader(this.paths, this.metrics), ...rows.map((r) => formatRow('csv', { point: this.points[r.point]!, seeds: r.seeds, estimates: r.estimates }, this.metrics))].join('\n');
    return {
      id: this.id, state, error: this.error ?? undefined, paths: this.paths, values: this.values_, metrics: this.metrics,
      points: this.points.length, seeds: this.seeds, runsDone: this.finishedTasks, runs: this.total, rows, csv: `${csv}\n`,
      helpers: this.remote?.size ?? 0, runsByHelpers: this.remoteRuns,
    };
  }
}
