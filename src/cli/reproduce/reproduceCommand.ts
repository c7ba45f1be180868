// virq reproduce [CLAIM…] [--seed N] [--seeds N] [--jobs N] [--json | --markdown] [--write]: every published claim
// (src/sim/lab/reproduce/claims.ts) run on its preset with the default costs, then each estimated cost its runs use
// moved to the ends of its range; the table on stdout, progress on stderr. --write regenerates docs/validation.md and
// resources/validation.json (what the app's Validation page shows).
import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CLAIMS } from '../../sim/lab/reproduce/claims';
import { formatMarkdown, formatText } from '../../sim/lab/reproduce/format';
import { baseRuns, claimResult, estimatedCostsOf, report, sensitivityRuns, type ReproduceRun, type RunOutcome } from '../../sim/lab/reproduce/plan';
import type { SweepTask, SweepTaskResult } from '../../sim/lab/sweep/runTask';
import type { Claim } from '../../sim/lab/reproduce/claim';
import type { ReproduceReport } from '../../shared/protocol';
import { UsageError, type ParsedArgs } from '../args';
import { progressOn } from '../sweep/progress';
import { inProcessRunner, workerPoolRunner } from '../sweep/pool';
import { PRESET_DIR, presets } from '../scenarioInput';

/** Seeds per side unless --seeds says otherwise. */
export const DEFAULT_SEEDS = 5;

function intOption(a: ParsedArgs, name: string, min: number, fallback: number): number {
  const t = a.options.get(name);
  if (t === undefined) return fallback;
  const n = Number(t);
  if (!/^\d+$/.test(t) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} needs an integer ≥ ${min}, got "${t}"`);
  return n;
}

export function selectClaims(ids: readonly string[]): Claim[] {
  if (!ids.length) return [...CLAIMS];
  return ids.map((id) => {
    const c = CLAIMS.find((x) => x.id === id);
    if (!c) throw new UsageError(`unknown claim "${id}"; known: ${CLAIMS.map((x) => x.id).join(', ')}`);
    return c;
  });
}

/** Runs the claims (base runs, then sensitivity runs) in a pool of `jobs` workers. */
export async function reproduce(claims: readonly Claim[], seed: number, seeds: number, jobs: number, onProgress?: (done: number, total: number) => void): Promise<ReproduceReport> {
  const texts = new Map(presets().map((p) => [p.name, p.text]));
  for (const c of claims) if (!texts.has(c.preset)) throw new Error(`claim ${c.id}: no preset ${c.preset} in ${PRESET_DIR}`);
  const runner = jobs === 1 ? inProcessRunner('', []) : await workerPoolRunner('', [], jobs);
  let done = 0;
  let total = 0;
  const exec = async (runs: ReproduceRun[]): Promise<Map<ReproduceRun, RunOutcome>> => {
    total += runs.length;
    const out = new Map<ReproduceRun, RunOutcome>();
    const tasks: SweepTask[] = runs.map((r, i) => {
      const claim = claims.find((c) => c.id === r.claim)!;
      return { point: i, seedIndex: r.seedIndex, seed: seed + r.seedIndex, set: r.set, text: texts.get(claim.preset)!, metrics: [...claim.metrics], kinds: !r.cost && r.seedIndex === 0 };
    });
    await runner.runAll(tasks, (res: SweepTaskResult) => {
      out.set(runs[res.point]!, { values: res.values, ...(res.kinds ? { kinds: res.kinds } : {}), ...(res.error ? { error: res.error } : {}) });
      onProgress?.(++done, total);
    });
    return out;
  };
  try {
    const base = await exec(baseRuns(claims, seeds));
    const baseOf = (claim: string, side: string, s: number) => [...base].find(([r]) => r.claim === claim && r.side === side && r.seedIndex === s)?.[1];
    const estimated = new Map(claims.map((c) => {
      const kinds = new Set<string>();
      for (const side of Object.keys(c.sides)) for (const k of baseOf(c.id, side, 0)?.kinds ?? []) kinds.add(k);
      return [c.id, estimatedCostsOf(kinds)];
    }));
    const moved = await exec(claims.flatMap((c) => (baseOf(c.id, Object.keys(c.sides)[0]!, 0)?.error ? [] : sensitivityRuns(c, estimated.get(c.id)!))));
    const movedOf = (claim: string, cost: string, end: 'lo' | 'hi', side: string) =>
      [...moved].find(([r]) => r.claim === claim && r.side === side && r.cost?.name === cost && r.cost.end === end)?.[1];
    return report(seed, seeds, claims.map((c) => claimResult(c, seeds,
      (side, s) => baseOf(c.id, side, s),
      (cost, end, side) => movedOf(c.id, cost, end, side),
      estimated.get(c.id)!)));
  } finally {
    await runner.close();
  }
}

export const VALIDATION_DOC = resolve(PRESET_DIR, '../../docs/validation.md');
export const VALIDATION_JSON = resolve(PRESET_DIR, '../validation.json');

export async function reproduceCommand(a: ParsedArgs): Promise<number> {
  const claims = selectClaims(a.positional.slice(1));
  const seed = intOption(a, 'seed', 0, 1);
  const seeds = intOption(a, 'seeds', 1, DEFAULT_SEEDS);
  const jobs = intOption(a, 'jobs', 1, availableParallelism());
  const write = a.flags.has('write');
  if (write && (a.positional.length > 1 || a.options.has('seed') || a.options.has('seeds'))) {
    throw new UsageError('--write regenerates docs/validation.md from every claim at the default seeds: give no CLAIM, --seed or --seeds');
  }
  let progress: ReturnType<typeof progressOn> | null = null;
  let lastTotal = 0;
  const r = await reproduce(claims, seed, seeds, jobs, (done, total) => {
    if (total !== lastTotal) { progress?.finish(); progress = progressOn(process.stderr, total, 'reproduce', undefined, 'runs'); lastTotal = total; }
    progress!.point(done);
  });
  (progress as ReturnType<typeof progressOn> | null)?.finish();
  if (write) {
    writeFileSync(VALIDATION_DOC, formatMarkdown(r));
    writeFileSync(VALIDATION_JSON, `${JSON.stringify(r, null, 2)}\n`);
    console.error(`virq: wrote ${VALIDATION_DOC} and ${VALIDATION_JSON}`);
  }
  if (a.flags.has('json')) console.log(JSON.stringify(r, null, 2));
  else if (a.flags.has('markdown')) console.log(formatMarkdown(r));
  else console.log(formatText(r));
  return 0;
}
