// A host driver on a level line (PCI INTx, or a platform device's SPI): request_irq at load, free_irq at unload. Its primary handler reads the device's
// cause register and claims the interrupt only if its device raised it (IRQ_HANDLED / IRQ_NONE, as a shared line
// requires); a threaded driver instead returns IRQ_WAKE_THREAD and does the work in its IRQ thread.
import type { CostModel } from '../core/costModel';
import type { Simulator } from '../core/simulator';
import type { InterruptCause } from '../hw/interruptCause';
import type { HardIrqContext, IrqAction } from './genirq/irqAction';
import type { IrqDesc } from './genirq/irqDesc';
import type { PCpu } from './pcpu';
import type { FlowGroup } from '../core/flows';
import { instantStep, scopedStep, type Step } from './step';
import { wireNode } from '../core/wires';

export interface HostIntxDriverOptions {
  threaded: boolean;
  oneshot: boolean;
  /** Told when the handler body starts: the CPU it runs on and the flows it serviced (a workload's driver). */
  onServiced?: (pcpu: PCpu, flows: FlowGroup) => void;
}

export class HostIntxDriver {
  readonly action: IrqAction;
  private readonly kHandler;
  private readonly kCheck;
  private readonly kLoad;
  private readonly kWake;
  private readonly dCheck: number;
  private readonly dHard: number;
  private readonly dThread: number;

  private readonly onServiced?: (pcpu: PCpu, flows: FlowGroup) => void;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly fn: InterruptCause, readonly desc: IrqDesc, opts: HostIntxDriverOptions) {
    this.onServiced = opts.onServiced;
    this.kHandler = sim.kind('host.handler');
    this.kLoad = sim.kind('host.driver.load');
    this.kCheck = sim.kind('host.driver.check');
    this.kWake = sim.kind('genirq.primary.default');
    this.dCheck = sim.sid(`${fn.device}: read cause register`);
    this.dHard = sim.sid(`${fn.device} driver (hardirq)`);
    this.dThread = sim.sid(`${fn.device} driver (thread)`);
    const name = `${fn.device}-driver`;
    const node = wireNode(`host/${fn.device}/driver`, 'host-driver', 'host', `${fn.device} driver`);
    this.action = opts.threaded
      ? { name, shared: true, oneshot: opts.oneshot, handler: (ctx) => this.wake(ctx), thread: (ctx) => this.service(ctx, 'thread'), node }
      : { name, shared: true, oneshot: opts.oneshot, handler: (ctx) => this.service(ctx, 'hardirq'), node };
  }

  /** Module load: request_irq, in a thread on `cpu`. If it is refused the probe fails (`refused` is told why) and
   *  the device stays quiet. */
  load(cpu: PCpu, refused: (why: string) => void): void {
    cpu.wakeThread(() => [
      instantStep(this.kLoad, cpu.where, 0, this.sim.sid(`${this.fn.device}: request_irq(${this.desc.irq})`), {
        next: () => this.desc.request(this.action, cpu.where, refused),
      }),
    ]);
  }

  /** Module unload: the driver quiesces its device (no new causes) and calls free_irq. */
  unload(cpu: PCpu, quiesce: () => void): void {
    cpu.wakeThread(() => [
      instantStep(this.kLoad, cpu.where, 0, this.sim.sid(`${this.fn.device}: free_irq(${this.desc.irq})`), {
        then: quiesce, next: () => this.desc.free(this.action, cpu.where),
      }),
    ]);
  }

  /** The default primary handler of a threaded IRQ: wake the thread (it cannot tell whose interrupt it was). */
  private wake(ctx: HardIrqContext): Step[] {
    return [instantStep(this.kWake, ctx.pcpu.where, ctx.flow, this.sim.sid(`${this.fn.device}: IRQ_WAKE_THREAD`), {
      then: () => { ctx.verdict = 'wake-thread'; },
    })];
  }

  /** Reads the cause register; if the device raised it, services it (its flows are delivered then, done at the end). */
  private service(ctx: HardIrqContext, where: 'hardirq' | 'thread'): Step[] {
    return [scopedStep(this.costs, this.kCheck, 'host.driver.check', this.fn.device, ctx.pcpu.where, this.fn.flows()[0] ?? ctx.flow, this.dCheck, {
      next: () => {
        if (!this.fn.pending) return [];
        const mine = this.fn.ack();
        if (where === 'hardirq') ctx.verdict = 'handled';
        else ctx.threadRet = 'handled';
        return [scopedStep(this.costs, this.kHandler, 'host.driver.handler', this.fn.device, ctx.pcpu.where, mine[0] ?? ctx.flow,
          where === 'hardirq' ? this.dHard : this.dThread, {
            start: () => {
              mine.forEach((f, i) => this.sim.flows.deliver(f, this.sim.now, i > 0));
              this.onServiced?.(ctx.pcpu, mine);
            },
            then: () => { for (const f of mine) this.sim.flows.complete(f, this.sim.now); },
          })];
      },
    })];
  }
}
