// Compare: the same scenario text run twice, each side with its own `--set` overrides, advanced in slices by the
// caller so a lab host stays responsive. Each side is its own Lab: same seed, so the only difference is the switch.
import type { CompareParams, CompareProgress, CompareSide } from '../../shared/protocol';
import { SetPathError } from '../scenario/overrides';
import { flowCdf } from './flowCdf';
import { Lab } from './lab';

interface Side {
  view: CompareSide;
  lab: Lab | null;
}

export class CompareRun {
  private readonly sides: Side[];

  constructor(readonly id: number, params: CompareParams) {
    this.sides = [params.a, params.b].map((p) => {
      const view: CompareSide = { label: p.label, set: { ...p.set }, simNs: 0, untilNs: 0, events: 0, finished: false };
      let lab: Lab | null = null;
      try {
        const r = Lab.load(params.text, { seed: params.seed, set: p.set });
        if (r.ok) lab = r.lab;
        else view.issues = r.issues;
      } catch (e) {
        if (!(e instanceof SetPathError)) throw e;
        view.issues = [{ path: '--set', message: e.message }];
      }
      if (lab) view.untilNs = lab.untilNs;
      return { view, lab };
    });
  }

  get failed(): boolean {
    return this.sides.some((s) => !s.lab);
  }

  get done(): boolean {
    return this.failed || this.sides.every((s) => s.lab!.finished);
  }

  /** Runs up to `maxEvents`, shared by the unfinished sides. Returns events run. */
  advance(maxEvents: number): number {
    if (this.failed) return 0;
    const open = this.sides.filter((s) => !s.lab!.finished);
    let ran = 0;
    for (const s of open) {
      ran += s.lab!.advance(Math.max(1, Math.floor(maxEvents / open.length)));
      if (s.lab!.finished && !s.view.summary) {
        s.view.summary = s.lab!.summary();
        s.view.cdf = flowCdf(s.lab!.sim);
      }
    }
    return ran;
  }

  /** Side i's run once it has finished (for its hops), else null. */
  finishedLab(i: 0 | 1): Lab | null {
    const lab = this.sides[i]?.lab;
    return lab && lab.finished ? lab : null;
  }

  progress(): CompareProgress {
    const state = this.failed ? 'failed' : this.done ? 'done' : 'running';
    return {
      state,
      id: this.id,
      sides: this.sides.map(({ view, lab }) => ({
        ...view,
        ...(lab ? { simNs: lab.sim.now, events: lab.sim.events, finished: lab.finished } : {}),
      })),
    };
  }
}
