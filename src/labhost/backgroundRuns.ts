// Work a lab host does beside the loaded run (a Compare, a Sweep): advanced in slices of about `targetMs` each,
// deferred between slices so requests (Pause, status, a page of the log) are answered in between. The slice size
// adapts to how long the last one took.
import type { HostClock } from '../shared/protocol';

/** What can be advanced in slices. */
export interface SlicedWork {
  readonly done: boolean;
  /** Nothing to do until something outside wakes it (a helper's result): no slices are scheduled meanwhile. */
  readonly idle?: boolean;
  /** Runs up to `maxEvents`; returns the events run. */
  advance(maxEvents: number): number;
}

export class BackgroundRun<W extends SlicedWork> {
  private work: W | null = null;
  private events = 20_000;
  private scheduled = false;

  constructor(private readonly clock: HostClock, private readonly targetMs: number) {}

  get current(): W | null {
    return this.work;
  }

  /** Starts `work` in place of whatever ran before. */
  start(work: W): W {
    this.work = work;
    this.schedule();
    return work;
  }

  /** Resumes an idle piece of work (a helper has answered). */
  wake(): void {
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || !this.work || this.work.done || this.work.idle) return;
    this.scheduled = true;
    this.clock.defer(() => {
      this.scheduled = false;
      const work = this.work;
      if (!work || work.done || work.idle) return;
      const t0 = this.clock.now();
      work.advance(this.events);
      const dt = Math.max(0.01, this.clock.now() - t0);
      this.events = Math.max(1000, Math.min(2_000_000, Math.round(this.events * (this.targetMs / dt))));
      this.schedule();
    });
  }
}
