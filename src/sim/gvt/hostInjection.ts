// How the host's own virtual interrupts reach the host i915 (seed 000): tasklet | hardirq-tail | self-ipi, chosen at
// build. On the wiring the strategy is a node ("host/gvt/host-injection", its kind the strategy's name): the host
// vGPU's virtual interrupt kicks it, and it leads to the host i915 handler ("host/gpu0/i915"), or, for self-ipi, to
// the faked vector's handler ("host/gpu0/i915-self-ipi") through a self IPI.
import type { FlowGroup } from '../core/flows';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../core/wires';
import { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import { gen8IrqHandler } from './i915Irq';
import type { HostSide } from './hostSide';
import { NestedEmulation } from './nestedEmulation';
import type { EmulationEffect } from './vgpu';

export type { HostSide } from './hostSide';

export type HostInjectionKind = 'tasklet' | 'hardirq-tail' | 'self-ipi';

/** The host vGPU's virtual interrupt, run on `cpu` in the context that decided it: the steps of the kick-off. */
export type HostKick = (flows: FlowGroup, cpu: PCpu) => Step[];
/** The host i915 interrupt handler run on `cpu`. */
export type HostHandler = (cpu: PCpu) => Step[];

export interface HostInjection {
  /** The strategy as a part of the wiring. */
  readonly node: WireNode;
  /** The kick-off for flows injected to the host. */
  readonly kick: InPort<HostKick>;
  /** The host i915 handler, its accesses through the mediator's hooks, then its body. */
  handlerSteps(cpu: PCpu): Step[];
  /** For an inject effect whose handler already ran inside emulation (hardirq-tail): the steps charging it; else null. */
  takeNested(e: EmulationEffect): Step[] | null;
  /** Times the host i915 handler ran inside another access's emulation (hardirq-tail only). */
  readonly nestedEmulations: number;
}

/** The one place the host-injection switch is decided: when the machine is built. */
export function createHostInjection(kind: HostInjectionKind, h: HostSide): HostInjection {
  const { hops } = h;
  const { sim, gpuId } = hops;
  const node = wireNode('host/gvt/host-injection', kind, 'host', `host i915 injection (${kind})`);
  const handlerSteps = (cpu: PCpu): Step[] => {
    const host = h.host();
    if (!host) return [];
    return [...gen8IrqHandler(h.hostPath(cpu, host), host, h.hooks()),
      hops.step('host.i915.handler', 'host.driver.handler', 0, 'host i915: process the events it read', { where: cpu.where, vm: 'host', scope: gpuId }),
      ...(h.afterHandler?.(cpu) ?? [])];
  };
  const kicked = (kick: HostKick) => inPort<HostKick>(node, 'kick', 'irq', kick);
  // The host i915 handler, called directly by the tasklet and the hard-irq tail.
  const callHandler = (): OutPort<HostHandler> => {
    const out = outPort<HostHandler>(node, 'handler', 'call', () => []);
    sim.wires.connect(out, inPort<HostHandler>(wireNode(`host/${gpuId}/i915`, 'irq-handler', 'host', `host i915 (${gpuId})`), 'irq', 'call', handlerSteps));
    return out;
  };
  const plain = { node, handlerSteps, takeNested: () => null, nestedEmulations: 0 };
  switch (kind) {
    case 'tasklet': {
      const handler = callHandler();
      let scheduled = false;
      return { ...plain, kick: kicked((flows, cpu) => [hops.step('gvt.host.tasklet.schedule', null, flows[0] ?? 0, 'tasklet_schedule(host i915 irq tasklet)', {
        where: cpu.where, vm: 'host',
        then: () => {
          if (scheduled) return; // TASKLET_STATE_SCHED: one run reads every pending vIIR
          scheduled = true;
          hops.cpu.raiseSoftirq(() => {
            scheduled = false;
            return [hops.step('gvt.host.tasklet', 'gvt.host.tasklet', flows[0] ?? 0, 'tasklet_action → host i915 irq handler', { vm: 'host', level: 'softirq' }),
              ...handler.send(hops.cpu)];
          });
        },
      })]) };
    }
    case 'hardirq-tail': {
      const handler = callHandler();
      // Synchronous also inside emulation: an emulated write that raises the host's virtual interrupt runs the
      // handler right there, and its register accesses are emulated again (nested).
      const nested = new NestedEmulation(h);
      const host = h.host();
      if (host) sim.wires.connect(host.emitted, inPort(node, 'emulating', 'call', (e: EmulationEffect) => nested.maybeRun(e)));
      return {
        node, handlerSteps,
        kick: kicked((flows, cpu) => [hops.step('gvt.host.hardirqTail', 'gvt.host.hardirqTail', flows[0] ?? 0, 'call the host i915 irq handler directly', {
          where: cpu.where, vm: 'host', next: () => handler.send(cpu),
        })]),
        takeNested: (e) => nested.take(e),
        get nestedEmulations() { return nested.count; },
      };
    }
    case 'self-ipi':
      // The faked IRQ's handler is the host i915 handler, requested on the self-IPI vector (the IPI itself goes
      // through the host LAPIC, not drawn as a wire here).
      hops.cpu.requestVector(h.selfIpiVector, PCpu.handler(`host/${gpuId}/i915-self-ipi`, 'i915 (faked irq2)', () => handlerSteps(hops.cpu)), false);
      return { ...plain, kick: kicked((flows, cpu) => [hops.step('gvt.host.selfIpi', 'gvt.host.selfIpi', flows[0] ?? 0, `self IPI → vector 0x${h.selfIpiVector.toString(16)}`, {
        where: cpu.where, vm: 'host',
        then: () => {
          h.hostLapic.accept(h.selfIpiVector, false, flows.slice());
          hops.cpu.poke();
        },
      })]) };
  }
}
