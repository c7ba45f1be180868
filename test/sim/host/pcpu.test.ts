// A pCPU's contexts (host/pcpu.ts): hard-irq chains run to the end; softirq, thread and guest steps are paused by
// a deliverable interrupt and resumed later with the time they had left; an interrupt in guest mode exits first.
import { describe, expect, it } from 'vitest';
import { CostModel, type CostOverride } from '../../../src/sim/core/costModel';
import { COSTS } from '../../../src/sim/core/catalog/costs';
import type { Hop } from '../../../src/sim/core/hopLog';
import { Simulator } from '../../../src/sim/core/simulator';
import { PCpu, type PinnedVcpu } from '../../../src/sim/host/pcpu';
import { timedStep, type Step } from '../../../src/sim/host/step';
import { LapicPort } from '../../../src/sim/host/x86/lapicPort';
import { Lapic } from '../../../src/sim/hw/x86/lapic';

const ns = (value: number): CostOverride => ({ value, unit: 'ns' });

/** One pCPU on a LAPIC, with round costs: IRQ entry and EOI 50 ns, a host handler 1 µs. */
function cpu() {
  const sim = new Simulator(1000);
  const costs = new CostModel(COSTS, 1, {
    'x86.irq.entry': ns(50), 'x86.lapic.eoi': ns(50), 'host.driver.handler': ns(1000),
    'sched.switch': ns(2000), 'genirq.oneshot.finalize': ns(2000), 'guest.driver.handler': ns(10_000),
    'kvm.vmexit': ns(100), 'kvm.vmentry': ns(100), 'kvm.exit.handle': ns(0),
  });
  const lapic = new Lapic(0, 'host/cpu0/lapic', 'host', 'cpu0', false);
  const pcpu = new PCpu(sim, costs, 0, new LapicPort(lapic));
  sim.wires.connect(lapic.irq, pcpu.irqIn);
  const kHandler = sim.kind('host.handler');
  const handled: number[] = [];
  /** A host driver on `vector`: its handler takes 1 µs. */
  const driver = (vector: number) => pcpu.requestVector(vector, PCpu.handler(`host/dev${vector}/driver`, `dev ${vector}`, () => [
    pcpu.step(kHandler, 'host.driver.handler', 0, sim.sid(`0x${vector.toString(16)}`), { then: () => handled.push(sim.now) }),
  ]), false);
  /** An interrupt for `vector` arrives at time t. */
  const raise = (t: number, vector: number) => sim.at(t, () => lapic.ipiIn.fn(vector, []));
  const hops = (kind: string): Hop[] => {
    const out: Hop[] = [];
    for (let i = 0; i < sim.log.held; i++) if (sim.log.at(i).kind === kind) out.push(sim.log.at(i));
    return out;
  };
  const run = () => sim.runUntil(1e9, 1e6);
  return { sim, costs, pcpu, lapic, driver, raise, hops, handled, run };
}

/** A long step of `level` (2 µs) whose end time is noted. */
function longStep(c: ReturnType<typeof cpu>, level: Step['level'], ends: number[]): Step {
  return timedStep(c.costs, c.sim.kind('sched.switch'), 'sched.switch', c.pcpu.where, 0, c.sim.sid('long'), { level, then: () => ends.push(c.sim.now) });
}

