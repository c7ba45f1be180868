// The closed render loop: one frame in flight; the next is submitted only after the driver's handler has seen the
// completion and the CPU work has run; with vsync it waits for the next vblank; nothing is submitted after the sources.
import { describe, expect, it } from 'vitest';
import { Simulator } from '../../../src/sim/core/simulator';
import { RenderLoop } from '../../../src/sim/host/renderLoop';

/** A loop whose GPU takes `gpu` ns and whose handler runs `irq` ns after completion; its CPU work takes `cpu` ns. */
function loopOf(sim: Simulator, gpu: number, irq: number, cpu: number, vblank: number | null) {
  const submits: number[] = [];
  const loop: RenderLoop = new RenderLoop(sim, 'vm0', {
    cpuWork: (_f, done) => sim.after(cpu, done),
    submit: () => {
      submits.push(sim.now);
      sim.after(gpu, () => { loop.gpuFinished(); sim.after(irq, () => loop.handled()); });
    },
  }, vblank);
  return { loop, submits };
}

function run(sim: Simulator, until: number): void {
  sim.sourcesUntil = until;
  while (sim.queue.length) sim.runUntil(Infinity, 1000);
}

describe('render loop', () => {
  it('submits the next frame after the GPU, the handler and the CPU work: one frame per gpu + irq + cpu', () => {
    const sim = new Simulator(1000);
    const { loop, submits } = loopOf(sim, 4000, 100, 900, null);
    sim.at(0, () => loop.start());
    run(sim, 100_000);
    expect(submits.slice(0, 3)).toEqual([0, 5000, 10000]);
    const f = loop.figures();
    expect(f.framesPerSec).toBeCloseTo(1e9 / 5000, 0);
    expect(f.meanFrameNs).toBe(4100);
    expect(submits.every((t) => t < 100_000)).toBe(true);
  });

  it('a handler that did not see this loop\'s frame finish starts nothing', () => {
    const sim = new Simulator(1000);
    const submits: number[] = [];
    const loop = new RenderLoop(sim, 'vm0', { cpuWork: (_f, done) => done(), submit: () => submits.push(sim.now) }, null);
    sim.sourcesUntil = 1e9;
    loop.start();
    loop.handled();
    expect(submits).toHaveLength(1);
    loop.gpuFinished();
    loop.handled();
    expect(submits).toHaveLength(2);
  });

  it('vsync: the next frame waits for the next vblank, where it is presented (a flip)', () => {
    const sim = new Simulator(1000);
    const { loop, submits } = loopOf(sim, 4000, 100, 900, 16_000);
    sim.at(0, () => loop.start());
    run(sim, 100_000);
    expect(submits.slice(0, 3)).toEqual([0, 16_000, 32_000]);
    expect(loop.figures().flips).toBe(submits.length - 1);
    expect(loop.figures().framesPerSec).toBeCloseTo(1e9 / 16_000, 0);
  });
});
