// What a cost entry holds: its default value and unit, where the figure comes from, and whether it is an estimate.
export type CostUnit = 'ns' | 'cycles';

export interface CostEntry {
  /** Default value in `unit`. */
  value: number;
  unit: CostUnit;
  /** Where the figure comes from (a facts-sheet reference and its conditions). */
  source: string;
  /** True when no primary source gives the number and it is our estimate. */
  estimate: boolean;
  /** For an estimate: the plausible range of the value, in `unit` (issue 12 item 6). */
  range?: readonly [number, number];
  meaning: string;
}

export type CostCatalog = Readonly<Record<string, CostEntry>>;
