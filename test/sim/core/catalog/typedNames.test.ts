// Cost names and hop kinds are closed types: a misspelt one is a compile error. The @ts-expect-error lines below
// make `npm run typecheck` fail if a misspelling ever compiles again.
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import type { CostOf } from '../../../../src/sim/core/catalog/hopKinds';
import { CostModel } from '../../../../src/sim/core/costModel';
import { Simulator } from '../../../../src/sim/core/simulator';

describe('typed catalogs', () => {
  it('a misspelt cost name or hop kind does not compile', () => {
    const costs = new CostModel(COSTS, 3);
    const sim = new Simulator(16);
    // @ts-expect-error — not a cost entry
    expect(costs.ns('kvm.vmexitt')).toBeUndefined();
    // @ts-expect-error — not a hop kind
    expect(sim.kind('kvm.vmexitt')).toBeGreaterThanOrEqual(0);
    // A step of kind kvm.vmexit may only take the kvm.vmexit cost.
    const ok: CostOf<'kvm.vmexit'> = 'kvm.vmexit';
    // @ts-expect-error — a cost the kind does not declare
    const wrong: CostOf<'kvm.vmexit'> = 'kvm.vmentry';
    expect([ok, wrong]).toHaveLength(2);
    expect(costs.ns('kvm.vmexit')).toBeGreaterThan(0);
  });
});
