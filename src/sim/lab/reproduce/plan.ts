// The runs `virq reproduce` makes and how their numbers become the report: every side of every claim at each seed
// (the first seed's runs also say which hop kinds took time), then, for each estimated cost those kinds take their
// time from, every side again at the first seed with that cost at the low and at the high end of its range.
import { estimatedCosts, rangeOverride, type EstimatedCost } from '../../core/catalog/estimatedCosts';
import { HOP_KINDS, isHopKind } from '../../core/catalog/hopKinds';
import type { ClaimResult, CostSensitivity, FigureResult, ReproduceReport } from '../../../shared/protocol';
import { estimate } from '../sweep/metrics';
import { judge, weakest, type Claim, type ClaimVerdict } from './claim';
import { labValue, rangeOf, sensitivityLine } from './format';

/** One run: a claim's side at a seed, maybe with one cost moved. */
export interface ReproduceRun {
  claim: string;
  side: string;
  seedIndex: number;
  /** The cost moved and to which end of its range (sensitivity runs only). */
  cost?: { name: string; end: 'lo' | 'hi' };
  set: Record<string, string>;
}

export interface RunOutcome {
  values: (number | null)[];
  kinds?: string[];
  error?: string;
}

const costPath = (name: string) => `costs["${name}"]`;
/** The catalogue's estimates (each with its range) by name. */
const ESTIMATES: ReadonlyMap<string, EstimatedCost> = new Map(estimatedCosts().map((e) => [e.name, e]));

/** The base runs: every side of every claim at each of `seeds` seeds. */
export function baseRuns(claims: readonly Claim[], seeds: number): ReproduceRun[] {
  const runs: ReproduceRun[] = [];
  for (const c of claims) {
    for (const [side, set] of Object.entries(c.sides)) {
      for (let s = 0; s < seeds; s++) runs.push({ claim: c.id, side, seedIndex: s, set: { ...set } });
    }
  }
  return runs;
}

/** The estimated costs (with a range) that the hop kinds which took time draw on, sorted. */
export function estimatedCostsOf(kinds: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const k of kinds) {
    if (!isHopKind(k)) continue;
    for (const c of HOP_KINDS[k].costs) if (ESTIMATES.has(c)) out.add(c);
  }
  return [...out].sort();
}

/** The sensitivity runs of one claim: each estimated cost with a range at lo and hi, every side, the first seed. */
export function sensitivityRuns(claim: Claim, costs: readonly string[]): ReproduceRun[] {
  const runs: ReproduceRun[] = [];
  for (const name of costs) {
    const e = ESTIMATES.get(name);
    if (!e) continue;
    for (const end of ['lo', 'hi'] as const) {
      const value = rangeOverride(e, end)[name]!;
      for (const [side, set] of Object.entries(claim.sides)) {
        runs.push({ claim: claim.id, side, seedIndex: 0, cost: { name, end }, set: { ...set, [costPath(name)]: value } });
      }
    }
  }
  return runs;
}

type Lookup = (side: string, metric: string) => number | null;

function lookupOf(claim: Claim, outcome: (side: string) => RunOutcome | undefined): Lookup {
  return (side, metric) => {
    const i = claim.metrics.indexOf(metric);
    if (i < 0) throw new Error(`claim ${claim.id}: metric ${metric} is not in its metrics list`);
    return outcome(side)?.values[i] ?? null;
  };
}

/** The claim's result from its base runs (by side and seed) and its sensitivity runs (by cost, end and side). */
export function claimResult(
  claim: Claim,
  seeds: number,
  base: (side: string, seedIndex: number) => RunOutcome | undefined,
  moved: (cost: string, end: 'lo' | 'hi', side: string) => RunOutcome | undefined,
  estimated: readonly string[],
): ClaimResult {
  const sides = Object.fromEntries(Object.entries(claim.sides).map(([k, v]) => [k, { ...v }]));
  const error = Object.keys(claim.sides).map((s) => base(s, 0)?.error).find((e) => e);
  const figures: FigureResult[] = claim.figures.map((f) => {
    const perSeed: (number | null)[] = [];
    for (let s = 0; s < seeds; s++) perSeed.push(f.compute(lookupOf(claim, (side) => base(side, s))));
    const est = estimate(perSeed);
    const shown = { unit: f.unit, mean: est.mean, ci95: est.ci95, lo: f.lo, hi: f.hi };
    return { name: f.name, paper: f.paper, lo: f.lo, hi: f.hi, unit: f.unit, mean: est.mean, ci95: est.ci95, seeds: est.n,
      verdict: judge(f, est.mean), between: [...f.between], rangeText: rangeOf(shown), labText: labValue(shown) };
  });
  const verdict = error ? 'not reproduced' : weakest(figures.map((f) => f.verdict));
  const sensitivity: CostSensitivity[] = [];
  for (const name of estimated) {
    const e = ESTIMATES.get(name);
    if (!e) continue;
    const at = (end: 'lo' | 'hi'): { verdict: ClaimVerdict; first: number | null } => {
      const look = lookupOf(claim, (side) => moved(name, end, side));
      const vals = claim.figures.map((f) => f.compute(look));
      return { verdict: weakest(claim.figures.map((f, i) => judge(f, vals[i]!))), first: vals[0] ?? null };
    };
    const lo = at('lo');
    const hi = at('hi');
    sensitivity.push({ cost: name, lo: e.range[0], hi: e.range[1], unit: e.unit, atLo: lo.verdict, atHi: hi.verdict, valueAtLo: lo.first, valueAtHi: hi.first });
  }
  const dependsOn = sensitivity.filter((s) => s.atLo !== verdict || s.atHi !== verdict).map((s) => s.cost);
  const estimatedCosts = [...estimated];
  return {
    id: claim.id, title: claim.title, source: claim.source, preset: claim.preset, sides, figures, verdict,
    estimatedCosts, dependsOn, sensitivity, sensitivityText: sensitivityLine({ sensitivity, estimatedCosts, dependsOn, verdict }),
    ...(claim.caveat ? { caveat: claim.caveat } : {}),
    ...(error ? { error } : {}),
  };
}

export function report(seed: number, seeds: number, claims: ClaimResult[]): ReproduceReport {
  return { seed, seeds, claims };
}
