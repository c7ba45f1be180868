// A netperf TCP_RR-style closed loop: each of `clients` remote clients sends a request, the NIC receives it and raises
// its interrupt, the driver's handler runs (guest driver or native host driver), then the application and stack
// (`appWork`, on the CPU that ran the handler: guest code with interrupts on in a VM, a thread on the host), then the
// reply's doorbell (a BAR write: an assigned BAR is mapped into the guest, no exit); the NIC sends the reply (DMA),
// and after the round trip outside the host (`wireNs`: the wire both ways and the client's turnaround) the client's
// next request arrives. So no client ever has more than one request outstanding. Optionally the NIC also raises a
// TX-completion interrupt when the reply has left (serviced by the same handler, part of no transaction).
// A client stops sending once the sources stop; transactions in flight then finish.
// Not modelled: TCP itself (acks, windows, retransmits), request/reply sizes, interrupt moderation on this path
// (each request interrupts), the client's own host.
import type { CostModel } from '../../core/costModel';
import type { FlowGroup } from '../../core/flows';
import type { Prng } from '../../core/prng';
import type { Simulator } from '../../core/simulator';
import type { Ns } from '../../core/time';
import { hopNs } from '../../hw/hopCost';
import { silentStep, timedStep, type Step } from '../step';
import type { DriverCpu } from './driverCpu';
import type { IrqRaiser, NicWorkload } from './nicWorkload';

export interface RrParams {
  wireNs: Ns;
  /** Each round trip takes wireNs plus a uniform 0..wireJitterNs. */
  wireJitterNs: Ns;
  appWorkNs: Ns;
  clients: number;
  txIrq: boolean;
  /** When the clients start (the driver's load time). */
  startAt: Ns;
}

interface Transaction {
  client: number;
  /** When the client sent the request. */
  startedAt: Ns;
}

export class RrWorkload implements NicWorkload {
  /** Interrupts the NIC raised (requests and TX completions), and handler runs that serviced it. */
  interrupts = 0;
  handlerRuns = 0;
  outstanding = 0;
  maxOutstanding = 0;
  /** Request sent → reply left the NIC, of every transaction completed. */
  readonly latencies: Ns[] = [];
  /** Transactions completed while the sources were on. */
  completedInWindow = 0;
  private readonly byFlow = new Map<number, Transaction>();
  private readonly kWire;
  private readonly kDma;
  private readonly where: number;
  private readonly vmId: number;
  private readonly dDoorbell: number;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly device: string,
    owner: string,
    readonly p: RrParams,
    private readonly irq: IrqRaiser,
    private readonly rng: Prng,
  ) {
    this.kWire = sim.kind('net.wire');
    this.kDma = sim.kind('nic.tx.dma');
    this.where = sim.sid(device);
    this.vmId = sim.sid(owner);
    this.dDoorbell = sim.sid(`${device}: TX tail doorbell (reply)`);
  }

  /** Client c sends its first request c/clients of a round trip after the start (they do not all arrive at once). */
  start(): void {
    for (let c = 0; c < this.p.clients; c++) {
      this.sim.at(this.p.startAt + Math.floor((c * this.p.wireNs) / this.p.clients), () => this.send(c, 0));
    }
  }

  serviced(cpu: DriverCpu, flows: FlowGroup): void {
    this.handlerRuns++;
    for (const f of flows) {
      const t = this.byFlow.get(f);
      if (!t) continue; // a TX completion, or a request already taken
      this.byFlow.delete(f);
      cpu.process(() => this.replySteps(cpu, f, t));
    }
  }

  /** The client sends a request (`flow`: the transaction whose reply it answers, 0 for the first). */
  private send(client: number, flow: number): void {
    if (this.sim.now >= this.sim.sourcesUntil) return;
    const startedAt = this.sim.now;
    const wire = this.p.wireNs + (this.p.wireJitterNs > 0 ? Math.floor(this.rng.next() * (this.p.wireJitterNs + 1)) : 0);
    this.outstanding++;
    this.maxOutstanding = Math.max(this.maxOutstanding, this.outstanding);
    this.sim.hop(flow, this.kWire, this.where, this.vmId, this.sim.sid(`client ${client}: ${flow ? 'reply → next request' : 'first request'}`), wire);
    this.sim.after(wire, () => this.arrive(client, startedAt));
  }

  /** The request reaches the NIC: it raises its interrupt on the client's queue. */
  private arrive(client: number, startedAt: Ns): void {
    this.interrupts++;
    const f = this.irq.raise(client);
    if (f > 0) this.byFlow.set(f, { client, startedAt });
  }

  /** On the CPU that serviced the request: the application and stack, then the reply's doorbell. */
  private replySteps(cpu: DriverCpu, flow: number, t: Transaction): Step[] {
    const app: Step = { kind: cpu.kinds.app, where: cpu.where, flow, detail: this.sim.sid(`client ${t.client}: request → reply`), dur: this.p.appWorkNs, ...cpu.extra };
    // A doorbell to a BAR QEMU traps goes through QEMU, which writes the device for the guest.
    const trapped = cpu.barWrite?.(flow) ?? [];
    if (trapped.length) return [app, ...trapped, silentStep(cpu.where, { ...cpu.extra, then: () => this.transmit(flow, t) })];
    return [
      app,
      timedStep(this.costs, cpu.kinds.write, 'nic.bar.write', cpu.where, flow, this.dDoorbell, { ...cpu.extra, then: () => this.transmit(flow, t) }),
    ];
  }

  /** The NIC fetches and sends the reply; the transaction is done when it leaves, and the client answers. */
  private transmit(flow: number, t: Transaction): void {
    const dur = hopNs(this.costs, this.kDma, 'nic.tx.dma');
    this.sim.hop(flow, this.kDma, this.where, this.vmId, this.sim.sid(`client ${t.client}: reply`), dur);
    this.sim.after(dur, () => {
      this.outstanding--;
      this.latencies.push(this.sim.now - t.startedAt);
      if (this.sim.now <= this.sim.sourcesUntil) this.completedInWindow++;
      if (this.p.txIrq) {
        this.interrupts++;
        this.irq.raise(t.client);
      }
      this.send(t.client, flow);
    });
  }
}
