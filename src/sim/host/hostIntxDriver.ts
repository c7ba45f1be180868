// A host driver on a level line (PCI INTx, or a platform device's SPI): request_irq at load, free_irq at unload. Its primary handler reads the device's
// cause register and claims the interrupt only if its device raised it (IRQ_HANDLED / IRQ_NONE, as a shared line
// requires); a threaded driver instead returns IRQ_WAKE_THREAD and does the work in its IRQ thread.
import type { CostModel } from '../core/costModel';
import type { Simulator } from '../core/simulator';
import type { InterruptCause } from '../hw/interruptCause';
import type { HardIrqContext, IrqAction } from './genirq/irqAction';
import type { IrqDesc } from './genirq/irqDesc';
import type { PCpu } from './pcpu';
import type { Step } from './step';

export interface HostIntxDriverOptions {
  threaded: boolean;
  oneshot: boolean;
}

export class HostIntxDriver {
  readonly action: IrqAction;
  private readonly kHandler: number;
  private readonly kCheck: number;
  private readonly kLoad: number;
  private readonly dCheck: number;
  private readonly dHard: number;
  private readonly dThread: number;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly fn: InterruptCause, readonly desc: IrqDesc, opts: HostIntxDriverOptions) {
    this.kHandler = sim.sid('host.handler');
    this.kLoad = sim.sid('host.driver.load');
    this.kCheck = sim.sid('host.driver.check');
    this.dCheck = sim.sid(`${fn.device}: read cause register`);
    this.dHard = sim.sid(`${fn.device} driver (hardirq)`);
    this.dThread = sim.sid(`${fn.device} driver (thread)`);
    const name = `${fn.device}-driver`;
    this.action = opts.threaded
      ? { name, shared: true, oneshot: opts.oneshot, handler: (ctx) => this.wake(ctx), thread: (ctx) => this.service(ctx, 'thread') }
      : { name, shared: true, oneshot: opts.oneshot, handler: (ctx) => this.service(ctx, 'hardirq') };
  }

  /** Module load: request_irq, in a thread on `cpu`. If it is refused the probe fails and the device stays quiet. */
  load(cpu: PCpu, quiesce: () => void): void {
    cpu.wakeThread(() => [
      { kind: this.kLoad, where: cpu.where, flow: 0, dur: 0, detail: this.sim.sid(`${this.fn.device}: request_irq(${this.desc.irq})`),
        next: () => this.desc.request(this.action, cpu.where, quiesce) },
    ]);
  }

  /** Module unload: the driver quiesces its device (no new causes) and calls free_irq. */
  unload(cpu: PCpu, quiesce: () => void): void {
    cpu.wakeThread(() => [
      { kind: this.kLoad, where: cpu.where, flow: 0, dur: 0, detail: this.sim.sid(`${this.fn.device}: free_irq(${this.desc.irq})`),
        then: quiesce, next: () => this.desc.free(this.action, cpu.where) },
    ]);
  }

  /** The default primary handler of a threaded IRQ: wake the thread (it cannot tell whose interrupt it was). */
  private wake(ctx: HardIrqContext): Step[] {
    return [{ kind: this.sim.sid('genirq.primary.default'), where: ctx.pcpu.where, flow: ctx.flow, dur: 0, detail: this.sim.sid(`${this.fn.device}: IRQ_WAKE_THREAD`),
      then: () => { ctx.verdict = 'wake-thread'; } }];
  }

  /** Reads the cause register; if the device raised it, services it (its flows are delivered then, done at the end). */
  private service(ctx: HardIrqContext, where: 'hardirq' | 'thread'): Step[] {
    return [{
      kind: this.kCheck, where: ctx.pcpu.where, flow: this.fn.flows()[0] ?? ctx.flow,
      dur: this.costs.nsFor('host.driver.check', this.fn.device), detail: this.dCheck,
      next: () => {
        if (!this.fn.pending) return [];
        const mine = this.fn.ack();
        if (where === 'hardirq') ctx.verdict = 'handled';
        return [{
          kind: this.kHandler, where: ctx.pcpu.where, flow: mine[0] ?? ctx.flow,
          dur: this.costs.nsFor('host.driver.handler', this.fn.device),
          detail: where === 'hardirq' ? this.dHard : this.dThread,
          start: () => mine.forEach((f, i) => this.sim.flows.deliver(f, this.sim.now, i > 0)),
          then: () => { for (const f of mine) this.sim.flows.complete(f, this.sim.now); },
        }];
      },
    }];
  }
}
