// One VM's display workload (seed 001): page flips and cursor updates, steady or in periodic bursts. Each is a display
// event the VMM must learn about, leaving the vGPU through its `display` port (to the display IRQ, where it becomes a
// flow of its own); a flip also queues its flip-done for the vGPU's next virtual vblank.
import type { Simulator } from '../core/simulator';
import type { Ns } from '../core/time';
import type { DisplayEventType } from './displayIrq';
import type { VblankEmulation } from './vblank';
import type { Vgpu } from './vgpu';

export interface DisplayWork {
  flipHz: number;
  cursorHz: number;
  /** Bursts: from `every` on, for `length` of each `every`, the burst rates apply. */
  burst: { every: Ns; length: Ns; flipHz?: number; cursorHz?: number } | null;
}

/** The flips and cursor updates of `v`'s display, as a source started with the machine. */
export function displaySource(sim: Simulator, v: Vgpu, vb: VblankEmulation, d: DisplayWork): { start(): void } {
  const burst = d.burst;
  const inBurst = (t: number) => burst !== null && t >= burst.every && t % burst.every < burst.length;
  const source = (type: DisplayEventType, steady: number, bursty: number | undefined) => {
    const next = () => {
      const hz = inBurst(sim.now) && bursty ? bursty : steady;
      const t = sim.now + Math.max(1, Math.round(1e9 / hz));
      if (t >= sim.sourcesUntil) return;
      sim.at(t, () => {
        if (type === 'primary-flip') vb.queueFlip('A');
        v.display.send(type);
        next();
      });
    };
    next();
  };
  return { start: () => {
    source('primary-flip', d.flipHz, burst?.flipHz);
    source('cursor', d.cursorHz, burst?.cursorHz);
  } };
}
