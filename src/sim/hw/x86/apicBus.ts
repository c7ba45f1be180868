// The interrupt message fabric of an x86 host: an MSI write to 0xFEExxxxx (from the IOMMU, or an IOAPIC's
// redirection entry sent as a message) reaches the LAPIC named by its destination ID, which latches the vector in
// IRR (or merges with the one already pending) and tells its CPU.
// As a part of the wiring ("host/apic-bus"): messages come in at `msi` (and at one in-port per IOAPIC, whose
// message write it costs); the bus's out-port reaches every LAPIC attached (routing by destination ID is decided
// per message, so the graph shows every LAPIC it can reach).
// Destinations are matched per message (hw/x86/apicDestination.ts): physical, logical (each LAPIC's LDR/DFR),
// broadcast; a fixed message to several LAPICs reaches each (its flows ride with the first).
// Not modelled, and refused with a log line: lowest-priority arbitration, delivery modes other than fixed.
import type { CostModel } from '../../core/costModel';
import { HOST, type Simulator } from '../../core/simulator';
import { fanOutPort, inPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { MsiMessage } from '../pci/configSpace';
import type { IoapicMessage } from './ioapic';
import type { Lapic } from './lapic';
import type { FlowGroup } from '../../core/flows';
import { hopNs } from '../hopCost';
import { arbitrationNotModelled, describeDestination, resolveDestination } from './apicDestination';

/** A message on the bus. */
export type MsiDeliver = (msg: MsiMessage, flows: FlowGroup) => void;

export class ApicBus {
  private readonly targets: Lapic[] = [];
  private readonly kAccept;
  private readonly kCoalesce;
  private readonly kDrop;
  private readonly kIoapic;
  readonly node: WireNode;
  /** An interrupt message (an MSI after remapping, a posted-interrupt notification). */
  readonly msiIn: InPort<MsiDeliver>;
  /** To every LAPIC attached. */
  private readonly toLapics: OutPort<Lapic['msiIn']['fn']>;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel) {
    this.kAccept = sim.kind('x86.lapic.accept');
    this.kCoalesce = sim.kind('x86.lapic.coalesce');
    this.kDrop = sim.kind('x86.msi.drop');
    this.kIoapic = sim.kind('ioapic.deliver');
    this.node = wireNode('host/apic-bus', 'apic-bus', HOST, 'APIC bus');
    this.msiIn = inPort(this.node, 'msi', 'msi', (msg: MsiMessage, flows: FlowGroup) => this.deliver(msg, flows));
    this.toLapics = fanOutPort(this.node, 'lapic', 'msi');
  }

  /** A LAPIC on the bus, reached by its APIC ID. */
  attach(lapic: Lapic): void {
    this.targets.push(lapic);
    this.sim.wires.connect(this.toLapics, lapic.msiIn);
  }

  /**
   * The in-port of IOAPIC `name` (its place in the log): a pin that fires sends its redirection entry as a message,
   * a write that takes the IOAPIC's own time before the bus delivers it.
   */
  fromIoapic(name: string): InPort<IoapicMessage> {
    const where = this.sim.sid(name);
    const details = new Map<number, number>();
    return inPort<IoapicMessage>(this.node, `from ${name}`, 'msi', (pin, msg, flows) => {
      const sim = this.sim;
      const flow = flows[0] ?? 0;
      const dur = hopNs(this.costs, this.kIoapic, 'ioapic.deliver');
      // The detail of a physical destination, interned once per (pin, vector, 8-bit APIC id, level); others each time.
      const key = msg.logical || msg.destId > 255 || msg.vector > 255 ? -1 : ((pin * 256 + msg.vector) * 256 + msg.destId) * 2 + (msg.level ? 1 : 0);
      let detail = key >= 0 ? details.get(key) : undefined;
      if (detail === undefined) {
        detail = sim.sid(`pin ${pin} → vector 0x${msg.vector.toString(16)} ${msg.logical ? describeDestination(msg) : `cpu${msg.destId}`}${msg.level ? ' (level)' : ''}`);
        if (key >= 0) details.set(key, detail);
      }
      sim.hop(flow, this.kIoapic, where, flow > 0 ? sim.flows.vmOf(flow) : sim.sid(HOST), detail, dur);
      sim.after(dur, () => this.deliver(msg, flows));
    });
  }

  /** Delivers a message: records each LAPIC's acceptance hop, then latches the vector after its cost. */
  deliver(msg: MsiMessage, flows: FlowGroup): void {
    const sim = this.sim;
    const flow = flows[0] ?? 0;
    const vm = flow > 0 ? sim.flows.vmOf(flow) : sim.sid(HOST);
    const r = resolveDestination(this.targets, (l) => l, msg, arbitrationNotModelled, 'LAPIC');
    if ('refused' in r) {
      sim.hop(flow, this.kDrop, sim.sid('apic-bus'), vm, sim.sid(r.refused), 0);
      for (const f of flows) sim.flows.drop(f);
      return;
    }
    r.targets.forEach((t, i) => this.accept(t, msg, i === 0 ? flows : [], vm));
  }

  /** "cpu<N>.lapic" interned, by APIC id. */
  private readonly lapicWhere: number[] = [];

  private accept(t: Lapic, msg: MsiMessage, flows: FlowGroup, vm: number): void {
    const sim = this.sim;
    const flow = flows[0] ?? 0;
    const where = (this.lapicWhere[t.apicId] ??= sim.sid(`cpu${t.apicId}.lapic`));
    const dur = hopNs(this.costs, this.kAccept, 'x86.lapic.accept');
    sim.hop(flow, this.kAccept, where, vm, sim.vectorSid(msg.vector), dur);
    sim.after(dur, () => {
      const r = t.msiIn.fn(msg.vector, msg.level, flows);
      if (r.coalesced) {
        const detail = sim.sid(`IRR 0x${msg.vector.toString(16)} already pending: merged into flow ${r.intoFlow}`);
        for (const f of flows) sim.hop(f, this.kCoalesce, where, vm, detail, 0);
      }
      t.irq.send(r.intoFlow, where);
    });
  }
}
