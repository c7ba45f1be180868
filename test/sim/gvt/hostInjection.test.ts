// The host injection strategies (seed 000), each chosen once when the mediator is built: how the host vGPU's virtual
// interrupt reaches the host i915 handler.
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../../src/sim/core/catalog/costs';
import { CostModel } from '../../../src/sim/core/costModel';
import { Simulator } from '../../../src/sim/core/simulator';
import { GvtHost } from '../../../src/sim/gvt/gvtHost';
import type { HostInjectionKind } from '../../../src/sim/gvt/hostInjection';
import { Mediator } from '../../../src/sim/gvt/mediator';
import { PCpu } from '../../../src/sim/host/pcpu';
import type { Step } from '../../../src/sim/host/step';
import { LapicPort } from '../../../src/sim/host/x86/lapicPort';
import { Gen8Gpu } from '../../../src/sim/hw/gpu/gen8Gpu';
import { Lapic } from '../../../src/sim/hw/x86/lapic';

const GT0_IMR = 0x44304;
const GT0_IER = 0x4430c;
const MASTER = 0x44200;
const RCS_ELSP = 0x2230;

function mediated(kind: HostInjectionKind) {
  const sim = new Simulator(1 << 12);
  const costs = new CostModel(COSTS, 3);
  const lapic = new Lapic(0, 'host/cpu0/lapic', 'host', 'cpu0', false);
  const cpu = new PCpu(sim, costs, 0, new LapicPort(lapic));
  const m = new Mediator(new Gen8Gpu('host/gpu0'));
  const host = m.addVgpu({ id: 0, owner: 'host' });
  m.addVgpu({ id: 1, owner: 'vm0' });
  const gvt = new GvtHost(sim, costs, m, 'gpu0', cpu, kind, lapic, 0x4e);
  // The host i915 enables its render user and context-switch interrupts and the master.
  m.write(host, GT0_IMR, 0xffff_fefen);
  m.write(host, GT0_IER, 0x101n);
  m.write(host, MASTER, 0x8000_0000n);
  const kinds = (steps: Step[]) => steps.map((s) => sim.log.strings.str(s.kind));
  const logged = (k: string) => { let n = 0; for (let i = 0; i < sim.log.held; i++) if (sim.log.at(i).kind === k) n++; return n; };
  const run = () => sim.runUntil(1e9, 1e6);
  return { sim, cpu, lapic, m, host, gvt, kinds, logged, run };
}

describe('host injection strategies', () => {
  it('tasklet: the kick schedules one tasklet however often it is kicked; the softirq runs the host i915 handler once', () => {
    const t = mediated('tasklet');
    const steps = t.host.hostIrq.send([], t.cpu);
    expect(t.kinds(steps)).toEqual(['gvt.host.tasklet.schedule']);
    steps[0]!.then!();
    steps[0]!.then!(); // TASKLET_STATE_SCHED: already scheduled
    t.run();
    expect([t.logged('gvt.host.tasklet'), t.logged('host.i915.handler')]).toEqual([1, 1]);
    expect(t.sim.wires.path('host/gvt/vgpu0', 'host/gpu0/i915')).not.toBeNull();
  });

  it('hardirq-tail: the kick calls the host i915 handler right there (its accesses through the hooks, then its body)', () => {
    const t = mediated('hardirq-tail');
    const steps = t.host.hostIrq.send([], t.cpu);
    expect(t.kinds(steps)).toEqual(['gvt.host.hardirqTail']);
    const handler = t.kinds(steps[0]!.next!());
    expect(handler[0]).toBe('gvt.mmio.hostHook'); // master off, through the mediator's hook
    expect(handler[handler.length - 1]).toBe('host.i915.handler');
  });

  it('hardirq-tail: an emulated ELSP write that raises the host\'s virtual interrupt runs the handler inside it (nested); tasklet does not', () => {
    for (const [kind, nested] of [['hardirq-tail', 1], ['tasklet', 0]] as const) {
      const t = mediated(kind);
      for (const d of [0n, 0n, 0n, 1n]) t.m.write(t.host, RCS_ELSP, d);
      expect([kind, t.gvt.nestedEmulations]).toEqual([kind, nested]);
      expect(t.m.stats.nested > 0).toBe(nested > 0);
    }
  });

  it('self-ipi: the kick raises the faked vector in the host LAPIC; the CPU takes it into the host i915 handler', () => {
    const t = mediated('self-ipi');
    const steps = t.host.hostIrq.send([], t.cpu);
    expect(t.kinds(steps)).toEqual(['gvt.host.selfIpi']);
    steps[0]!.then!();
    expect(t.lapic.deliverable()).toBe(0x4e);
    t.run();
    expect(t.logged('host.i915.handler')).toBe(1);
    expect(t.sim.wires.outOf('host/cpu0').map((e) => e.to.node)).toContain('host/gpu0/i915-self-ipi');
  });

  it('a guest vGPU without an msi_trigger set injects nothing and says so', () => {
    const t = mediated('tasklet');
    const vm = t.m.vgpu('vm0');
    const steps = t.gvt.injectSteps(vm, { injected: true, via: 'msi', address: 0xfee00000, data: 0x52, destId: 0, vector: 0x52, flows: [] }, t.cpu);
    expect(t.kinds(steps)).toEqual(['gvt.inject.noTrigger']);
  });
});
