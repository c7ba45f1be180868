// vfio-platform's level IRQ on ARM, with seed 004's switch (Eric Auger's KVM-VFIO IRQ forwarding):
// - not forwarded (automasked): the handler masks the line (disable_irq_nosync) and signals the trigger eventfd;
//   KVM injects a non-HW level vINTID whose LR has the EOI bit, so the guest's EOI raises a maintenance interrupt,
//   the resampler signals resamplefd and its virqfd wake-up unmasks (enable_irq) inline, in that EOI exit;
// - forwarded: VFIO runs an edge-like handler (no mask, no unmask); the host's EOI is only a priority drop, the
//   physical interrupt stays active, KVM injects with HW = 1 and the guest's deactivation deactivates it in the GIC.
// The switch can change at run time; it takes effect only when the interrupt is neither masked nor active, so no
// interrupt is lost and none is left active.
// On the machine's wiring it is "host/vfio/<device>/irq": the IRQ descriptor runs its handler, which signals the
// trigger eventfd; the resamplefd's virqfd unmasks; the GIC tells it when the guest deactivated the forwarded
// interrupt; it maps and unmaps the forwarded interrupt in the vGIC.
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { CostOf, HopKind } from '../../core/catalog/hopKinds';
import type { InterruptCause } from '../../hw/interruptCause';
import type { FlowGroup } from '../../core/flows';
import type { Deactivated } from '../../hw/arm/gicPorts';
import type { Eventfd, InlineWaiter, SignalSteps } from '../eventfd';
import type { HardIrqContext, IrqAction } from '../genirq/irqAction';
import type { IrqDesc } from '../genirq/irqDesc';
import type { PCpu } from '../pcpu';
import type { Step } from '../step';
import type { GuestHandler } from '../kvm/guestInterruptTable';

const KINDS = ['vfio.platform.handler', 'vfio.virqfd.unmask', 'vfio.platform.forwarding', 'vfio.platform.enable'] as const satisfies readonly HopKind[];
type PlatformIrqKind = (typeof KINDS)[number];

export class VfioPlatformIrq {
  readonly action: IrqAction;
  masked = false;
  /** The physical interrupt is active, waiting for the guest's deactivation (forwarded mode). */
  activeInGuest = false;
  private serviced: FlowGroup = [];
  private wantForwarded: boolean;
  private readonly k: Record<PlatformIrqKind, number>;
  private readonly enableDetail: string;

