// A published claim as the lab checks it: one preset, run on named sides (each a set of `--set` overrides), and the
// figures the paper reports, each computed from the sides' summaries seed by seed and judged against the published
// range. A verdict is `reproduced` (the mean over seeds lies in the range), `direction only` (on the same side of
// the neutral value as the range, outside it) or `not reproduced`. Nothing here is tuned per claim: the runs use the
// catalogue's default costs, the same for every claim.
import type { ClaimVerdict } from '../../../shared/protocol';

export type { ClaimVerdict };

/** A published figure: the range the paper's number stands for, and the value that means "no difference". */
export interface PublishedFigure {
  /** What the figure is, e.g. "throughput, posted ÷ emulated". */
  name: string;
  /** The paper's words and number, e.g. "1.3–1.6×". */
  paper: string;
  lo: number;
  hi: number;
  /** The figure's value when the design choice makes no difference (1 for a ratio). */
  neutral: number;
  /** How the value is shown: a ratio (×) or a percentage of the neutral value (%). */
  unit: 'x' | '%';
  /** The two sides it compares (numerator, denominator). */
  between: [string, string];
  /** The figure of one seed from the sides' metric values (null when a run lacks a figure). */
  compute: (value: (side: string, metric: string) => number | null) => number | null;
}

export interface Claim {
  /** Short id, used on the command line: `virq reproduce eli`. */
  id: string;
  title: string;
  /** Where it was published (facts-sheet row and the paper). */
  source: string;
  /** The preset that runs it (resources/presets/<preset>.yaml). */
  preset: string;
  /** Each side: the overrides that make it (applied over the preset). */
  sides: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The summary figures the claim reads from every side's run (paths as `virq run --json` names them). */
  metrics: readonly string[];
  figures: readonly PublishedFigure[];
  /** What the lab leaves out that the measurement had, said next to the verdict. */
  caveat?: string;
}

const RANK: Record<ClaimVerdict, number> = { reproduced: 2, 'direction only': 1, 'not reproduced': 0 };

/** The verdict of one figure's value against its published range. */
export function judge(fig: Pick<PublishedFigure, 'lo' | 'hi' | 'neutral'>, value: number | null): ClaimVerdict {
  if (value === null || !Number.isFinite(value)) return 'not reproduced';
  if (value >= fig.lo && value <= fig.hi) return 'reproduced';
  const above = fig.lo >= fig.neutral;
  const below = fig.hi <= fig.neutral;
  if ((above && value > fig.neutral) || (below && value < fig.neutral)) return 'direction only';
  return 'not reproduced';
}

/** The claim's verdict: its weakest figure's. */
export function weakest(verdicts: readonly ClaimVerdict[]): ClaimVerdict {
  return verdicts.reduce<ClaimVerdict>((w, v) => (RANK[v] < RANK[w] ? v : w), 'reproduced');
}

/** A ratio of one metric between two sides (null when either is missing or the denominator is 0). */
export function ratio(metric: string, num: string, den: string): PublishedFigure['compute'] {
  return (v) => {
    const a = v(num, metric);
    const b = v(den, metric);
    return a === null || b === null || b === 0 ? null : a / b;
  };
}

/** A ratio of two metrics' quotients, e.g. exits per interrupt on side A ÷ on side B. */
export function perRatio(metric: string, per: string, num: string, den: string): PublishedFigure['compute'] {
  const q = (v: (side: string, metric: string) => number | null, side: string) => {
    const a = v(side, metric);
    const b = v(side, per);
    return a === null || b === null || b === 0 ? null : a / b;
  };
  return (v) => {
    const a = q(v, num);
    const b = q(v, den);
    return a === null || b === null || b === 0 ? null : a / b;
  };
}