describe('pCPU contexts', () => {
  it('runs a hard-irq chain to its end: a higher interrupt arriving meanwhile waits for it', () => {
    const c = cpu();
    c.driver(0x41);
    c.driver(0x61);
    c.raise(0, 0x41);
    c.raise(200, 0x61); // higher class than 0x41 in service, but nothing preempts a hard-irq handler
    c.run();
    const entries = c.hops('x86.irq.entry').map((h) => h.timeNs);
    expect(entries).toEqual([0, 1100]); // entry 50 + handler 1000 + EOI 50, then the next
    expect(c.handled).toEqual([1050, 2150]);
  });

  it('pauses a softirq for a hard interrupt and resumes it with the time it had left', () => {
    const c = cpu();
    c.driver(0x41);
    const ends: number[] = [];
    c.sim.at(0, () => c.pcpu.raiseSoftirq(() => [longStep(c, 'softirq', ends)]));
    c.raise(500, 0x41);
    c.run();
    // 2 µs of softirq, 1.1 µs of interrupt in the middle: it ends at 3.1 µs; its hop keeps its own 2 µs.
    expect(ends).toEqual([3100]);
    expect(c.handled).toEqual([1550]);
    expect(c.hops('sched.switch').map((h) => [h.timeNs, h.durNs])).toEqual([[0, 2000]]);
  });

  it('pauses a kernel thread the same way', () => {
    const c = cpu();
    c.driver(0x41);
    const ends: number[] = [];
    c.sim.at(0, () => c.pcpu.wakeThread(() => [longStep(c, 'thread', ends)]));
    c.raise(1500, 0x41);
    c.run();
    expect(ends).toEqual([3100]);
    expect(c.handled).toEqual([2550]);
  });

  it('forces a VM exit when an interrupt arrives in guest mode; the guest code resumes after re-entry with its remaining time', () => {
    const c = cpu();
    c.driver(0x41);
    const exits: string[] = [];
    const ends: number[] = [];
    const kEntry = c.sim.kind('kvm.vmentry');
    const kExit = c.sim.kind('kvm.vmexit');
    const kGuest = c.sim.kind('guest.handler');
    const where = c.sim.sid('vm0.vcpu0');
    const enter = (detail: string): Step => timedStep(c.costs, kEntry, 'kvm.vmentry', where, 0, c.sim.sid(detail), { then: () => { c.pcpu.mode = 'guest'; } });
    let work = true;
    let entered = false;
    const vcpu: PinnedVcpu = {
      entrySteps: () => (entered ? null : (entered = true, [enter('enter')])),
      reentrySteps: () => [enter('re-enter')],
      guestSteps: () => (work ? (work = false, [timedStep(c.costs, kGuest, 'guest.driver.handler', where, 0, c.sim.sid('guest code'), { level: 'guest', then: () => ends.push(c.sim.now) })]) : null),
      exitSteps: (reason) => {
        exits.push(reason);
        return [timedStep(c.costs, kExit, 'kvm.vmexit', where, 0, c.sim.sid(reason), { then: () => { c.pcpu.mode = 'host'; } })];
      },
    };
    c.pcpu.vcpu = vcpu;
    c.pcpu.poke();
    c.raise(5100, 0x41); // 5 µs into the guest's 10 µs
    c.run();
    expect(exits).toEqual(['EXTERNAL_INTERRUPT']);
    // exit 100, interrupt 1100, re-entry 100: the guest code ends 1.3 µs late.
    expect(c.handled).toEqual([5100 + 100 + 1050]);
    expect(ends).toEqual([100 + 10_000 + 1300]);
    expect(c.hops('kvm.vmentry').map((h) => h.detail)).toEqual(['enter', 're-enter']);
  });

  it('takes an interrupt in guest mode without an exit when the vCPU can (a posted-interrupt notification)', () => {
    const c = cpu();
    const taken: number[] = [];
    let entered = false;
    c.pcpu.vcpu = {
      entrySteps: () => (entered ? null : (entered = true, [timedStep(c.costs, c.sim.kind('kvm.vmentry'), 'kvm.vmentry', 0, 0, 0, { then: () => { c.pcpu.mode = 'guest'; } })])),
      reentrySteps: () => [],
      guestSteps: () => null,
      exitSteps: () => { throw new Error('no exit expected'); },
      takeInGuest: (v) => { taken.push(v); c.lapic.ack(); c.lapic.writeEoi(); return true; },
    };
    c.pcpu.poke();
    c.raise(1000, 0xf2);
    c.run();
    expect(taken).toEqual([0xf2]);
    expect(c.hops('x86.irq.entry')).toEqual([]);
  });
});
