// What the host injection strategies (hostInjection.ts, nestedEmulation.ts) reach of the host side: its vGPU, its
// driver's MMIO path and hooks, the effects of accesses.
import type { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import type { Lapic } from '../hw/x86/lapic';
import type { GvtHops } from './hops';
import type { IrqHandlerHooks, MmioPath } from './i915Irq';
import type { Mediator } from './mediator';
import type { EmulationEffect, Vgpu } from './vgpu';

export interface HostSide {
  hops: GvtHops;
  mediator: Mediator;
  hostLapic: Lapic;
  selfIpiVector: number;
  host(): Vgpu | null;
  hostPath(cpu: PCpu, v: Vgpu): MmioPath;
  hooks(): IrqHandlerHooks;
  effectSteps(effects: EmulationEffect[], cpu: PCpu): Step[];
  /** What follows the host i915 handler on `cpu` (the host render loop's next frame; none without one). */
  afterHandler?(cpu: PCpu): Step[];
}