  readonly node: WireNode;
  /** The action's handler: what the IRQ descriptor runs (request_irq gives it the action). */
  readonly handlerIn: InPort<(ctx: HardIrqContext) => Step[]>;
  /** eventfd_signal on the trigger eventfd (the VMM hands it to KVM as an irqfd). */
  readonly triggerOut: OutPort<SignalSteps>;
  /** The resamplefd's wait queue: virqfd_wakeup consumes the count and unmasks the line inline
   *  (drivers/vfio/virqfd.c; vfio_platform_unmask_handler has no thread), in the EOI exit that signalled it. */
  readonly unmaskIn: InPort<InlineWaiter>;
  private unmaskFd: Eventfd | null = null;
  /** The GIC: the guest deactivated the forwarded interrupt, and the physical one with it. */
  readonly deactivatedIn: InPort<Deactivated>;
  /** kvm_vgic_map_phys_irq / unmap: forwarding on (the physical INTID) or off. */
  readonly forwardingOut: OutPort<(pintid: number | null) => void>;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly cause: InterruptCause,
    readonly desc: IrqDesc,
    vm: string,
    public forwarded: boolean,
  ) {
    this.wantForwarded = forwarded;
    this.k = sim.kinds(KINDS);
    this.enableDetail = `${cause.device}: request_irq(${desc.irq}) for ${vm} (forwarding ${forwarded ? 'on' : 'off'})`;
    this.node = wireNode(`host/vfio/${cause.device}/irq`, 'vfio-platform', 'host', `vfio-platform(${cause.device})`);
    // request_irq connects the descriptor's action port to this node while the action is requested.
    this.action = { name: `vfio-platform(${cause.device})`, shared: false, oneshot: false, node: this.node, handler: (ctx) => this.hard(ctx) };
    this.handlerIn = inPort(this.node, 'irq', 'call', (ctx: HardIrqContext) => this.hard(ctx));
    this.triggerOut = outPort<SignalSteps>(this.node, 'trigger', 'eventfd', () => []);
    this.unmaskIn = inPort<InlineWaiter>(this.node, 'unmask', 'eventfd', (where) => this.unmaskSteps(where));
    this.deactivatedIn = inPort<Deactivated>(this.node, 'deactivated', 'eoi', (flows) => {
      // A guest deactivation of an HW = 1 list register ends the flows riding on it.
      for (const f of flows) this.sim.flows.complete(f, this.sim.now);
      this.onGuestDeactivate();
    });
    this.forwardingOut = outPort<(pintid: number | null) => void>(this.node, 'forwarding', 'call', () => {});
  }

  /**
   * QEMU sets the IRQ up for the VM (trigger, unmask, KVM irqfd, and forwarding as the device is configured), then
   * requests it (request_irq): a thread step on `cpu`.
   */
  enableSteps(cpu: PCpu): Step[] {
    return [{
      kind: this.k['vfio.platform.enable'], where: cpu.where, flow: 0, dur: 0, detail: this.sim.sid(this.enableDetail),
      start: () => this.forwardingOut.send(this.forwarded ? this.desc.irq : null),
      next: () => this.desc.request(this.action, cpu.where),
    }];
  }

  /**
   * What the guest's driver of the assigned device does in its handler: it reads the device (which lowers its line);
   * the flows it serviced end at the unmask (automasked) or at the deactivation (forwarded).
   */
  guestDriver(): GuestHandler {
    return {
      name: `${this.cause.device} driver`, cost: 'guest.driver.handler', scope: this.cause.device, completesOnEoi: false,
      service: () => {
        const f = this.cause.ack();
        this.noteServiced(f);
        return f;
      },
    };
  }

  /** The guest driver read the device: these flows end at the unmask (automasked) or the deactivation (forwarded). */
  noteServiced(flows: FlowGroup): void {
    for (const f of flows) this.serviced.push(f);
  }

  /** The guest deactivated the forwarded interrupt: the hardware deactivated the physical one. */
  private onGuestDeactivate(): void {
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
    const signal = this.triggerOut.send(where, flows);
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

  /** VFIO_IRQ_SET_ACTION_UNMASK + DATA_EVENTFD: the virqfd on `efd` (the resamplefd KVM signals). */
  setUnmaskEventfd(efd: Eventfd | null): void {
    this.unmaskFd?.removeInlineWaiter(this.unmaskIn);
    this.unmaskFd = efd;
    efd?.addInlineWaiter(this.unmaskIn);
  }

  private unmaskSteps(where: number): Step[] {
    const flow = this.serviced[0] ?? 0;
    return [this.step('vfio.virqfd.unmask', 'vfio.virqfd.unmask', where, flow, `${this.cause.device}: enable_irq(${this.desc.irq})`, {
      start: () => { this.unmaskFd?.read(); },
      next: () => {
        if (!this.masked) return [];
        this.masked = false;
        this.completeServiced();
        const steps = this.desc.enableSteps(where, flow);
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
    this.forwardingOut.send(this.forwarded ? this.desc.irq : null);
    this.sim.hop(0, this.k['vfio.platform.forwarding'], this.sim.sid(this.cause.device), this.sim.sid('host'),
      this.sim.sid(`IRQ ${this.desc.irq} forwarding ${this.forwarded ? 'on (HW = 1)' : 'off (maintenance + unmask)'}`), 0);
  }

  private completeServiced(): void {
    for (const f of this.serviced) this.sim.flows.complete(f, this.sim.now);
    this.serviced = [];
  }
}
