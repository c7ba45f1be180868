// `virq reproduce` and the app's Validation page: each published claim run in the lab, its figures against the
// paper's, a verdict, and how the verdict depends on the estimated costs (each moved across its range).

export type ClaimVerdict = 'reproduced' | 'direction only' | 'not reproduced';

export interface FigureResult {
  /** What the figure is, e.g. "throughput, posted ÷ emulated". */
  name: string;
  /** What the paper measured, in its words. */
  paper: string;
  /** The published range the verdict uses, and how values are shown (a ratio, or a percentage). */
  lo: number;
  hi: number;
  unit: 'x' | '%';
  /** Mean over the seeds and the half-width of its 95 % interval (null: no value, or one seed). */
  mean: number | null;
  ci95: number | null;
  seeds: number;
  verdict: ClaimVerdict;
  /** The two sides the figure compares (numerator, denominator): what "open in Compare" puts on A and B. */
  between: [string, string];
  /** As shown: the range ("1.30× – 1.60×") and the lab's value ("1.47× ± 0.05"). */
  rangeText: string;
  labText: string;
}

/** One estimated cost moved to each end of its range (every other cost at its default), at the first seed. */
export interface CostSensitivity {
  cost: string;
  /** The range in the entry's unit. */
  lo: number;
  hi: number;
  unit: string;
  /** The claim's verdict and its first figure's value with the cost at lo and at hi. */
  atLo: ClaimVerdict;
  atHi: ClaimVerdict;
  valueAtLo: number | null;
  valueAtHi: number | null;
}

export interface ClaimResult {
  id: string;
  title: string;
  source: string;
  preset: string;
  /** The sides run and the overrides that make each. */
  sides: Record<string, Record<string, string>>;
  figures: FigureResult[];
  verdict: ClaimVerdict;
  /** Estimated costs the claim's runs spend time in (the ones a sensitivity run moves). */
  estimatedCosts: string[];
  /** Those whose range changes the verdict (empty: the verdict holds across every range). */
  dependsOn: string[];
  sensitivity: CostSensitivity[];
  /** The sensitivity in one sentence ("holds with each of 12 estimated costs at either end of its range"). */
  sensitivityText: string;
  caveat?: string;
  /** Why the claim could not be run (a side's scenario refused). */
  error?: string;
}

export interface ReproduceReport {
  /** The first seed and how many seeds each side ran. */
  seed: number;
  seeds: number;
  claims: ClaimResult[];
}
