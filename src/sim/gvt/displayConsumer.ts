// The VMM's display side of one vGPU (seed 001): GVT signals display events through the `displayIrq` strategy; the
// consumer learns about them.
// - decoder: QEMU's display thread. It sleeps in poll() on the eventfd(s); a signal wakes it (a thread wake-up on
//   its pCPU), it reads the counter(s), decodes and handles one frame, and only polls again `readPeriod` later
//   (sometimes `stall` later: a frame that blocks). Signals in between add up in the counter: they merge into the
//   next wake-up, and with the partitioned value a lane can overflow into the next type.
// - irqfd: a KVM irqfd on the eventfd. Its wake-up runs in the signaller's context, consumes the count and injects
//   one interrupt that carries nothing of the value: with the partitioned eventfd every event's type is lost, with an
//   IRQ index per type the GSI keeps it.
// Every raised event is a flow: consumed → delivered and complete; misattributed → delivered and complete (acted on
// as another type), logged; lost → dropped, logged.
import type { HopKind } from '../core/catalog/hopKinds';
import type { CostModel } from '../core/costModel';
import type { Prng } from '../core/prng';
import type { Simulator } from '../core/simulator';
import type { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import type { FlowGroup } from '../core/flows';
import { laneValue, type DisplayEventType, type DisplayIrq, type DisplayIrqRead } from './displayIrq';

const KINDS = ['eventfd.signal', 'vfio.display.wake', 'vfio.display.consumerRead', 'vfio.display.consumed',
  'vfio.display.misattributed', 'vfio.display.lost', 'vfio.display.stall', 'kvm.irqfd.inject'] as const satisfies readonly HopKind[];

export interface DisplayConsumerOptions {
  readPeriodNs: number;
  stallNs: number;
  stallChance: number;
}

export class DisplayConsumer {
  private state: 'polling' | 'woken' | 'busy' = 'polling';
  private readonly k: Readonly<Record<(typeof KINDS)[number], number>>;
  private readonly vmId: number;
  private readonly where: number;
  stalls = 0;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly irq: DisplayIrq,
    readonly vm: string,
    private readonly pcpu: PCpu,
    private readonly opts: DisplayConsumerOptions,
    private readonly rng: Prng,
  ) {
    this.k = sim.kinds(KINDS);
    this.vmId = sim.sid(vm);
    this.where = sim.sid(`${vm}.vmm-display`);
  }

  /** GVT signals one display event (the flow is the event's). */
  raise(type: DisplayEventType, flow: number): void {
    const sim = this.sim;
    const before = { ...this.irq.stats };
    sim.hop(flow, this.k['eventfd.signal'], sim.sid(`${this.vm}.vgpu-display`), this.vmId,
      sim.sid(`${type} → ${this.irq.kind}${this.irq.kind === 'eventfd-partitioned' ? ` (+0x${laneHex(type)})` : ` [${type}]`}`), this.costs.ns('eventfd.signal'));
    this.irq.raise(type, [flow]);
    if (this.irq.consumer === 'irqfd') {
      // irqfd_wakeup ran inside the signal: consumed the count, injected one interrupt with no type in it.
      const st = this.irq.stats;
      sim.hop(flow, this.k['kvm.irqfd.inject'], this.where, this.vmId,
        sim.sid(this.irq.kind === 'irq-index' ? `per-type GSI: ${type} kept` : 'value ignored: one interrupt, type not carried'), this.costs.ns('kvm.irqfd.inject'));
      if (st.consumed > before.consumed) this.settle({ consumed: [flow], misattributed: [], lost: [] }, type);
      else this.settle({ consumed: [], misattributed: [], lost: [flow] }, type);
      return;
    }
    if (this.state === 'polling') this.wake();
  }

  private wake(): void {
    this.state = 'woken';
    this.pcpu.wakeThread(() => {
      let read: DisplayIrqRead | null = null;
      return [
        { kind: this.k['vfio.display.wake'], where: this.pcpu.where, vm: this.vmId, flow: 0, dur: this.costs.ns('sched.switch'),
          detail: this.sim.sid(`${this.vm} display thread returns from poll()`) },
        { kind: this.k['vfio.display.consumerRead'], where: this.pcpu.where, vm: this.vmId, flow: 0, dur: this.costs.ns('vfio.display.consumerRead'),
          detail: this.sim.sid(`${this.vm}: read ${this.irq.kind === 'irq-index' ? 'each per-type eventfd' : 'the display eventfd'} and decode`),
          then: () => {
            this.state = 'busy';
            read = this.irq.read();
            if (read) this.settle(read, null);
          },
          next: () => {
            this.scheduleNextPoll(read);
            return [];
          },
        },
      ] satisfies Step[];
    });
  }

  private scheduleNextPoll(read: DisplayIrqRead | null): void {
    const stall = this.opts.stallChance > 0 && this.rng.next() < this.opts.stallChance;
    const wait = stall ? this.opts.stallNs : this.opts.readPeriodNs;
    if (stall) {
      this.stalls++;
      this.sim.hop(0, this.k['vfio.display.stall'], this.where, this.vmId, this.sim.sid(`frame stalls: next poll in ${wait / 1e6} ms`), 0);
    }
    void read;
    this.sim.after(wait, () => {
      if (this.irq.readable) this.wake();
      else this.state = 'polling';
    });
  }

  private settle(r: { consumed: FlowGroup; misattributed: FlowGroup; lost: FlowGroup; decoded?: Record<DisplayEventType, number>; raised?: Record<DisplayEventType, number> }, irqfdType: DisplayEventType | null): void {
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

function laneHex(type: DisplayEventType): string {
  return laneValue(type).toString(16);
}
