// The costs a scenario runs with: each catalog entry's figure in use (the default or the scenario's override), in
// ns at the host clock, with where the default comes from, and for an estimate its plausible span.
import type { ScenarioIssue } from './scenario';

export type CostUnitName = 'ns' | 'cycles';

export interface CostInUse {
  /** The key as a scenario writes it: "kvm.vmexit", or "gpu.engine.batch@vm0" for one device's or VM's use. */
  name: string;
  /** The catalog entry. */
  entry: string;
  /** The device or VM of a `name@scope` override, else null. */
  scope: string | null;
  /** The figure in use, in its unit (the override's when overridden). */
  value: number;
  unit: CostUnitName;
  /** The figure in use in ns at the scenario's CPU clock (host.cpuGhz). */
  ns: number;
  overridden: boolean;
  /** The catalog's default. */
  default: { value: number; unit: CostUnitName; ns: number };
  estimate: boolean;
  /** Estimates: the plausible span of the default, in the default's unit. */
  range: [number, number] | null;
  rangeWhy: string | null;
  source: string;
  meaning: string;
}

export interface CostsInUse {
  scenario: string;
  /** The clock cycles convert at. */
  cpuGhz: number;
  /** Catalog order; `name@scope` overrides follow their entry. */
  costs: CostInUse[];
}

export type CostsInUseResult = ({ ok: true } & CostsInUse) | { ok: false; issues: ScenarioIssue[] };
