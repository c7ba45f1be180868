// VT-d interrupt remapping (hw/x86/interruptRemapper.ts): an MSI whose IRTE is not posted goes on to the APIC bus;
// a posted one sets its PIR bit (merging into a bit already set) and notifies only when ON was clear and SN clear.
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../src/sim/core/costModel';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import type { FlowGroup } from '../../../../src/sim/core/flows';
import type { Hop } from '../../../../src/sim/core/hopLog';
import { Simulator } from '../../../../src/sim/core/simulator';
import { inPort, wireNode } from '../../../../src/sim/core/wires';
import type { MsiMessage } from '../../../../src/sim/hw/pci/msiMessage';
import type { MsiDeliver } from '../../../../src/sim/hw/x86/apicBus';
import { InterruptRemapper, type PostedTarget } from '../../../../src/sim/hw/x86/interruptRemapper';
import { Irte } from '../../../../src/sim/hw/x86/irte';
import { POSTED_INTR_VECTOR, PostedDescriptor } from '../../../../src/sim/hw/x86/postedDescriptor';

const PDA = 0x1_0000_0040n;

function iommu() {
  const sim = new Simulator(1000);
  const costs = new CostModel(COSTS, 1, { 'vtd.irte.remap': { value: 100, unit: 'ns' }, 'vtd.pi.post': { value: 100, unit: 'ns' } });
  const r = new InterruptRemapper(sim, costs);
  const toBus: [MsiMessage, FlowGroup, number][] = [];
  const bus = inPort<MsiDeliver>(wireNode('host/apic-bus', 'apic-bus'), 'msi', 'msi', (msg, flows) => { toBus.push([msg, flows, sim.now]); });
  sim.wires.connect(r.remapped, bus);
  const pid = new PostedDescriptor('vm0/vcpu0/pi-desc', 'vm0', 'vcpu0');
  pid.setDestination(1);
  sim.wires.connect(pid.notify, bus);
  // The descriptor's owner keeps the flows riding on each PIR bit.
  const pir = new Map<number, FlowGroup>();
  const owner: PostedTarget = {
    posted: (v, flows) => {
      const g = pir.get(v);
      if (g) { g.push(...flows); return g[0]!; }
      pir.set(v, flows.slice());
      return null;
    },
  };
  /** KVM's irq bypass: nic0's MSI posted as guest vector 0x51 to the descriptor. */
  const bypass = () => {
    const irte = new Irte('host/nic0/irte', 'nic0');
    irte.programPosted(0x51, PDA, 0x18);
    r.post('nic0', irte, PDA, pid, owner);
  };
  const flow = () => sim.raiseFlow(sim.sid('nic0'), sim.sid('vm0'));
  const msi = (f: number) => r.msiIn.fn('nic0', { destId: 0, vector: 0x41, level: false }, [f]);
  const hops = (): Hop[] => Array.from({ length: sim.log.held }, (_, i) => sim.log.at(i));
  const run = () => sim.runUntil(1e9, 1000);
  return { sim, r, pid, pir, toBus, bypass, flow, msi, hops, run };
}

describe('interrupt remapper', () => {
  it('passes a message whose IRTE is not posted on to the APIC bus, unchanged and at once', () => {
    const t = iommu();
    const f = t.flow();
    t.msi(f);
    expect(t.toBus).toEqual([[{ destId: 0, vector: 0x41, level: false }, [f], 0]]);
    expect(t.hops()).toEqual([]);
  });

  it('posts a message whose IRTE is posted: PIR bit and ON, then the notification vector to NDST', () => {
    const t = iommu();
    t.bypass();
    const f = t.flow();
    t.msi(f);
    t.run();
    expect(t.hops().map((h) => [h.kind, h.timeNs, h.detail])).toEqual([
      ['vtd.irte.remap', 0, `nic0: IRTE posted, vector 0x51 → PDA 0x${PDA.toString(16)}`],
      ['vtd.pi.post', 100, 'PIR 0x51 set, ON set'],
      ['vtd.pi.notify', 200, `notification vector 0x${POSTED_INTR_VECTOR.toString(16)} → APIC 1`],
    ]);
    expect(t.pid.on).toBe(true);
    expect(t.pir.get(0x51)).toEqual([f]);
    expect(t.toBus).toEqual([[{ destId: 1, vector: POSTED_INTR_VECTOR, level: false }, [f], 200]]);
    expect(t.sim.wires.outOf('host/iommu').map((e) => `${e.from.port} → ${e.to.node}`)).toEqual(['remapped → host/apic-bus', 'post → vm0/vcpu0/pi-desc']);
  });

  it('merges a second message for the same vector into the PIR bit already set, with no second notification', () => {
    const t = iommu();
    t.bypass();
    const [f1, f2] = [t.flow(), t.flow()];
    t.msi(f1);
    t.msi(f2);
    t.run();
    expect(t.hops().filter((h) => h.kind === 'vtd.pi.coalesce').map((h) => [h.flow, h.detail])).toEqual([[f2, `PIR 0x51 already set: merged into flow ${f1}`]]);
    expect(t.pir.get(0x51)).toEqual([f1, f2]);
    expect(t.toBus).toHaveLength(1);
  });

  it('sends no notification while ON is still set, nor while SN is set (the vCPU is scheduled out)', () => {
    const t = iommu();
    t.bypass();
    t.pid.post(0x60); // an earlier notification not yet synced: ON set
    t.msi(t.flow());
    t.run();
    expect(t.hops().filter((h) => h.kind === 'vtd.pi.post').map((h) => h.detail)).toEqual(['PIR 0x51 set (ON already set)']);
    expect(t.toBus).toEqual([]);

    const u = iommu();
    u.bypass();
    u.pid.setSn(true);
    u.msi(u.flow());
    u.run();
    expect(u.hops().filter((h) => h.kind === 'vtd.pi.post').map((h) => h.detail)).toEqual(['PIR 0x51 set (SN: no notification)']);
    expect(u.pid.on).toBe(false);
    expect(u.pid.takePir()).toEqual([0x51]);
    expect(u.toBus).toEqual([]);
  });
});
