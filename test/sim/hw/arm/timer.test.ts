import { describe, expect, it } from 'vitest';
import { GICV3 } from '../../../../src/sim/hw/arm/gicVersion';
import { Simulator } from '../../../../src/sim/core/simulator';
import { ArmGic } from '../../../../src/sim/hw/arm/gic';
import { ArchTimer } from '../../../../src/sim/hw/arm/timer';
import { ARM_COSTS } from '../../../../src/sim/core/catalog/armCosts';
import { CostModel } from '../../../../src/sim/core/costModel';

function setup() {
  const sim = new Simulator(1024);
  const g = new ArmGic({ version: GICV3, cpus: 2 });
  g.dist.setEnabledGlobally(true);
  const t = new ArchTimer(sim, 'virtual', 1, { newFlow: () => sim.raiseFlow(sim.sid('cntv'), sim.sid('vm0')) });
  g.attachTimer(t);
  g.dist.enable(27, true, 1);
  return { sim, g, t };
}

describe('architected timer as a PPI source', () => {
  it('the virtual timer is PPI 27 and the physical one PPI 30, with CTL ENABLE 0, IMASK 1, ISTATUS 2', () => {
    const sim = new Simulator(16);
    const v = new ArchTimer(sim, 'virtual', 0);
    const p = new ArchTimer(sim, 'physical', 0);
    expect([v.ppi, p.ppi]).toEqual([27, 30]);
    const ctl = v.regs.decl.registers.find((r) => r.name === 'CNTV_CTL_EL0')!;
    expect(ctl.fields.map((f) => [f.name, f.lsb])).toEqual([['ISTATUS', 2], ['IMASK', 1], ['ENABLE', 0]]);
    expect(ctl.meaning).toContain('S3_3_C14_C3_1');
    expect(p.regs.decl.registers.find((r) => r.name === 'CNTP_CVAL_EL0')!.meaning).toContain('S3_3_C14_C2_2');
  });

  it('asserts its PPI level when the counter reaches CVAL, on its own CPU only, with a new flow', () => {
    const { sim, g, t } = setup();
    t.armIn(1000); // program CVAL first: enabling with CVAL = 0 would fire at once
    t.setControl(true);
    sim.runUntil(999, 100);
    expect(t.asserted).toBe(false);
    expect(g.dist.isPending(27, 1)).toBe(false);
    sim.runUntil(1000, 100);
    expect(t.istatus).toBe(true);
    expect(g.dist.isPending(27, 1)).toBe(true);
    expect(g.dist.isPending(27, 0)).toBe(false);
    expect(g.dist.pendingFlowsOf(27, 1)).toEqual([1]);
  });

  it('stays asserted until software moves CVAL ahead, masks or disables it (a level source)', () => {
    const { sim, g, t } = setup();
    t.setControl(true);
    t.armIn(100);
    sim.runUntil(100, 100);
    sim.runUntil(5000, 100);
    expect(g.dist.lineLevel(27, 1)).toBe(true);
    t.setControl(true, true); // IMASK: ISTATUS stays, the output drops
    expect(t.istatus).toBe(true);
    expect(g.dist.lineLevel(27, 1)).toBe(false);
    t.setControl(true, false);
    expect(g.dist.lineLevel(27, 1)).toBe(true);
    t.rearm(10_000); // a periodic driver's handler: next compare one period later
    expect(t.istatus).toBe(false);
    expect(g.dist.lineLevel(27, 1)).toBe(false);
    sim.runUntil(10_099, 100);
    expect(t.asserted).toBe(false);
    sim.runUntil(10_100, 100);
    expect(t.asserted).toBe(true);
  });

  it('a reprogrammed compare cancels the older one', () => {
    const { sim, t } = setup();
    t.setControl(true);
    t.armIn(100);
    t.armIn(500);
    sim.runUntil(499, 100);
    expect(t.asserted).toBe(false);
    sim.runUntil(500, 100);
    expect(t.asserted).toBe(true);
  });

  it('counts at 1 GHz by default, minus CNTVOFF for the virtual timer', () => {
    const sim = new Simulator(16);
    const t = new ArchTimer(sim, 'virtual', 0, { offsetTicks: 100n });
    expect(t.counter(1000)).toBe(900n);
    const slow = new ArchTimer(sim, 'physical', 0, { freqHz: 25_000_000 });
    expect(slow.counter(1000)).toBe(25n);
    expect(slow.timeOf(25n)).toBe(1000);
  });
});

describe('ARM cost entries', () => {
  it('every entry has a unit, a source and a meaning, and resolves in a cost model', () => {
    for (const [name, e] of Object.entries(ARM_COSTS)) {
      expect(name).toMatch(/^arm\./);
      expect(['ns', 'cycles']).toContain(e.unit);
      expect(e.source.length).toBeGreaterThan(10);
      expect(e.meaning.length).toBeGreaterThan(5);
      if (!(e.estimate as boolean)) expect(e.source).toMatch(/F\d+/);
    }
    const m = new CostModel(ARM_COSTS, 3);
    expect(m.ns('arm.kvm.exit')).toBe(1083);
  });
});
