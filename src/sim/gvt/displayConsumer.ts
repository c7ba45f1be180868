// The VMM's display side of one vGPU (seed 001): GVT signals display events through the `displayIrq` strategy; the
// consumer, a strategy of its own chosen once (`consumer.kind`), hangs on the eventfds' wait queues:
// - decoder: QEMU's display thread. It sleeps in poll() on the eventfd(s); a signal wakes it (a thread wake-up on
//   its pCPU), it reads the counter(s), decodes and handles one frame, and only polls again `readPeriod` later
//   (sometimes `stall` later: a frame that blocks). Signals in between add up in the counter: they merge into the
//   next wake-up, and with the partitioned value a lane can overflow into the next type.
// - irqfd: a KVM irqfd on each eventfd. Its wake-up runs in the signaller's context, consumes the count and injects
//   one interrupt that carries nothing of the value: with the partitioned eventfd every event's type is lost, with an
//   IRQ index per type the GSI keeps it.
// Every raised event is a flow: consumed → delivered and complete; misattributed → delivered and complete (acted on
// as another type), logged; lost → dropped, logged.
import type { HopKind } from '../core/catalog/hopKinds';
import type { CostModel } from '../core/costModel';
import type { Prng } from '../core/prng';
import type { Simulator } from '../core/simulator';
import { inPort, wireNode, type WireNode } from '../core/wires';
import type { EventfdWaiter } from '../host/eventfd';
import type { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import type { FlowGroup } from '../core/flows';
import { DISPLAY_EVENT_TYPES, type DisplayConsumerKind, type DisplayEventType, type DisplayIrq, type DisplayIrqRead } from './displayIrq';

const KINDS = ['vfio.display.wake', 'vfio.display.consumerRead', 'vfio.display.consumed',
  'vfio.display.misattributed', 'vfio.display.lost', 'vfio.display.stall', 'kvm.irqfd.inject'] as const satisfies readonly HopKind[];

export interface DisplayConsumerOptions {
  readPeriodNs: number;
  stallNs: number;
  stallChance: number;
}

/** Who learns about a vGPU's display events. */
export interface DisplayConsumer {
  readonly irq: DisplayIrq;
  readonly vm: string;
  /** Frames where the consumer stalled. */
  readonly stalls: number;
}

/** The one place the consumer switch is decided: when the machine is built. */
export function createDisplayConsumer(kind: DisplayConsumerKind, sim: Simulator, costs: CostModel, irq: DisplayIrq, vm: string, pcpu: PCpu, opts: DisplayConsumerOptions, rng: Prng): DisplayConsumer {
  return kind === 'irqfd' ? new IrqfdDisplayConsumer(sim, costs, irq, vm) : new DecoderDisplayConsumer(sim, costs, irq, vm, pcpu, opts, rng);
}

/** What both consumers share: their hop kinds, their place in the log and how flows end. */
abstract class ConsumerBase implements DisplayConsumer {
  protected readonly k: Readonly<Record<(typeof KINDS)[number], number>>;
  protected readonly vmId: number;
  protected readonly where: number;
  stalls = 0;

  constructor(protected readonly sim: Simulator, protected readonly costs: CostModel, readonly irq: DisplayIrq, readonly vm: string) {
    this.k = sim.kinds(KINDS);
    this.vmId = sim.sid(vm);
    this.where = sim.sid(`${vm}.vmm-display`);
  }

  protected settle(r: { consumed: FlowGroup; misattributed: FlowGroup; lost: FlowGroup; decoded?: Record<DisplayEventType, number>; raised?: Record<DisplayEventType, number> }, irqfdType: DisplayEventType | null): void {
    const sim = this.sim;
    const now = sim.now;
    for (const f of r.consumed) {
      sim.flows.deliver(f, now);
      sim.flows.complete(f, now);
    }
    if (r.consumed.length && irqfdType === null) {
      const d = r.decoded!;
      sim.hop(r.consumed[0]!, this.k['vfio.display.consumed'], this.where, this.vmId,
        sim.sid(`decoded flip ${d['primary-flip']} cursor ${d.cursor} vblank ${d.vblank} (raised ${r.raised!['primary-flip']}/${r.raised!.cursor}/${r.raised!.vblank})`), 0);
    }
    for (const f of r.misattributed) {
      sim.flows.deliver(f, now);
      sim.flows.complete(f, now);
      sim.hop(f, this.k['vfio.display.misattributed'], this.where, this.vmId, sim.sid('a lane overflowed past 255: acted on as the next type'), 0);
    }
    for (const f of r.lost) {
      sim.hop(f, this.k['vfio.display.lost'], this.where, this.vmId,
        sim.sid(irqfdType ? `${irqfdType}: the irqfd ignored the value` : 'carried out of its lane: never seen as any type'), 0);
      sim.flows.drop(f);
    }
  }
}

/** QEMU's display thread: poll() on the eventfd(s), read, decode, handle a frame, poll again later. */
export class DecoderDisplayConsumer extends ConsumerBase {
  private state: 'polling' | 'woken' | 'busy' = 'polling';
  /** The VMM's display thread, as a part of the wiring: its poll() entries on the eventfds' wait queues. */
  readonly node: WireNode;

  constructor(sim: Simulator, costs: CostModel, irq: DisplayIrq, vm: string, private readonly pcpu: PCpu,
    private readonly opts: DisplayConsumerOptions, private readonly rng: Prng) {
    super(sim, costs, irq, vm);
    this.node = wireNode(`${vm}/vmm-display`, 'vmm-thread', vm, `${vm} display thread`);
    // poll(): a signal wakes the thread when it is waiting; while it is busy the counts add up.
    const poll = inPort<EventfdWaiter>(this.node, 'poll', 'eventfd', () => { if (this.state === 'polling') this.wake(); });
    for (const fd of irq.eventfds) fd.addWaiter(poll);
  }

  private wake(): void {
    this.state = 'woken';
    this.pcpu.wakeThread(() => {
      let read: DisplayIrqRead | null = null;
      return [
        { kind: this.k['vfio.display.wake'], where: this.pcpu.where, vm: this.vmId, flow: 0, dur: this.costs.ns('sched.switch'),
          detail: this.sim.sid(`${this.vm} display thread returns from poll()`) },
        { kind: this.k['vfio.display.consumerRead'], where: this.pcpu.where, vm: this.vmId, flow: 0, dur: this.costs.ns('vfio.display.consumerRead'),
          detail: this.sim.sid(`${this.vm}: read ${this.irq.readDetail} and decode`),
          then: () => {
            this.state = 'busy';
            read = this.irq.read();
            if (read) this.settle(read, null);
          },
          next: () => {
            this.scheduleNextPoll();
            return [];
          },
        },
      ] satisfies Step[];
    });
  }

  private scheduleNextPoll(): void {
    const stall = this.opts.stallChance > 0 && this.rng.next() < this.opts.stallChance;
    const wait = stall ? this.opts.stallNs : this.opts.readPeriodNs;
    if (stall) {
      this.stalls++;
      this.sim.hop(0, this.k['vfio.display.stall'], this.where, this.vmId, this.sim.sid(`frame stalls: next poll in ${wait / 1e6} ms`), 0);
    }
    this.sim.after(wait, () => {
      if (this.irq.readable) this.wake();
      else this.state = 'polling';
    });
  }
}

/** A KVM irqfd on each of the display IRQ's eventfds: irqfd_wakeup consumes the count and injects, in the signaller's context. */
export class IrqfdDisplayConsumer extends ConsumerBase {
  /** One irqfd per eventfd. */
  readonly nodes: readonly WireNode[];

  constructor(sim: Simulator, costs: CostModel, irq: DisplayIrq, vm: string) {
    super(sim, costs, irq, vm);
    this.nodes = irq.eventfds.map((fd, i) => {
      const node = wireNode(`${vm}/irqfd/${fd.name}`, 'irqfd', vm, `irqfd on ${fd.name}`);
      fd.addWaiter(inPort<EventfdWaiter>(node, 'wake', 'eventfd', (flows) => this.wakeup(i, flows)));
      return node;
    });
  }

  private wakeup(i: number, flows: FlowGroup): void {
    const r = this.irq.irqfdWake(i);
    const flow = flows[0];
    if (flow === undefined) return;
    // One event per wake-up: its type is the one the ground truth raised.
    const type = DISPLAY_EVENT_TYPES.find((t) => r.raised[t] > 0)!;
    this.sim.hop(flow, this.k['kvm.irqfd.inject'], this.where, this.vmId, this.sim.sid(this.irq.irqfdDetail(type)), this.costs.ns('kvm.irqfd.inject'));
    this.settle({ consumed: r.consumed, misattributed: [], lost: r.lost }, type);
  }
}
