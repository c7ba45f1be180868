// A netperf TCP_STREAM-style receive stream with interrupt moderation and NAPI: packets arrive at line rate into the
// NIC's receive ring (hw/nic/rxRing.ts), the NIC interrupts as its moderation allows, and the driver's handler masks
// the NIC's interrupt and schedules NAPI (drivers/net/ethernet/intel/e1000e/netdev.c e1000_intr_msi: "read ICR disables
// interrupts using IAM"; 82574 MSI-X needed an explicit mask, commit 0a8047ac68e5 "e1000e: Fix msi-x interrupt
// automask": without it, interrupts fired again during the poll). The poll
// (softirq, on the CPU that ran the handler: guest code with interrupts on in a VM) takes up to `budget` packets at
// `perPacket` each; having used its whole budget it is polled again later (net_rx_action's repoll), otherwise it calls
// napi_complete_done and unmasks the interrupt (a BAR write, no exit for an assigned BAR) — packets that came in
// meanwhile then interrupt as moderation says (net/core/dev.c napi_poll / napi_complete_done; NAPI_POLL_WEIGHT 64 in
// include/linux/netdevice.h).
// Not modelled: GRO, the netdev_budget/time limit across devices, ksoftirqd, TX (acks), the NIC's interrupt mask as a
// register file (it is this workload's flag).
import type { CostModel } from '../../core/costModel';
import type { FlowGroup } from '../../core/flows';
import type { Simulator } from '../../core/simulator';
import type { Ns } from '../../core/time';
import { RxRing, type Moderation } from '../../hw/nic/rxRing';
import { silentStep, timedStep, type Step } from '../step';
import type { DriverCpu } from './driverCpu';
import type { IrqRaiser, NicWorkload } from './nicWorkload';

export interface StreamParams {
  /** One packet every periodNs (packetBytes × 8 / Gbit/s). */
  periodNs: number;
  moderation: Moderation;
  budget: number;
  perPacketNs: Ns;
  ringSize: number;
  startAt: Ns;
}

export class StreamWorkload implements NicWorkload {
  readonly ring: RxRing;
  interrupts = 0;
  handlerRuns = 0;
  polls = 0;
  /** Packets the polls took while the sources were on. */
  consumedInWindow = 0;
  /** The NIC's interrupt enable (IMS): cleared by the auto-mask, set by napi_complete_done. */
  private enabled = true;
  /** The pending moderation event (a newer token cancels it). */
  private token = 0;
  private armed = false;
  private readonly kDrop;
  private readonly where: number;
  private readonly vmId: number;
  private readonly dUnmask: number;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly device: string,
    owner: string,
    readonly p: StreamParams,
    private readonly irq: IrqRaiser,
  ) {
    this.ring = new RxRing(p.periodNs, p.ringSize);
    this.kDrop = sim.kind('nic.rx.drop');
    this.where = sim.sid(device);
    this.vmId = sim.sid(owner);
    this.dUnmask = sim.sid(`${device}: interrupt unmask (napi_complete_done)`);
  }

  start(): void {
    this.sim.at(this.p.startAt, () => {
      this.ring.start(this.sim.now, this.sim.sourcesUntil);
      this.arm(this.sim.now);
    });
  }

  serviced(cpu: DriverCpu, flows: FlowGroup): void {
    this.handlerRuns++;
    if (!this.enabled) return; // NAPI is already scheduled
    this.enabled = false;
    this.token++;
    this.armed = false;
    const flow = flows[0] ?? 0;
    cpu.softirq(() => this.poll(cpu, flow));
  }

  /** Schedules the next interrupt moderation allows (no earlier than `minAt`), if interrupts are on. */
  private arm(minAt: Ns): void {
    if (!this.enabled || this.armed) return;
    this.noteDrops(this.ring.update(this.sim.now), 0);
    const t = this.ring.nextIrqAt(this.sim.now, this.p.moderation);
    if (t === null) return;
    this.armed = true;
    const token = ++this.token;
    this.sim.at(Math.max(t, minAt), () => {
      if (token !== this.token) return;
      this.armed = false;
      this.fire();
    });
  }

  private fire(): void {
    if (!this.enabled) return;
    this.noteDrops(this.ring.update(this.sim.now), 0);
    if (this.ring.due(this.sim.now, this.p.moderation)) {
      this.ring.signal();
      this.interrupts++;
      this.irq.raise(0);
      return this.arm(this.sim.now);
    }
    this.arm(this.sim.now + 1);
  }

  /** One NAPI poll, decided when it runs. */
  private poll(cpu: DriverCpu, flow: number): Step[] {
    return [silentStep(cpu.where, { next: () => { this.polls++; return this.slice(cpu, this.p.budget, flow); } })];
  }

  /** Takes what the ring holds (up to the budget left); again while packets keep coming, until the budget is spent. */
  private slice(cpu: DriverCpu, left: number, flow: number): Step[] {
    this.noteDrops(this.ring.update(this.sim.now), flow);
    const n = this.ring.take(left);
    if (n === 0) return [this.unmaskStep(cpu, flow)];
    if (this.sim.now <= this.sim.sourcesUntil) this.consumedInWindow += n;
    return [
      { kind: cpu.kinds.poll, where: cpu.where, flow, detail: this.sim.sid(`${this.device}: ${n} packet${n > 1 ? 's' : ''}`), dur: n * this.p.perPacketNs, ...cpu.extra },
      silentStep(cpu.where, {
        next: () => {
          if (left - n > 0) return this.slice(cpu, left - n, flow);
          // The whole budget used: net_rx_action polls it again later (interrupts stay masked).
          cpu.softirq(() => this.poll(cpu, flow));
          return [];
        },
      }),
    ];
  }

  private unmaskStep(cpu: DriverCpu, flow: number): Step {
    return timedStep(this.costs, cpu.kinds.write, 'nic.bar.write', cpu.where, flow, this.dUnmask, {
      ...cpu.extra,
      then: () => {
        this.enabled = true;
        this.noteDrops(this.ring.update(this.sim.now), flow);
        this.ring.reenable(this.sim.now);
        this.arm(this.sim.now);
      },
    });
  }

  private noteDrops(n: number, flow: number): void {
    if (n > 0) this.sim.hop(flow, this.kDrop, this.where, this.vmId, this.sim.sid(`${this.device}: ${n} packet${n > 1 ? 's' : ''} dropped (ring full)`), 0);
  }
}
