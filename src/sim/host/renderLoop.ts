// A closed-loop render workload (issue 12, item 1): an application submits one frame, the GPU renders it, the
// completion (user) interrupt reaches its driver's handler, the application does its CPU work for the frame, then
// submits the next — optionally waiting for the next vblank first (vsync: the frame is presented there, a display
// event). One frame is in flight at a time. Where the frame is submitted, rendered and handled, and where the CPU
// work runs, is the place's (gvt/: a vGPU's guest or host i915 through the mediator; host/i915/: the native
// i915 with no mediation), so the same loop runs mediated and native and frames/s can be compared.
// Not modelled: several frames in flight (a GPU-bound client's CPU preparing frame n+1 while the GPU renders n),
// i915's throttling and waits on seqnos (the loop waits for the interrupt; a masked completion stalls it),
// vblank phase (the next vblank is the next multiple of the refresh period since time 0).
import type { Simulator } from '../core/simulator';

export interface RenderLoopPlace {
  /** The application's CPU work for frame `frame`, where it runs; `done` when it ends. */
  cpuWork(frame: number, done: () => void): void;
  /** Submit frame `frame` through the driver's path (its completion is reported with gpuFinished). */
  submit(frame: number): void;
}

export interface RenderLoopFigures {
  /** Frames submitted. */
  submitted: number;
  /** Frames whose completion interrupt the driver handled. */
  completed: number;
  /** Completed while the sources ran (what frames/s counts). */
  completedInWindow: number;
  /** Frames presented at a vblank (vsync only): display events. */
  flips: number;
  /** The steady frame rate: frames completed while the sources ran, one per interval between their completions
   *  ((n − 1) / (last − first completion); not rounded to whole frames of the run, and without the start-up). */
  framesPerSec: number;
  /** Mean time from a submission to the handler seeing its completion, ns. */
  meanFrameNs: number;
}

export class RenderLoop {
  private submitted = 0;
  private completed = 0;
  private completedInWindow = 0;
  private flips = 0;
  private firstSubmitNs = -1;
  private firstCompleteNs = -1;
  private lastInWindowNs = -1;
  private submittedAt = 0;
  private frameNsSum = 0;
  /** The engine finished the frame in flight; the driver's handler has not seen it yet. */
  private finished = false;

  constructor(
    private readonly sim: Simulator,
    readonly name: string,
    private readonly place: RenderLoopPlace,
    /** vsync: submit the next frame at the next vblank of this period (ns); null: at once. */
    private readonly vblankPeriodNs: number | null,
  ) {}

  /** The driver has loaded: the first frame. */
  start(): void {
    this.submitFrame();
  }

  /** The engine finished this loop's frame (its completion event is latched). */
  gpuFinished(): void {
    this.finished = true;
  }

  /** The driver's interrupt handler ran: if it saw this loop's frame finish, the CPU work and the next frame follow. */
  handled(): void {
    if (!this.finished) return;
    this.finished = false;
    const sim = this.sim;
    this.completed++;
    this.frameNsSum += sim.now - this.submittedAt;
    if (sim.now <= sim.sourcesUntil) {
      this.completedInWindow++;
      if (this.firstCompleteNs < 0) this.firstCompleteNs = sim.now;
      this.lastInWindowNs = sim.now;
    }
    this.place.cpuWork(this.completed, () => this.afterCpu());
  }

  private afterCpu(): void {
    const sim = this.sim;
    if (sim.now >= sim.sourcesUntil) return;
    const p = this.vblankPeriodNs;
    if (p === null) {
      this.submitFrame();
      return;
    }
    sim.at(Math.ceil(sim.now / p) * p, () => {
      this.flips++;
      this.submitFrame();
    });
  }

  private submitFrame(): void {
    const sim = this.sim;
    if (sim.now >= sim.sourcesUntil) return;
    this.submitted++;
    if (this.firstSubmitNs < 0) this.firstSubmitNs = sim.now;
    this.submittedAt = sim.now;
    this.place.submit(this.submitted);
  }

  figures(): RenderLoopFigures {
    const span = this.lastInWindowNs - this.firstCompleteNs;
    return {
      submitted: this.submitted, completed: this.completed, completedInWindow: this.completedInWindow, flips: this.flips,
      framesPerSec: this.completedInWindow > 1 && span > 0 ? round2(((this.completedInWindow - 1) * 1e9) / span) : 0,
      meanFrameNs: this.completed ? Math.round(this.frameNsSum / this.completed) : 0,
    };
  }
}

const round2 = (x: number) => Math.round(x * 100) / 100;

/** The summary of a machine's render loops (the protocol's RenderLoopsSummary, built by the wiring). */
export function renderLoopsFigures(
  loops: ReadonlyMap<string, RenderLoop>, vblanksOf: (name: string) => number, native: boolean,
  scheduler: { policy: 'fifo' | 'tbs'; switches: number; busyNs: Record<string, number> } | null,
) {
  const perVm: Record<string, RenderLoopFigures & { vblanks: number }> = {};
  let total = 0;
  for (const [name, loop] of loops) {
    const f = loop.figures();
    perVm[name] = { ...f, vblanks: vblanksOf(name) };
    total += f.framesPerSec;
  }
  return { native, scheduler, perVm, totalFramesPerSec: round2(total) };
}
