// vfio-pci INTx for an assigned device (facts §B.4, seed 003): enabling the trigger is request_irq, with IRQF_SHARED
// as the masking strategy says (upstream: only for a PCI 2.3 device; a refused request is VFIO_DEVICE_SET_IRQS's
// -EBUSY). The hard handler holds the interrupt quiet (at the line or at the device: the hold the masking strategy
// picks, intxMasking.ts) and signals the trigger eventfd (KVM's level irqfd). The guest's EOI comes back as resamplefd, whose virqfd wake-up releases the hold inline, in the context
// that signalled it (drivers/vfio/virqfd.c virqfd_wakeup calls vfio_pci_intx_unmask_handler; KVM's resampler signals
// from the vCPU's EOI exit): at the device through
// pci_check_and_unmask_intx (which stays masked and re-signals when a new cause is already pending), or at the line
// with enable_irq.
// As a part of the wiring ("host/vfio/nic0/intx"): its handler is an action of the line's IRQ; `trigger` signals the
// trigger eventfd (connected by VFIO_DEVICE_SET_IRQS); the unmask eventfd's virqfd reaches `unmask`; the line's
// IRQ tells it at `sharing` that its sharers changed.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { PciFunction } from '../../hw/pci/pciFunction';
import type { FlowGroup } from '../../core/flows';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { Eventfd, InlineWaiter, SignalSteps } from '../eventfd';
import type { HardIrqContext, IrqAction } from '../genirq/irqAction';
import type { IrqDesc, SharingChanged } from '../genirq/irqDesc';
import type { PCpu } from '../pcpu';
import { instantStep, timedStep, type Step } from '../step';
import { DeviceHold, LineHold, type IntxHold, type IntxHoldHost } from './intxHolds';
import type { IntxHolds, IntxMasking } from './intxMasking';

/** ACTION_TRIGGER's outcome: the steps it ran, and why request_irq refused, if it did. */
export interface SetTriggerResult {
  steps: Step[];
  refused?: string;
}

export class VfioIntx implements IntxHoldHost {
  /** How the device is held quiet now, or null when not held. */
  held: IntxHold | null = null;
  readonly note: string;
  readonly action: IrqAction;
  /** Flows the guest serviced while held: they complete at the release. */
  private serviced: FlowGroup = [];
  private readonly holds: IntxHolds;
  private readonly k;

