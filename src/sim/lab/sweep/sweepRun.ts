// A sweep inside a lab host: the grid's runs one after another, each advanced in slices by the caller (as Compare's
// are) so the host stays responsive, with progress, cancel and the rows so far — the same figures `virq sweep`
// prints for the same grid and seeds (one shared implementation: grid.ts, metrics.ts, runTask's reduction).
import type { SweepParams, SweepProgress, SweepProgressRow } from '../../../shared/protocol';
import { SetPathError } from '../../scenario/overrides';
import { loadScenario } from '../../scenario/validate';
import { Lab } from '../lab';
import { gridPoints, parseVary, SweepSpecError, type GridPoint } from './grid';
import { DEFAULT_METRICS, estimate, metricOf } from './metrics';
import { csvHeader, formatRow } from './rows';

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
  private task = 0;
  private lab: Lab | null = null;
  private error: string | null = null;
  private cancelled = false;

  constructor(readonly id: number, private readonly params: SweepParams) {
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
    return this.error !== null || this.cancelled || this.task >= this.total;
  }

  cancel(): void {
    this.cancelled = true;
    this.lab = null;
  }

  /** Runs up to `maxEvents` of the current run (starting the next when one finishes). Returns events run. */
  advance(maxEvents: number): number {
    let ran = 0;
    while (!this.done && ran < maxEvents) {
      const point = this.points[Math.floor(this.task / this.seeds)]!;
      const seedIndex = this.task % this.seeds;
      if (!this.lab) {
        const r = Lab.load(this.params.text, { seed: this.firstSeed + seedIndex, set: point.set, untilNs: this.params.untilNs });
        if (!r.ok) { this.error = r.issues[0]!.message; break; }
        this.lab = r.lab;
      }
      ran += this.lab.advance(Math.max(1, maxEvents - ran));
      if (this.lab.finished) {
        const s = this.lab.summary();
        ((this.values[point.index] ??= [])[seedIndex] = this.metrics.map((m) => metricOf(s, m)));
        this.lab = null;
        this.task++;
      }
    }
    return ran;
  }

  progress(): SweepProgress {
    const state = this.error !== null ? 'failed' : this.cancelled ? 'cancelled' : this.task >= this.total ? 'done' : 'running';
    const rows: SweepProgressRow[] = [];
    for (const p of this.points) {
      const runs = this.values[p.index];
      if (!runs || runs.filter(Boolean).length < this.seeds) continue;
      rows.push({ point: p.index, set: p.set, seeds: this.seeds, estimates: this.metrics.map((_, m) => estimate(runs.map((x) => x[m] ?? null))) });
    }
    const csv = [csvHeader(this.paths, this.metrics), ...rows.map((r) => formatRow('csv', { point: this.points[r.point]!, seeds: r.seeds, estimates: r.estimates }, this.metrics))].join('\n');
    return {
      id: this.id, state, error: this.error ?? undefined, paths: this.paths, values: this.values_, metrics: this.metrics,
      points: this.points.length, seeds: this.seeds, runsDone: this.task, runs: this.total, rows, csv: `${csv}\n`,
    };
  }
}
