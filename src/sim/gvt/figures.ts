// The run summary's GPU-mediation figures: the mediator's counters, per vGPU its fan-out and vblank outcomes, its
// injections and what its driver decided at probe time; and the display events' accounting over every consumer.
import type { GpuEvent } from '../hw/gpu/gen8Registers';
import type { DisplayConsumer } from './displayConsumer';
import { zeroCounts, type FanoutCounts } from './flowOutcomes';
import type { GvtHost } from './gvtHost';

export interface GvtVmFigures extends FanoutCounts {
  vblank: FanoutCounts;
  injections: number;
  injectBlocked: Record<string, number>;
  maskedByEvent: Partial<Record<GpuEvent, number>>;
  pvInfo: string;
  fences: number;
}

export interface DisplayFigures { raised: number; consumed: number; wakeups: number; misattributed: number; lost: number; signals: number; stalls: number }

/** What a vGPU's driver decided at probe time (guest/i915Driver.ts). */
export interface DriverFigures {
  /** PV INFO detection: not probed, gvt, native, version-mismatch. */
  readonly pvInfo: string;
  readonly fences: number;
}

/** The figures now; `switches` names the strategies the machine was built with. */
export function gvtFigures(gvt: GvtHost, drivers: readonly DriverFigures[], consumers: readonly DisplayConsumer[], switches: { hostInjection: string; displayIrq: string }) {
  const { mediator } = gvt;
  const perVm: Record<string, GvtVmFigures> = {};
  mediator.vgpus.forEach((v, i) => {
    const drv = drivers[i]!;
    const f = gvt.fanout.get(v.name) ?? zeroCounts();
    perVm[v.name] = {
      ...f,
      vblank: gvt.vblanks.get(v.name) ?? zeroCounts(),
      injections: v.stats.injections,
      injectBlocked: { ...v.stats.injectBlocked },
      maskedByEvent: { ...v.stats.maskedByEvent },
      pvInfo: drv.pvInfo,
      fences: drv.fences,
    };
  });
  const display: DisplayFigures | undefined = consumers.length
    ? consumers.reduce((a, x) => {
      const t = x.irq.stats;
      return { raised: a.raised + t.raised, consumed: a.consumed + t.consumed, wakeups: a.wakeups + t.wakeups, misattributed: a.misattributed + t.misattributed, lost: a.lost + t.lost, signals: a.signals + t.signals, stalls: a.stalls + x.stalls };
    }, { raised: 0, consumed: 0, wakeups: 0, misattributed: 0, lost: 0, signals: 0, stalls: 0 })
    : undefined;
  return {
    gvt: {
      ...switches, pirqs: mediator.stats.pirqs, physicalEdges: mediator.gpu.stats.edges,
      guestTraps: mediator.stats.guestTraps, hostHooks: mediator.stats.hostHooks,
      nestedEmulations: gvt.nestedEmulations, nestedAccesses: mediator.stats.nested, perVm,
    },
    ...(display ? { display } : {}),
  };
}