  /** The trigger eventfd (VFIO_IRQ_SET_ACTION_TRIGGER): null while INTx is not enabled. */
  private trigger: Eventfd | null = null;
  private unmaskFd: Eventfd | null = null;
  /** vfio-pci's INTx of this device, as a part of the wiring. */
  readonly node: WireNode;
  /** The virqfd on the unmask eventfd: virqfd_wakeup consumes the count and unmasks, inline. */
  private readonly unmaskWaiter: InPort<InlineWaiter>;
  /** eventfd_signal on the trigger. */
  readonly triggerOut: OutPort<SignalSteps>;
  /** The line's sharers changed (the masking strategy may hand over). */
  readonly sharingIn: InPort<SharingChanged>;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly fn: PciFunction,
    readonly desc: IrqDesc,
    /** The masking switch, decided when the device was wired. */
    private readonly masking: IntxMasking,
  ) {
    this.node = wireNode(`host/vfio/${fn.device}/intx`, 'vfio-intx', 'host', `vfio-intx(${fn.device})`);
    this.unmaskWaiter = inPort<InlineWaiter>(this.node, 'unmask', 'eventfd', (where) => this.unmaskSteps(where, () => this.unmaskFd?.read()));
    this.k = sim.kinds(['vfio.intx.handler', 'vfio.virqfd.unmask', 'fault.lost-unmask']);
    this.holds = { line: new LineHold(sim, costs, this), device: new DeviceHold(sim, costs, this) };
    this.triggerOut = outPort<SignalSteps>(this.node, 'trigger', 'eventfd', () => []);
    this.sharingIn = inPort<SharingChanged>(this.node, 'sharing', 'call', (d, where) => this.masking.sharingChanged(d, this.held, this.holds, where));
    this.note = masking.proposal ? ` [${masking.proposal}]` : '';
    this.action = { name: `vfio-intx(${fn.device})`, shared: masking.irqfShared, oneshot: false, handler: (ctx) => this.hard(ctx), node: this.node };
  }

  get triggerFd(): Eventfd | null {
    return this.trigger;
  }

  /** ACTION_TRIGGER + DATA_EVENTFD: enable with this trigger (request_irq), or disable with null (free_irq). A refused
   *  request_irq leaves INTx disabled (vfio_intx_enable returns its error). */
  setTrigger(efd: Eventfd | null, where: number): SetTriggerResult {
    const was = this.trigger;
    if (was) this.sim.wires.disconnect(this.triggerOut, was.signalIn);
    this.trigger = efd;
    if (efd) this.sim.wires.connect(this.triggerOut, efd.signalIn);
    if (efd && !was) {
      let refused: string | undefined;
      const steps = this.desc.request(this.action, where, (why) => { refused = why; });
      if (refused === undefined) return { steps };
      this.sim.wires.disconnect(this.triggerOut, efd.signalIn);
      this.trigger = null;
      return { steps, refused };
    }
    if (!efd && was) return { steps: this.desc.free(this.action, where) };
    return { steps: [] };
  }

  /** ACTION_UNMASK + DATA_EVENTFD: an eventfd whose signal unmasks (the virqfd KVM's resamplefd drives). */
  setUnmaskEventfd(efd: Eventfd | null): void {
    this.unmaskFd?.removeInlineWaiter(this.unmaskWaiter);
    this.unmaskFd = efd;
    efd?.addInlineWaiter(this.unmaskWaiter);
  }

  /** ACTION_UNMASK + DATA_NONE from userspace: the same unmask, run now on `cpu`. */
  unmaskNow(cpu: PCpu): Step[] {
    return this.unmaskSteps(cpu.where);
  }

  /** The guest driver serviced the device (read its cause): these flows end at the next unmask. */
  noteServiced(flows: FlowGroup): void {
    for (const f of flows) this.serviced.push(f);
  }

  forward(ctx: HardIrqContext, where: number, holdSteps: Step[]): Step[] {
    ctx.verdict = 'handled';
    return [...holdSteps, ...this.triggerOut.send(where, this.fn.intxFlows())];
  }

  signalAgain(where: number, flows: FlowGroup): Step[] {
    return this.trigger ? this.triggerOut.send(where, flows, `still pending: stay masked, ${this.trigger.name} += 1`) : [];
  }

  /** The guest driver reads the device's cause through the passed-through BAR: the device de-asserts; the flows it
   *  serviced end at the next unmask. */
  serviceByGuest(): FlowGroup {
    const f = this.fn.ackIntx();
    this.noteServiced(f);
    return f;
  }

  completeServiced(): void {
    for (const f of this.serviced) this.sim.flows.complete(f, this.sim.now);
    this.serviced = [];
  }

  /** vfio_intx_handler: IRQ_NONE while held; else the hold the masking strategy picks. */
  private hard(ctx: HardIrqContext): Step[] {
    const where = ctx.pcpu.where;
    if (this.held) {
      return [timedStep(this.costs, this.k['vfio.intx.handler'], 'vfio.intx.handler', where, ctx.flow, this.sim.sid(`${this.fn.device} already masked: IRQ_NONE${this.note}`))];
    }
    const flow = this.fn.intxFlows()[0] ?? ctx.flow;
    return this.masking.holdFor(this.desc, this.holds).holdSteps(ctx, where, flow);
  }

  /** "<device>: unmask (<hold>)", interned once per hold. */
  private readonly unmaskTexts = new Map<string, number>();

  private unmaskText(hold: string): number {
    let id = this.unmaskTexts.get(hold);
    if (id === undefined) this.unmaskTexts.set(hold, id = this.sim.sid(`${this.fn.device}: unmask (${hold})${this.note}`));
    return id;
  }

  /** vfio_pci_intx_unmask(_handler) at `where`: from virqfd_wakeup when resamplefd fires (`consume` is its
   *  eventfd_ctx_do_read), or from userspace's ACTION_UNMASK. */
  private unmaskSteps(where: number, consume?: () => void): Step[] {
    const flow = this.serviced[0] ?? 0;
    return [timedStep(this.costs, this.k['vfio.virqfd.unmask'], 'vfio.virqfd.unmask', where, flow, this.unmaskText(this.held?.name ?? 'not masked'), {
      start: consume,
      next: () => {
        // An injected fault: this unmask is lost, the device stays held (its serviced flows wait for the next one).
        const lost = this.held ? this.sim.faults.take('lost-unmask', this.fn.device, this.sim.now) : null;
        if (lost) return [instantStep(this.k['fault.lost-unmask'], where, flow, this.sim.sid(`${this.fn.device}: unmask lost (${lost}), still ${this.held!.name}`))];
        return this.held?.releaseSteps(where, flow) ?? [];
      },
    })];
  }
}
