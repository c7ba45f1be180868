// The mediator's hop vocabulary for one GPU: its hop kinds, interned once at build, and the step builder.
import type { CostModel } from '../core/costModel';
import type { Simulator } from '../core/simulator';
import type { CostOf, HopKind } from '../core/catalog/hopKinds';
import type { PCpu } from '../host/pcpu';
import { makeStep, type Step } from '../host/step';

/** The kinds the mediator's parts record, interned once when the machine is built. */
const KINDS = ['gvt.pirq.handler', 'gvt.irq.propagate', 'gvt.irq.masked', 'gvt.irq.latch', 'gvt.irq.coalesce', 'gvt.inject.blocked',
  'eventfd.signal', 'gvt.mmio.hostHook', 'gvt.mmio.emulate', 'gvt.elsp.submit', 'gvt.emulation.nested',
  'gvt.host.tasklet', 'gvt.host.tasklet.schedule', 'gvt.host.hardirqTail', 'gvt.host.selfIpi', 'host.i915.handler',
  'gpu.elsp.write', 'gpu.engine.run', 'gpu.engine.complete', 'gpu.irq.masked', 'gpu.iir.coalesce',
  'gvt.vblank.timer', 'gvt.pipeconf', 'gvt.g2v.notify', 'gvt.display.ready', 'gvt.inject.noTrigger',
  'host.i915.probe', 'guest.i915.probe', 'host.i915.submit', 'guest.i915.submit',
  'gpu.frame.run', 'gpu.frame.flip', 'gvt.sched.switch', 'guest.frame.cpu', 'host.frame.cpu'] as const satisfies readonly HopKind[];

export type GvtHopKind = (typeof KINDS)[number];

export interface StepOptions {
  where?: number;
  vm?: string;
  level?: Step['level'];
  scope?: string;
  start?: () => void;
  then?: () => void;
  next?: () => Step[];
}

export class GvtHops {
  /** Interned hop kinds by name. */
  readonly k: Readonly<Record<GvtHopKind, number>>;
  /** The interned GPU id: where the physical GPU's hops happen. */
  readonly gpuWhere: number;

  constructor(
    readonly sim: Simulator,
    readonly costs: CostModel,
    readonly gpuId: string,
    /** The CPU the GPU's MSI targets: the default place of a step. */
    readonly cpu: PCpu,
  ) {
    this.k = sim.kinds(KINDS);
    this.gpuWhere = sim.sid(gpuId);
  }

  /**
   * One step of hop `kind`, lasting `cost` (one the kind's catalog entry names; none: 0; with a scope: that scope's
   * cost); `detail` as text or already interned. Made by makeStep: the one shape every step a CPU runs has.
   */
  step<K extends GvtHopKind>(kind: K, cost: CostOf<K> | null, flow: number, detail: string | number, o: StepOptions = {}): Step {
    const dur = cost === null ? 0 : o.scope ? this.costs.nsFor(cost, o.scope) : this.costs.ns(cost);
    const vm = o.vm !== undefined ? this.sim.sid(o.vm) : undefined;
    const id = typeof detail === 'number' ? detail : this.sim.sid(detail);
    return makeStep(this.k[kind], o.where ?? this.cpu.where, id, flow, dur, { level: o.level, start: o.start, then: o.then, next: o.next, vm }, vm);
  }
}
