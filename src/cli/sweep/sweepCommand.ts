// `virq sweep`: a grid of runs (varied parameters × seeds), each point reduced to the mean and 95 % interval of its
// metrics, written as CSV or JSON lines in grid order — the same bytes with any --jobs, any --shard split (joined by
// `virq sweep merge`) and after any number of restarts with the same --out file (points already there are skipped).
import { availableParallelism } from 'node:os';
import { closeSync, existsSync, openSync, readFileSync, truncateSync, writeSync } from 'node:fs';
import { parseDuration } from '../../sim/core/time';
import { SetPathError } from '../../sim/scenario/overrides';
import { loadScenario } from '../../sim/scenario/validate';
import { gridPoints, parseShard, parseVary, shardPoints, SweepSpecError, type GridPoint } from '../../sim/lab/sweep/grid';
import { DEFAULT_METRICS, estimate } from '../../sim/lab/sweep/metrics';
import { csvHeader, formatRow, mergeSweepTexts, pointOfLine, SweepMergeError, type SweepFormat } from '../../sim/lab/sweep/rows';
import type { SweepTask, SweepTaskResult } from '../../sim/lab/sweep/runTask';
import { UsageError, type ParsedArgs } from '../args';
import { readScenarioInput } from '../scenarioInput';
import { inProcessRunner, workerPoolRunner } from './pool';
import { progressOn } from './progress';

const MAX_SEEDS = 1000;
const MAX_JOBS = 256;

function intOption(a: ParsedArgs, name: string, min: number, max: number, fallback: number): number {
  const t = a.options.get(name);
  if (t === undefined) return fallback;
  if (!/^[0-9]+$/.test(t) || Number(t) < min || Number(t) > max) throw new UsageError(`--${name} needs an integer ${min}..${max}, got "${t.slice(0, 40)}"`);
  return Number(t);
}

