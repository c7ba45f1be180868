// The interrupt message fabric of an x86 host: an MSI write to 0xFEExxxxx reaches the LAPIC named by its
// destination ID, which latches the vector in IRR (or merges with the one already pending).
import type { CostModel } from '../../core/costModel';
import { HOST, type Simulator } from '../../core/simulator';
import type { MsiMessage } from '../pci/configSpace';
import type { Lapic } from './lapic';
import type { FlowGroup } from '../../core/flows';
import { hopNs } from '../hopCost';

export interface ApicTarget {
  lapic: Lapic;
  /** The CPU behind the LAPIC: told that something arrived. */
  poke(): void;
}

export class ApicBus {
  private readonly targets = new Map<number, ApicTarget>();
  private readonly kAccept;
  private readonly kCoalesce;
  private readonly kDrop;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel) {
    this.kAccept = sim.kind('x86.lapic.accept');
    this.kCoalesce = sim.kind('x86.lapic.coalesce');
    this.kDrop = sim.kind('x86.msi.drop');
  }

  attach(target: ApicTarget): void {
    this.targets.set(target.lapic.apicId, target);
  }

  /** Delivers an MSI: records the LAPIC's acceptance hop, then latches the vector after its cost. */
  deliver(msg: MsiMessage, flows: FlowGroup): void {
    const sim = this.sim;
    const flow = flows[0] ?? 0;
    const vm = flow > 0 ? sim.flows.vmOf(flow) : sim.sid(HOST);
    const t = this.targets.get(msg.destId);
    if (!t) {
      sim.hop(flow, this.kDrop, sim.sid('apic-bus'), vm, sim.sid(`no LAPIC with APIC ID ${msg.destId}`), 0);
      for (const f of flows) sim.flows.drop(f);
      return;
    }
    const where = sim.sid(`cpu${msg.destId}.lapic`);
    const dur = hopNs(this.costs, this.kAccept, 'x86.lapic.accept');
    sim.hop(flow, this.kAccept, where, vm, sim.sid(`vector 0x${msg.vector.toString(16)}`), dur);
    sim.after(dur, () => {
      const r = t.lapic.accept(msg.vector, msg.level, flows);
      if (r.coalesced) {
        const detail = sim.sid(`IRR 0x${msg.vector.toString(16)} already pending: merged into flow ${r.intoFlow}`);
        for (const f of flows) sim.hop(f, this.kCoalesce, where, vm, detail, 0);
      }
      t.poke();
    });
  }
}
