// vfio-platform's level IRQ on ARM, with seed 004's switch (Eric Auger's KVM-VFIO IRQ forwarding):
// - not forwarded (automasked): the handler masks the line (disable_irq_nosync) and signals the trigger eventfd;
//   KVM injects a non-HW level vINTID whose LR has the EOI bit, so the guest's EOI raises a maintenance interrupt,
//   the resampler signals resamplefd and the virqfd worker unmasks (enable_irq);
// - forwarded: VFIO runs an edge-like handler (no mask, no unmask); the host's EOI is only a priority drop, the
//   physical interrupt stays active, KVM injects with HW = 1 and the guest's deactivation deactivates it in the GIC.
// The switch can change at run time; it takes effect only when the interrupt is neither masked nor active, so no
// interrupt is lost and none is left active.
import { inPort, wireNode } from '../../core/wires';
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { CostOf, HopKind } from '../../core/catalog/hopKinds';
import type { InterruptCause } from '../../hw/interruptCause';
import type { FlowGroup } from '../../core/flows';
import type { Eventfd } from '../eventfd';
import type { HardIrqContext, IrqAction } from '../genirq/irqAction';
import type { IrqDesc } from '../genirq/irqDesc';
import type { PCpu } from '../pcpu';
import type { Step } from '../step';

const KINDS = ['vfio.platform.handler', 'vfio.virqfd.unmask', 'vfio.platform.forwarding'] as const satisfies readonly HopKind[];
type PlatformIrqKind = (typeof KINDS)[number];

export interface ForwardingControl {
  /** kvm_vgic_map_phys_irq / unmap, and the GIC driver's forwarded flag (drop-only EOI). */
  setForwarded(on: boolean): void;
}

export class VfioPlatformIrq {
  readonly action: IrqAction;
  masked = false;
  /** The physical interrupt is active, waiting for the guest's deactivation (forwarded mode). */
  activeInGuest = false;
  private serviced: FlowGroup = [];
  private wantForwarded: boolean;
  private readonly k: Record<PlatformIrqKind, number>;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly cause: InterruptCause,
    readonly desc: IrqDesc,
    private readonly trigger: Eventfd,
    resamplefd: Eventfd,
    public forwarded: boolean,
    private readonly control: ForwardingControl,
    unmaskCpu: () => PCpu,
  ) {
    this.wantForwarded = forwarded;
    this.k = sim.kinds(KINDS);
    this.action = { name: `vfio-platform(${cause.device})`, shared: false, oneshot: false, handler: (ctx) => this.hard(ctx) };
    resamplefd.addWaiter(inPort(wireNode(`host/vfio/${cause.device}/irq`, 'vfio-platform', 'host', `vfio-platform(${cause.device})`), 'unmask', 'eventfd', () => {
      const cpu = unmaskCpu();
      cpu.wakeThread(() => this.unmaskSteps(cpu));
    }));
    control.setForwarded(forwarded);
  }

  /** The guest driver read the device: these flows end at the unmask (automasked) or the deactivation (forwarded). */
  noteServiced(flows: FlowGroup): void {
    for (const f of flows) this.serviced.push(f);
  }

  /** The guest deactivated the forwarded interrupt: the hardware deactivated the physical one. */
  onGuestDeactivate(): void {
    this.activeInGuest = false;
    this.completeServiced();
    this.applyPendingSwitch();
  }

  /** The user API of seed 004: switch forwarding; applied now if quiescent, else when it becomes so. */
  requestForwarding(on: boolean): void {
    this.wantForwarded = on;
    this.applyPendingSwitch();
  }

  private hard(ctx: HardIrqContext): Step[] {
    const where = ctx.pcpu.where;
    const flows = this.cause.flows();
    const flow = flows[0] ?? ctx.flow;
    const signal = this.trigger.signalSteps(where, flows);
    if (this.forwarded) {
      return [this.step('vfio.platform.handler', 'vfio.platform.handler', where, flow, `${this.cause.device}: forwarded, left active for the guest`, {
        then: () => { ctx.verdict = 'handled'; this.activeInGuest = true; },
      }), ...signal];
    }
    return [this.step('vfio.platform.handler', 'vfio.platform.handler', where, flow, `${this.cause.device}: disable_irq_nosync(${this.desc.irq})`, {
      start: () => { this.desc.disableNosync(); this.masked = true; },
      then: () => { ctx.verdict = 'handled'; },
    }), ...signal];
  }

  private unmaskSteps(cpu: PCpu): Step[] {
    const flow = this.serviced[0] ?? 0;
    return [this.step('vfio.virqfd.unmask', 'vfio.virqfd.unmask', cpu.where, flow, `${this.cause.device}: enable_irq(${this.desc.irq})`, {
      next: () => {
        if (!this.masked) return [];
        this.masked = false;
        this.completeServiced();
        const steps = this.desc.enableSteps(cpu.where, flow);
        this.applyPendingSwitch();
        return steps;
      },
    })];
  }

  /** A step of `kind`, costed by one of the entries its catalog entry names. */
  private step<K extends PlatformIrqKind>(kind: K, cost: CostOf<K>, where: number, flow: number, detail: string, extra: Pick<Step, 'start' | 'then' | 'next'>): Step {
    return { kind: this.k[kind], where, flow, dur: this.costs.ns(cost), detail: this.sim.sid(detail), ...extra };
  }

  private applyPendingSwitch(): void {
    if (this.wantForwarded === this.forwarded || this.masked || this.activeInGuest) return;
    this.forwarded = this.wantForwarded;
    this.control.setForwarded(this.forwarded);
    this.sim.hop(0, this.k['vfio.platform.forwarding'], this.sim.sid(this.cause.device), this.sim.sid('host'),
      this.sim.sid(`IRQ ${this.desc.irq} forwarding ${this.forwarded ? 'on (HW = 1)' : 'off (maintenance + unmask)'}`), 0);
  }

  private completeServiced(): void {
    for (const f of this.serviced) this.sim.flows.complete(f, this.sim.now);
    this.serviced = [];
  }
}