/** `virq sweep merge FILES… [--out FILE]`. */
export function sweepMerge(a: ParsedArgs): number {
  const files = a.positional.slice(2);
  if (files.length === 0) throw new UsageError('sweep merge needs the files to join (virq sweep merge a.csv b.csv …)');
  const texts = files.map((f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${f}: ${(e as Error).message}`);
    }
  });
  let merged;
  try {
    merged = mergeSweepTexts(texts);
  } catch (e) {
    if (e instanceof SweepMergeError) throw new UsageError(e.message);
    throw e;
  }
  if (merged.missing.length) console.error(`virq: sweep merge: ${merged.missing.length} point(s) missing (first: ${merged.missing.slice(0, 5).join(', ')}) — a shard not run yet?`);
  const out = a.options.get('out');
  if (out) writeWhole(out, merged.text);
  else process.stdout.write(merged.text);
  return 0;
}

function writeWhole(path: string, text: string): void {
  const fd = openSync(path, 'w');
  try {
    writeSync(fd, text);
  } finally {
    closeSync(fd);
  }
}

/** What an --out file already holds of this sweep: the points done (a prefix of the shard's points), and whether its
 *  header is there (a sweep stopped before its first row leaves the header alone). */
function resumeFrom(path: string, format: SweepFormat, header: string | null, points: readonly GridPoint[]): { points: number; headed: boolean } {
  if (!existsSync(path)) return { points: 0, headed: false };
  let text = readFileSync(path, 'utf8');
  // A row cut short by a crash or Ctrl-C is dropped; it is run again.
  const lastNl = text.lastIndexOf('\n');
  if (lastNl !== text.length - 1) {
    text = text.slice(0, lastNl + 1);
    truncateSync(path, Buffer.byteLength(text));
  }
  const lines = text === '' ? [] : text.slice(0, -1).split('\n');
  let i = 0;
  if (format === 'csv') {
    if (lines.length === 0) return { points: 0, headed: false };
    if (lines[0] !== header) throw new UsageError(`${path} holds another sweep (its header differs); use another --out file`);
    i = 1;
  }
  let k = 0;
  for (; i < lines.length; i++, k++) {
    const p = pointOfLine(format, lines[i]!);
    if (p === null || points[k]?.index !== p) throw new UsageError(`${path}: row ${k + 1} is not point ${points[k]?.index ?? '(none)'} of this sweep; use another --out file or virq sweep merge`);
  }
  return { points: k, headed: format === 'csv' };
}

export async function sweepCommand(a: ParsedArgs): Promise<number> {
  if (a.positional[1] === 'merge') return sweepMerge(a);
  const input = readScenarioInput(a.positional[1]);
  const varies = a.lists.get('vary') ?? [];
  if (varies.length === 0) throw new UsageError('sweep needs at least one --vary PATH=V1,V2,… or --vary PATH=FROM..TO:N[log]');
  let points: GridPoint[];
  let shard = { index: 0, count: 1 };
  let vary;
  try {
    vary = varies.map(parseVary);
    points = gridPoints(vary);
    if (a.options.has('shard')) shard = parseShard(a.options.get('shard')!);
  } catch (e) {
    if (e instanceof SweepSpecError) throw new UsageError(e.message);
    throw e;
  }
  const mine = shardPoints(points, shard);
  const metrics = a.lists.get('metric') ?? [...DEFAULT_METRICS];
  const seeds = intOption(a, 'seeds', 1, MAX_SEEDS, 1);
  const jobs = intOption(a, 'jobs', 1, MAX_JOBS, availableParallelism());
  const format: SweepFormat = a.flags.has('jsonl') || a.flags.has('json') ? 'jsonl' : 'csv';
  const untilText = a.options.get('until');
  const untilNs = untilText === undefined ? undefined : parseDuration(untilText);
  if (untilNs === null) throw new UsageError(`--until needs a duration such as 20ms, got "${untilText}"`);
  const base = Object.fromEntries(a.sets);

  // Every point's scenario must be valid before any run starts.
  let firstSeed = 0;
  for (const p of mine) {
    let r;
    try {
      r = loadScenario(input.text, { set: { ...base, ...p.set } });
    } catch (e) {
      if (e instanceof SetPathError) throw new UsageError(e.message);
      throw e;
    }
    if (!r.ok) {
      const where = Object.entries(p.set).map(([k, v]) => `${k}=${v}`).join(' ');
      for (const i of r.issues) console.error(`${input.label}: point ${p.index} (${where}): ${i.path}: ${i.message}`);
      return 1;
    }
    firstSeed = r.scenario.seed;
  }
  const seedText = a.options.get('seed');
  if (seedText !== undefined) {
    if (!/^[0-9]+$/.test(seedText)) throw new UsageError(`--seed needs a non-negative integer, got "${seedText}"`);
    firstSeed = Number(seedText);
  }

  const header = format === 'csv' ? csvHeader(vary.map((v) => v.path), metrics) : null;
  const outPath = a.options.get('out');
  const resumed = outPath ? resumeFrom(outPath, format, header, mine) : { points: 0, headed: false };
  const already = resumed.points;
  const todo = mine.slice(already);
  let fd: number | null = null;
  const emit = (line: string) => {
    if (fd !== null) writeSync(fd, `${line}\n`);
    else process.stdout.write(`${line}\n`);
  };
  if (outPath) {
    fd = openSync(outPath, 'a');
    if (!resumed.headed && header !== null) emit(header);
  } else if (header !== null) emit(header);
  if (already > 0) console.error(`virq: sweep: ${already} of ${mine.length} points already in ${outPath}; running the other ${todo.length}`);

  const tasks: SweepTask[] = todo.flatMap((p) => Array.from({ length: seeds }, (_, s) => ({
    point: p.index, seedIndex: s, seed: firstSeed + s, set: { ...base, ...p.set }, untilNs,
  })));
  const values = new Map<number, (number | null)[][]>();
  const left = new Map<number, number>(todo.map((p) => [p.index, seeds]));
  const byIndex = new Map(todo.map((p) => [p.index, p]));
  let nextToWrite = 0;
  let pointsDone = 0;
  const progress = progressOn(process.stderr, todo.length, `sweep ${input.label}`);
  const onResult = (r: SweepTaskResult) => {
    if (r.error) throw new Error(`point ${r.point}: ${r.error}`);
    const v = values.get(r.point) ?? [];
    v[r.seedIndex] = r.values;
    values.set(r.point, v);
    left.set(r.point, left.get(r.point)! - 1);
    if (left.get(r.point) === 0) progress.point(++pointsDone);
    // Rows leave in grid order: the next one as soon as all its seeds are in.
    while (nextToWrite < todo.length && left.get(todo[nextToWrite]!.index) === 0) {
      const p = todo[nextToWrite++]!;
      const runs = values.get(p.index)!;
      emit(formatRow(format, { point: byIndex.get(p.index)!, seeds, estimates: metrics.map((_, m) => estimate(runs.map((x) => x[m] ?? null))) }, metrics));
      values.delete(p.index);
    }
  };
  const runner = jobs === 1 ? inProcessRunner(input.text, metrics) : await workerPoolRunner(input.text, metrics, Math.min(jobs, Math.max(1, tasks.length)));
  try {
    await runner.runAll(tasks, onResult);
  } finally {
    await runner.close();
    progress.finish();
    if (fd !== null) closeSync(fd);
  }
  return 0;
}
