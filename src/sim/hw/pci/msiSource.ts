// A PCI function that signals with messages as its workload's events arrive (a NIC receiving packets). Each event
// is a new flow. With MSI the function's one message goes out; with MSI-X each event goes to the next vector in
// turn (receive queues), and a masked vector latches its pending bit, holding the flows until it is unmasked.
// As a part of the wiring ("host/nic0/events", the device's workload): it writes through its function's `msi`
// out-port, and the function's MSI-X table tells it at `release` when unmasking released a pending vector.
import { Arrivals } from '../../core/arrivals';
import { inPort, wireNode, type InPort, type WireNode } from '../../core/wires';
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { MsiMessage } from './configSpace';
import type { FlowGroup } from '../../core/flows';
import type { PciFunction } from './pciFunction';
import { hopNs } from '../hopCost';
import { msiAddress } from './msiMessage';

/** The requester key of a function's vector in the interrupt remapping table: the function, or "function#n" for MSI-X vector n. */
export function requesterKey(device: string, vector: number, msix: boolean): string {
  return msix ? `${device}#${vector}` : device;
}

export class MsiSource {
  readonly node: WireNode;
  /** The MSI-X table released vector i's pending bit. */
  readonly releaseIn: InPort<(vector: number) => void>;
  private readonly kWrite;
  private readonly kBlocked;
  private readonly kPending;
  private readonly where: number;
  private readonly sourceId: number;
  private readonly vmId: number;
  private nextVector = 0;
  /** Flows held by each MSI-X vector's pending bit. */
  private readonly held = new Map<number, FlowGroup>();

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly fn: PciFunction,
    /** Open-loop arrivals; null when a workload raises the events itself (`raise`). */
    private readonly arrivals: Arrivals | null,
    /** The VM the device is assigned to, or "host". */
    owner: string,
  ) {
    this.kWrite = sim.kind('pci.msi.write');
    this.kBlocked = sim.kind('pci.msi.blocked');
    this.kPending = sim.kind('pci.msix.pending');
    this.where = sim.sid(fn.device);
    this.sourceId = sim.sid(fn.device);
    this.vmId = sim.sid(owner);
    this.node = wireNode(`${fn.node.id}/events`, 'event-source', fn.node.vm, `${fn.device} events`);
    this.releaseIn = inPort(this.node, 'release', 'msi', (i: number) => this.release(i));
  }

  /** Schedules the first event; each event schedules the next until the sources stop. */
  start(): void {
    if (this.arrivals) this.scheduleNext();
  }

  private scheduleNext(): void {
    const t = this.sim.now + this.arrivals!.nextGap();
    if (t >= this.sim.sourcesUntil) return;
    this.sim.at(t, () => {
      this.raise();
      this.scheduleNext();
    });
  }

  /** One device event: a new flow and its message (MSI-X: on `vector`, a workload's queue, or the next in turn).
   *  `mark` records a hop on the new flow first (an injected fault's). Returns the flow. */
  raise(vector?: number, mark?: (flow: number) => void): number {
    const flow = this.sim.raiseFlow(this.sourceId, this.vmId);
    mark?.(flow);
    const msix = this.fn.msix;
    if (msix && this.fn.msixEnabled) {
      const i = vector === undefined ? this.nextVector : vector % msix.size;
      if (vector === undefined) this.nextVector = (i + 1) % msix.size;
      const r = msix.send(i);
      if ('pending' in r) {
        const g = this.held.get(i);
        if (g) g.push(flow); else this.held.set(i, [flow]);
        this.sim.hop(flow, this.kPending, this.where, this.vmId, this.sim.sid(`vector ${i} masked: PBA bit ${i} set`), 0);
        return flow;
      }
      if ('blocked' in r) this.block(flow, r.blocked);
      else this.write(r.msg, [flow], i);
      return flow;
    }
    const msg = this.fn.msiMessage();
    if ('blocked' in msg) this.block(flow, msg.blocked);
    else this.write(msg, [flow], 0);
    return flow;
  }

  /** An unmask released vector i's pending bit: the message goes out now with the flows it held. */
  private release(i: number): void {
    const flows = this.held.get(i) ?? [];
    this.held.delete(i);
    const m = this.fn.msix!.message(i);
    if ('blocked' in m) {
      for (const f of flows) this.block(f, m.blocked);
      return;
    }
    this.write(m, flows, i);
  }

  private block(flow: number, why: string): void {
    this.sim.hop(flow, this.kBlocked, this.where, this.vmId, this.sim.sid(why), 0);
    this.sim.flows.drop(flow);
  }

  /** Each message's interned detail, by (MSI-X vector, destination, vector): built once, not per interrupt. */
  private readonly writeIds = new Map<number, number>();

  private write(msg: MsiMessage, flows: FlowGroup, vector: number): void {
    const dur = hopNs(this.costs, this.kWrite, 'pci.msi.write');
    const msix = this.fn.msix !== null && this.fn.msixEnabled;
    const key = ((msix ? vector + 1 : 0) * 256 + msg.destId) * 256 + msg.vector;
    let detail = this.writeIds.get(key);
    if (detail === undefined) {
      detail = this.sim.sid(`${msix ? `MSI-X ${vector}: ` : ''}0x${msiAddress(msg.destId).toString(16)} ← 0x${msg.vector.toString(16)}`);
      this.writeIds.set(key, detail);
    }
    this.sim.hop(flows[0] ?? 0, this.kWrite, this.where, this.vmId, detail, dur);
    const source = requesterKey(this.fn.device, vector, this.fn.msix !== null);
    this.sim.after(dur, () => this.fn.msi.send(source, msg, flows));
  }
}
