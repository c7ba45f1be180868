// vfio-pci INTx for an assigned device (facts §B.4, seed 003): the hard handler masks the interrupt (at the line or
// at the device, as the masking switch says) and signals the trigger eventfd (KVM's level irqfd). The guest's EOI
// comes back as resamplefd, whose virqfd worker unmasks: at the device through pci_check_and_unmask_intx (which
// stays masked and re-signals when a new cause is already pending), or at the line with enable_irq.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { PciFunction } from '../../hw/pci/pciFunction';
import type { FlowGroup } from '../../core/flows';
import { inPort, wireNode, type InPort, type WireNode } from '../../core/wires';
import type { Eventfd, EventfdWaiter } from '../eventfd';
import type { HardIrqContext, IrqAction } from '../genirq/irqAction';
import type { IrqDesc } from '../genirq/irqDesc';
import type { PCpu } from '../pcpu';
import { instantStep, timedStep, type Step, type StepExtra } from '../step';
import type { CostOf, HopKind, KindId } from '../../core/catalog/hopKinds';
import { maskingFor, type IntxMasking, type MaskLevel } from './intxMasking';

export class VfioIntx {
  /** How the device is held quiet now, or null when unmasked. */
  masked: MaskLevel | null = null;
  readonly action: IrqAction;
  /** Flows the guest serviced while masked: they complete at the unmask. */
  private serviced: FlowGroup = [];
  private readonly k;

