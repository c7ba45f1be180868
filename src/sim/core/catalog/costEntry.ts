// What a cost entry holds: its default value and unit, where the figure comes from, and whether it is an estimate.
// An estimate also carries the plausible span of the figure (`range`, in its unit) and why that span: a
// sensitivity analysis moves each estimate to either end (through a scenario's `costs` overrides) and says whether
// a conclusion holds. An entry with a source has no range: its figure is the source's.
export type CostUnit = 'ns' | 'cycles';

export interface CostEntry {
  /** Default value in `unit`. */
  value: number;
  unit: CostUnit;
  /** Where the figure comes from (a facts-sheet reference and its conditions). */
  source: string;
  /** True when no primary source gives the number and it is our estimate. */
  estimate: boolean;
  /** Estimates: the plausible span [lo, hi] in `unit`, with lo ≤ value ≤ hi (test/sim/core/catalog/estimatedCosts.test.ts). */
  range?: readonly [number, number];
  /** Estimates: why that span (a facts-sheet figure and its conditions, a structural bound, or "estimate: …"). */
  rangeWhy?: string;
  meaning: string;
}

export type CostCatalog = Readonly<Record<string, CostEntry>>;
