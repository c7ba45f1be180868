// The native twin of a GVT-g render-loop scenario: the same loops run by the host's i915 with no mediation (no trap,
// no vGPU, no scheduler), so frames/s reads as % of native — for one VM and for seven sharing the GPU.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../../src/sim/core/catalog/costs';
import { summarize } from '../../../src/sim/lab/summary';
import { buildMachine } from '../../../src/sim/scenario/build';
import { gvtNativeTwin } from '../../../src/sim/scenario/gvtNativeTwin';
import type { Scenario } from '../../../src/sim/scenario/schema';
import { loadScenario } from '../../../src/sim/scenario/validate';

const fixture = (n: number) => readFileSync(new URL(`../../fixtures/gvt/render-loop-${n}vm.yaml`, import.meta.url), 'utf8');
const UNTIL = 150_000_000;

function scenarioOf(n: number, set: Record<string, string> = {}): Scenario {
  const r = loadScenario(fixture(n), { set });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.scenario;
}

function run(s: Scenario) {
  const m = buildMachine(s);
  m.start(UNTIL, true);
  while (m.sim.queue.length && m.sim.queue.peekTime() < 10 * UNTIL) m.sim.runUntil(Infinity, 1 << 16);
  return { m, s: summarize(m, []) };
}

describe('gvtNativeTwin', () => {
  it('turns the gvt section native, drops the scheduler and lets the loops\' VMs halt; leaves a scenario without gvt alone', () => {
    const s = scenarioOf(7);
    const t = gvtNativeTwin(s);
    expect(t.gvt!.native).toBe(true);
    expect(t.gvt!.scheduler).toBeUndefined();
    expect(t.vms.every((v) => v.idle === 'halt')).toBe(true);
    expect(s.gvt!.native).toBe(false);
    const plain = { ...s, gvt: undefined };
    expect(gvtNativeTwin(plain)).toBe(plain);
  });

  it('native: no VM exit but the idle VM\'s halt, no mediator hop; the frames go through the host i915\'s own handler', () => {
    const { m, s } = run(gvtNativeTwin(scenarioOf(1)));
    const mediated = run(scenarioOf(1)).s;
    expect(s.renderLoops!.native).toBe(true);
    expect(s.vmExits.total).toBeLessThanOrEqual(1);
    expect(Object.keys(s.vmExits.byReason).every((r) => /HLT/.test(r))).toBe(true);
    expect(mediated.vmExits.byReason.EPT_MISCONFIG).toBeGreaterThan(10 * mediated.renderLoops!.perVm.vm0!.completed);
    const kinds = m.sim.log.kindTotals();
    expect(Object.keys(kinds).filter((k) => k.startsWith('gvt.'))).toEqual([]);
    expect(kinds['host.i915.irq.native']!.count).toBe(s.renderLoops!.perVm.vm0!.completed);
    expect(kinds['host.frame.cpu']!.count).toBeGreaterThan(10);
  });

  it('one VM: mediated frames/s is below native but within a few % for a GPU-bound loop; the gap grows as frames shorten', () => {
    const pct = (set: Record<string, string>) => {
      const s = scenarioOf(1, set);
      const med = run(s).s.renderLoops!.perVm.vm0!.framesPerSec;
      const nat = run(gvtNativeTwin(s)).s.renderLoops!.perVm.vm0!.framesPerSec;
      return med / nat;
    };
    const long = pct({});
    expect(long).toBeLessThan(1);
    expect(long).toBeGreaterThan(0.9);
    const short = pct({ 'costs["gpu.frame.render"]': '1ms' });
    expect(short).toBeLessThan(long);
    // A native frame takes the GPU's and the CPU's time and little else.
    const nat = run(gvtNativeTwin(scenarioOf(1))).s.renderLoops!.perVm.vm0!;
    expect(nat.framesPerSec).toBeLessThan(1e9 / (COSTS['gpu.frame.render'].value + COSTS['app.frame.cpu'].value));
    expect(nat.framesPerSec).toBeGreaterThan(0.98e9 / (COSTS['gpu.frame.render'].value + COSTS['app.frame.cpu'].value));
  });

  it('seven VMs: each gets about a seventh of the GPU, natively and mediated, and the mediated total stays below native', () => {
    const s = scenarioOf(7);
    const med = run(s).s.renderLoops!;
    const nat = run(gvtNativeTwin(s)).s.renderLoops!;
    expect(med.totalFramesPerSec).toBeLessThan(nat.totalFramesPerSec);
    expect(med.totalFramesPerSec / nat.totalFramesPerSec).toBeGreaterThan(0.9);
    for (const vm of Object.keys(nat.perVm)) expect(nat.perVm[vm]!.framesPerSec).toBeLessThan(nat.totalFramesPerSec / 6);
  });
});
