// How the host's own virtual interrupts reach the host i915 (seed 000): tasklet | hardirq-tail | self-ipi, chosen at build.
import { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import type { Lapic } from '../hw/x86/lapic';
import type { FlowGroup } from '../core/flows';
import type { GvtHops } from './hops';
import { gen8IrqHandler, type IrqHandlerHooks, type MmioPath } from './i915Irq';
import type { Mediator } from './mediator';
import { NestedEmulation } from './nestedEmulation';
import type { EmulationEffect, Vgpu } from './vgpu';

export type HostInjectionKind = 'tasklet' | 'hardirq-tail' | 'self-ipi';

/** What the strategies reach of the host side: its vGPU, its driver's MMIO path and hooks, the effects of accesses. */
export interface HostSide {
  hops: GvtHops;
  mediator: Mediator;
  hostLapic: Lapic;
  selfIpiVector: number;
  host(): Vgpu | null;
  hostPath(cpu: PCpu, v: Vgpu): MmioPath;
  hooks(): IrqHandlerHooks;
  effectSteps(effects: EmulationEffect[], cpu: PCpu): Step[];
}

export interface HostInjection {
  /** The kick-off for flows injected to the host, run on `cpu` in the context that decided it. */
  kick(flows: FlowGroup, cpu: PCpu): Step[];
  /** The host i915 handler, its accesses through the mediator's hooks, then its body. */
  handlerSteps(cpu: PCpu): Step[];
  /** For an inject effect whose handler already ran inside emulation (hardirq-tail): the steps charging it; else null. */
  takeNested(e: EmulationEffect): Step[] | null;
  /** Times the host i915 handler ran inside another access's emulation (hardirq-tail only). */
  readonly nestedEmulations: number;
}

/** The one place the host-injection switch is decided: when the machine is built. */
export function createHostInjection(kind: HostInjectionKind, h: HostSide): HostInjection {
  const handlerSteps = (cpu: PCpu): Step[] => {
    const host = h.host();
    if (!host) return [];
    return [...gen8IrqHandler(h.hostPath(cpu, host), host, h.hooks()),
      h.hops.step('host.i915.handler', 'host.driver.handler', 0, 'host i915: process the events it read', { where: cpu.where, vm: 'host', scope: h.hops.gpuId })];
  };
  const plain = { handlerSteps, takeNested: () => null, nestedEmulations: 0 };
  const { hops } = h;
  switch (kind) {
    case 'tasklet': {
      let scheduled = false;
      return { ...plain, kick: (flows, cpu) => [hops.step('gvt.host.tasklet.schedule', null, flows[0] ?? 0, 'tasklet_schedule(host i915 irq tasklet)', {
        where: cpu.where, vm: 'host',
        then: () => {
          if (scheduled) return; // TASKLET_STATE_SCHED: one run reads every pending vIIR
          scheduled = true;
          hops.cpu.raiseSoftirq(() => {
            scheduled = false;
            return [hops.step('gvt.host.tasklet', 'gvt.host.tasklet', flows[0] ?? 0, 'tasklet_action → host i915 irq handler', { vm: 'host', level: 'softirq' }),
              ...handlerSteps(hops.cpu)];
          });
        },
      })] };
    }
    case 'hardirq-tail': {
      // Synchronous also inside emulation: an emulated write that raises the host's virtual interrupt runs the
      // handler right there, and its register accesses are emulated again (nested).
      const nested = new NestedEmulation(h);
      const host = h.host();
      if (host) host.onEmit = (e) => nested.maybeRun(e);
      return {
        handlerSteps,
        kick: (flows, cpu) => [hops.step('gvt.host.hardirqTail', 'gvt.host.hardirqTail', flows[0] ?? 0, 'call the host i915 irq handler directly', {
          where: cpu.where, vm: 'host', next: () => handlerSteps(cpu),
        })],
        takeNested: (e) => nested.take(e),
        get nestedEmulations() { return nested.count; },
      };
    }
    case 'self-ipi':
      hops.cpu.requestVector(h.selfIpiVector, PCpu.handler(`host/${hops.gpuId}/i915-self-ipi`, 'i915 (faked irq2)', () => handlerSteps(hops.cpu)), false);
      return { ...plain, kick: (flows, cpu) => [hops.step('gvt.host.selfIpi', 'gvt.host.selfIpi', flows[0] ?? 0, `self IPI → vector 0x${h.selfIpiVector.toString(16)}`, {
        where: cpu.where, vm: 'host',
        then: () => {
          h.hostLapic.accept(h.selfIpiVector, false, flows.slice());
          hops.cpu.poke();
        },
      })] };
  }
}
