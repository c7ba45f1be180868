// hardirq-tail inside emulation: the host i915 handler run synchronously within an emulated access, charged after it.
import type { Step } from '../host/step';
import type { HostSide } from './hostSide';
import { gen8IrqHandler, type MmioPath } from './i915Irq';
import type { MmioAccess } from './mediator';
import type { EmulationEffect } from './vgpu';

export class NestedEmulation {
  /** Times the host i915 handler ran inside another access's emulation. */
  count = 0;
  private readonly handled = new WeakSet<EmulationEffect>();
  private charge: Step[] = [];
  private inHandler = false;

  constructor(private readonly h: HostSide) {}

  /**
   * On an emulated access's effect: when it injects to the host during emulation, run the host handler now, its
   * accesses emulated synchronously (nested), and keep the steps that charge it for when the effect is stepped.
   */
  maybeRun(e: EmulationEffect): void {
    const { hops, mediator } = this.h;
    const host = this.h.host();
    if (!host || e.kind !== 'inject' || !e.decision.injected || !mediator.emulating || this.inHandler) return;
    this.handled.add(e);
    this.count++;
    const done: MmioAccess[] = [];
    const later: EmulationEffect[] = [];
    const sync: MmioPath = {
      access: (op, offset, value, after, before) => {
        before?.();
        const a = mediator.access(host, op, offset, value);
        done.push(a);
        later.push(...a.effects);
        return after(a);
      },
    };
    this.inHandler = true;
    try {
      gen8IrqHandler(sync, host, this.h.hooks());
    } finally {
      this.inHandler = false;
    }
    const inside = mediator.lastNested?.outer ?? 'an emulated access';
    const per = hops.costs.ns('gvt.mmio.hostHook') + hops.costs.ns('gvt.mmio.emulate');
    this.charge.push(
      hops.step('gvt.host.hardirqTail', 'gvt.host.hardirqTail', 0, `host i915 irq handler called inside the emulation of ${inside}`, { vm: 'host' }),
      ...done.map((a): Step => ({
        kind: hops.k['gvt.emulation.nested'], where: hops.cpu.where, vm: hops.sim.sid('host'), flow: 0, dur: per,
        detail: hops.sim.sid(`${a.op} ${a.register ?? `0x${a.offset.toString(16)}`} emulated inside ${inside}`),
      })),
      hops.step('host.i915.handler', 'host.driver.handler', 0, 'host i915: process the events it read (inside emulation)', { vm: 'host', scope: hops.gpuId }),
    );
    // Effects of the nested accesses (e.g. its master-on re-checking pending bits) follow the charge.
    const rest = later.filter((x) => x.kind !== 'check-pending');
    if (rest.length) this.charge.push({ kind: 0, where: hops.cpu.where, flow: 0, detail: 0, dur: 0, silent: true, next: () => this.h.effectSteps(rest, hops.cpu) });
  }

  /** The charge for an effect already handled inside emulation (everything kept so far), or null. */
  take(e: EmulationEffect): Step[] | null {
    if (!this.handled.has(e)) return null;
    const out = this.charge;
    this.charge = [];
    return out;
  }
}
