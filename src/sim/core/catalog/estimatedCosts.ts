// The estimated entries of the cost catalog with their plausible spans, for a sensitivity analysis: a conclusion
// that holds with each estimate moved to the low and the high end of its span (one at a time, through the
// scenario's `costs` overrides) does not rest on our guesses. Entries with a source are left out: their figure is
// the source's. Not here: moving several estimates at once, or spans for entries that have a source.
import type { CostCatalog, CostUnit } from './costEntry';
import { COSTS, type CostName } from './costs';

export interface EstimatedCost {
  name: CostName;
  value: number;
  unit: CostUnit;
  /** [lo, hi] in `unit`. */
  range: readonly [number, number];
  rangeWhy: string;
  source: string;
}

/** Every estimate of the catalog, in catalog order. Throws if an estimate has no span (a catalog bug). */
export function estimatedCosts(catalog: CostCatalog = COSTS): EstimatedCost[] {
  const out: EstimatedCost[] = [];
  for (const [name, e] of Object.entries(catalog)) {
    if (!e.estimate) continue;
    if (!e.range) throw new Error(`cost entry "${name}" is an estimate without a range`);
    out.push({ name: name as CostName, value: e.value, unit: e.unit, range: e.range, rangeWhy: e.rangeWhy ?? '', source: e.source });
  }
  return out;
}

/** The scenario `costs` override that moves one estimate to an end of its span, e.g. {"pci.config.read": "500 ns"}. */
export function rangeOverride(e: Pick<EstimatedCost, 'name' | 'unit' | 'range'>, end: 'lo' | 'hi'): Record<string, string> {
  const v = end === 'lo' ? e.range[0] : e.range[1];
  return { [e.name]: `${v} ${e.unit}` };
}
