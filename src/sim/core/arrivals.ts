// When a source fires next: a periodic or a Poisson process, seeded per source.
import type { Prng } from './prng';
import type { Ns } from './time';

export type ArrivalKind = 'periodic' | 'poisson';

export class Arrivals {
  private readonly meanNs: number;

  constructor(readonly kind: ArrivalKind, ratePerSec: number, private readonly rng: Prng) {
    this.meanNs = 1e9 / ratePerSec;
  }

  /** Gap to the next arrival, at least 1 ns. */
  nextGap(): Ns {
    const g = this.kind === 'periodic' ? this.meanNs : this.rng.exponential(this.meanNs);
    return Math.max(1, Math.round(g));
  }
}