  /** The trigger eventfd (VFIO_IRQ_SET_ACTION_TRIGGER): null while INTx is not enabled. */
  private trigger: Eventfd | null = null;
  private unmaskFd: Eventfd | null = null;
  /** vfio-pci's INTx of this device, as a part of the wiring. */
  readonly node: WireNode;
  /** The virqfd on the unmask eventfd: its signal queues the unmask on a worker. */
  private readonly unmaskWaiter: InPort<EventfdWaiter>;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly fn: PciFunction,
    readonly desc: IrqDesc,
    readonly mode: IntxMasking,
    /** The CPU whose workqueue runs the unmask (the one KVM signals resamplefd from). */
    private readonly unmaskCpu: () => PCpu,
  ) {
    this.node = wireNode(`host/vfio/${fn.device}/intx`, 'vfio-intx', 'host', `vfio-intx(${fn.device})`);
    this.unmaskWaiter = inPort(this.node, 'unmask', 'eventfd', () => {
      const cpu = this.unmaskCpu();
      cpu.wakeThread(() => this.unmaskSteps(cpu));
    });
    this.k = sim.kinds(['vfio.intx.handler', 'pci.config.read', 'pci.config.write', 'vfio.virqfd.unmask', 'vfio.intx.handover']);
    this.action = { name: `vfio-intx(${fn.device})`, shared: true, oneshot: false, handler: (ctx) => this.hard(ctx) };
    desc.sharingListeners.push((d, where) => this.sharingChanged(d, where));
  }

  get triggerFd(): Eventfd | null {
    return this.trigger;
  }

  /** ACTION_TRIGGER + DATA_EVENTFD: enable with this trigger (request_irq), or disable with null (free_irq). */
  setTrigger(efd: Eventfd | null, where: number): Step[] {
    const was = this.trigger;
    this.trigger = efd;
    if (efd && !was) return this.desc.request(this.action, where);
    if (!efd && was) return this.desc.free(this.action, where);
    return [];
  }

  /** ACTION_UNMASK + DATA_EVENTFD: an eventfd whose signal unmasks (the virqfd KVM's resamplefd drives). */
  setUnmaskEventfd(efd: Eventfd | null): void {
    this.unmaskFd?.removeWaiter(this.unmaskWaiter);
    this.unmaskFd = efd;
    efd?.addWaiter(this.unmaskWaiter);
  }

  /** ACTION_UNMASK + DATA_NONE from userspace: the same unmask, run now on `cpu`. */
  unmaskNow(cpu: PCpu): Step[] {
    return this.unmaskSteps(cpu);
  }

  /** The guest driver serviced the device (read its cause): these flows end at the next unmask. */
  noteServiced(flows: FlowGroup): void {
    for (const f of flows) this.serviced.push(f);
  }

  private s<K extends HopKind>(kind: KindId<K>, cost: CostOf<K>, where: number, flow: number, detail: string, extra?: StepExtra): Step {
    return timedStep(this.costs, kind, cost, where, flow, this.sim.sid(detail), extra);
  }

  private hard(ctx: HardIrqContext): Step[] {
    const where = ctx.pcpu.where;
    const flow = this.fn.intxFlows()[0] ?? ctx.flow;
    if (this.masked) return [this.s(this.k['vfio.intx.handler'], 'vfio.intx.handler', where, ctx.flow, `${this.fn.device} already masked: IRQ_NONE`)];
    const level = maskingFor(this.mode, this.desc);
    const forward = (maskSteps: Step[]): Step[] => {
      ctx.verdict = 'handled';
      return [...maskSteps, ...(this.trigger?.signalSteps(where, this.fn.intxFlows()) ?? [])];
    };
    if (level === 'line') {
      const mask = this.s(this.k['vfio.intx.handler'], 'vfio.intx.handler', where, flow, `${this.fn.device}: disable_irq_nosync(${this.desc.irq})`, {
        start: () => { this.desc.disableNosync(); this.masked = 'line'; },
      });
      // Alone on the line, every interrupt is ours; shared, reading Interrupt Status is the only way to know.
      if (!this.desc.shared) return forward([mask]);
      return [this.s(this.k['pci.config.read'], 'pci.config.read', where, ctx.flow, `${this.fn.device} STATUS: whose interrupt?`, {
        next: () => (this.fn.intxPending ? forward([mask]) : []),
      })];
    }
    // pci_check_and_mask_intx: read COMMAND+STATUS; mask only if this device is pending.
    return [this.s(this.k['pci.config.read'], 'pci.config.read', where, ctx.flow, `${this.fn.device} COMMAND/STATUS`, {
      next: () => {
        if (!this.fn.intxPending) return [];
        this.masked = 'device'; // decided under vfio's irqlock; the config write applies it
        return forward([
          this.s(this.k['pci.config.write'], 'pci.config.write', where, flow, `${this.fn.device} COMMAND.intxDisable = 1`, {
            then: () => this.applyDisInt(),
          }),
          this.s(this.k['vfio.intx.handler'], 'vfio.intx.handler', where, flow, `${this.fn.device}: masked at the device`),
        ]);
      },
    })];
  }

  /** vfio_pci_intx_unmask, run by the virqfd worker when resamplefd fires. */
  private unmaskSteps(cpu: PCpu): Step[] {
    const where = cpu.where;
    const flow = this.serviced[0] ?? 0;
    return [this.s(this.k['vfio.virqfd.unmask'], 'vfio.virqfd.unmask', where, flow, `${this.fn.device}: unmask (${this.masked ?? 'not masked'})`, {
      next: () => {
        if (this.masked === 'line') {
          this.masked = null;
          this.completeServiced();
          return this.desc.enableSteps(where, flow);
        }
        if (this.masked !== 'device') return [];
        // pci_check_and_unmask_intx: unmask only if nothing is pending; else stay masked and signal again at once.
        return [this.s(this.k['pci.config.read'], 'pci.config.read', where, flow, `${this.fn.device} COMMAND/STATUS`, {
          next: () => {
            this.completeServiced();
            if (this.fn.intxPending) {
              const again = this.fn.intxFlows();
              return this.trigger?.signalSteps(where, again, `still pending: stay masked, ${this.trigger.name} += 1`) ?? [];
            }
            this.masked = null;
            return [this.s(this.k['pci.config.write'], 'pci.config.write', where, flow, `${this.fn.device} COMMAND.intxDisable = 0`, {
              then: () => this.applyDisInt(),
            })];
          },
        })];
      },
    })];
  }

  /** Adaptive hand-over: a sharer arrived while the line is held for the guest: mask at the device, release the line. */
  private sharingChanged(d: IrqDesc, where: number): Step[] {
    if (this.mode !== 'adaptive' || this.masked !== 'line' || !d.shared) return [];
    return [
      this.s(this.k['pci.config.read'], 'pci.config.read', where, 0, `${this.fn.device} COMMAND (hand-over)`),
      this.s(this.k['pci.config.write'], 'pci.config.write', where, 0, `${this.fn.device} COMMAND.intxDisable = 1 (hand-over)`, {
        start: () => { this.masked = 'device'; },
        then: () => this.applyDisInt(),
      }),
      instantStep(this.k['vfio.intx.handover'], where, 0, this.sim.sid(`irq ${d.irq} now shared: ${this.fn.device} masked at the device, line released`), {
        next: () => this.desc.enableSteps(where, 0),
      }),
    ];
  }

  /** Writes DisINTx as last decided (a mask and an unmask in flight on two CPUs end as decided). */
  private applyDisInt(): void {
    const want = this.masked === 'device';
    if (this.fn.intxDisabled !== want) this.fn.setIntxDisable(want);
  }

  private completeServiced(): void {
    for (const f of this.serviced) this.sim.flows.complete(f, this.sim.now);
    this.serviced = [];
  }
}
