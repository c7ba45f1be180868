// Step builders are typed by the hop-kind catalog: a step's cost must be one its kind declares, so a misspelt kind
// or a cost the kind does not name fails `npm run typecheck` (the @ts-expect-error lines below hold that).
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../src/sim/core/costModel';
import { COSTS } from '../../../src/sim/core/catalog/costs';
import { Simulator } from '../../../src/sim/core/simulator';
import { instantStep, scopedStep, silentStep, timedStep } from '../../../src/sim/host/step';

const sim = new Simulator(100);
const costs = new CostModel(COSTS, 2, { 'host.driver.handler@disk0': { value: 7, unit: 'ns' } });

describe('step builders', () => {
  it('a timed step lasts the cost its kind declares; a scoped one the override for its device', () => {
    const k = sim.kind('genirq.flow');
    const s = timedStep(costs, k, 'genirq.flow', 1, 2, 3);
    expect(s).toMatchObject({ kind: k, where: 1, flow: 2, detail: 3, dur: costs.ns('genirq.flow') });
    expect(scopedStep(costs, sim.kind('host.handler'), 'host.driver.handler', 'disk0', 1, 2, 3).dur).toBe(7);
    expect(instantStep(sim.kind('genirq.request'), 1, 0, 3).dur).toBe(0);
    expect(silentStep(1, {})).toMatchObject({ kind: 0, silent: true, dur: 0 });
  });

  it('refuses, at type-check time, a cost the kind does not declare and a kind that does not exist', () => {
    const k = sim.kind('genirq.flow');
    // @ts-expect-error: genirq.flow takes its time from genirq.flow, not from kvm.vmexit
    timedStep(costs, k, 'kvm.vmexit', 1, 2, 3);
    // @ts-expect-error: no such hop kind
    expect(() => sim.kind('genirq.flwo')).not.toThrow();
    // @ts-expect-error: irq.unhandled marks an instant: it declares no cost
    timedStep(costs, sim.kind('irq.unhandled'), 'x86.irq.entry', 1, 2, 3);
  });
});
