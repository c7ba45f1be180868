// The GVT-g time-based vGPU scheduler (gvt/sched_policy.c tbs) as a render loop sees it: the engine serves one vGPU
// at a time and changes hands with a render MMIO context switch; 7 VMs share it and each one's frames/s falls; an
// idle vGPU keeps its share of the balance period, so a lone busy vGPU is held to its slice (fifo is not).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../../src/sim/core/catalog/costs';
import { Lab } from '../../../src/sim/lab/lab';

const fixture = (n: number) => readFileSync(new URL(`../../fixtures/gvt/render-loop-${n}vm.yaml`, import.meta.url), 'utf8');

function runOf(text: string, set: Record<string, string> = {}) {
  const r = Lab.load(text, { set: { duration: '120ms', ...set } });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  const s = r.lab.runToEnd();
  return { lab: r.lab, s, loops: s.renderLoops! };
}

describe('GVT-g vGPU scheduler (tbs)', () => {
  it('7 VMs share the engine: it renders one frame at a time, changes hands through context switches, and each VM gets a seventh', () => {
    const { lab, loops } = runOf(fixture(7));
    const one = runOf(fixture(1)).loops.perVm.vm0!.framesPerSec;
    const fps = Object.values(loops.perVm).map((v) => v.framesPerSec);
    expect(fps).toHaveLength(7);
    for (const f of fps) expect(f).toBeLessThan(one / 5);
    expect(Math.max(...fps) / Math.min(...fps)).toBeLessThan(1.05);
    expect(loops.scheduler!.policy).toBe('tbs');
    expect(loops.scheduler!.switches).toBeGreaterThan(20);
    // Frame runs never overlap on the engine.
    const runs = lab.queryHops({ start: 0, count: 100_000, filter: { kind: 'gpu.frame.run' } }).rows;
    for (let i = 1; i < runs.length; i++) expect(runs[i]!.timeNs).toBeGreaterThanOrEqual(runs[i - 1]!.timeNs + runs[i - 1]!.durNs);
    expect(lab.sim.log.kindTotals()['gvt.sched.switch']!.count).toBe(loops.scheduler!.switches);
  });

  it('a lone busy vGPU next to an idle one is held to its half of each balance period; fifo lets it run', () => {
    const text = fixture(7);
    const two = text.replace(/\n {4}- \{ vm: vm[2-6],[^\n]*/g, '').replace(/\n {2}- \{ id: vm[2-6],[^\n]*/g, '')
      .replace('- { vm: vm1, guestVector: 0x52, renderLoop: { engine: RCS } }', '- { vm: vm1, guestVector: 0x52 }').replace('cpus: 8', 'cpus: 3');
    const tbs = runOf(two, { duration: '300ms' }).loops;
    const fifo = runOf(two, { duration: '300ms', 'gvt.scheduler.policy': 'fifo' }).loops;
    expect(Object.keys(tbs.perVm)).toEqual(['vm0']);
    const busy = tbs.scheduler!.busyNs.vm0! / 300e6;
    expect(busy).toBeGreaterThan(0.4);
    expect(busy).toBeLessThan(0.55);
    expect(fifo.scheduler).toBeNull();
    expect(tbs.perVm.vm0!.completed).toBeLessThan(0.6 * fifo.perVm.vm0!.completed);
  });

  it('weights share the engine in proportion', () => {
    const { loops } = runOf(fixture(7), { 'gvt.scheduler.weights': '[1, 4, 1, 1, 1, 1, 1, 1]', duration: '300ms' });
    const busy = loops.scheduler!.busyNs;
    expect(busy.vm0! / busy.vm1!).toBeGreaterThan(2);
    expect(COSTS['gvt.sched.switch'].estimate).toBe(true);
  });
});
