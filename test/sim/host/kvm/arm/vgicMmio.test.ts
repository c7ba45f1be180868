// KVM's emulated distributor as the guest programs it through MMIO (vgic-mmio.c, vgic-mmio-v2.c, vgic-mmio-v3.c):
// what the guest writes decides which vCPU a vINTID lands on, whether it lands at all, and reads give KVM's values.
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../../src/sim/core/costModel';
import { COSTS } from '../../../../../src/sim/core/catalog/costs';
import type { AccessSize } from '../../../../../src/sim/core/mmio';
import { Simulator } from '../../../../../src/sim/core/simulator';
import { inPort, wireNode } from '../../../../../src/sim/core/wires';
import { Vgic } from '../../../../../src/sim/host/kvm/arm/vgic';
import { vgicDistributorRegion, vgicRedistributorRegion } from '../../../../../src/sim/host/kvm/arm/vgicMmio';
import type { Kick, LowerVirq, QueueVirq, UnpendVirq, VirqState } from '../../../../../src/sim/host/kvm/arm/vcpuPorts';
import { GIC_VERSIONS } from '../../../../../src/sim/hw/arm/gicVersion';
import { ListRegisterAllocator } from '../../../../../src/sim/hw/arm/listRegisterAllocator';
import { GicVirtInterface } from '../../../../../src/sim/hw/arm/virtInterface';

// GICD offsets (GIC architecture specification, GICv2 table 4-1 / GICv3 table 12-25).
const ISENABLER = 0x100;
const ICENABLER = 0x180;
const ISPENDR = 0x200;
const ICPENDR = 0x280;
const IPRIORITYR = 0x400;
const ITARGETSR = 0x800;
const ICFGR = 0xc00;
const SGIR = 0xf00;
const IROUTER = 0x6000;
const GICR_SGI_BASE = 0x10000;

function setup(version: 'v2' | 'v3', vcpus: number) {
  const sim = new Simulator(16);
  const vgic = new Vgic(sim, new CostModel(COSTS, 2), 'vm0', { version: GIC_VERSIONS[version], vcpus, spis: 64 });
  const kicks: number[] = [];
  const cpus = Array.from({ length: vcpus }, (_, c) => {
    const vif = new GicVirtInterface(GIC_VERSIONS[version], c, { listRegs: 4 });
    vif.setHcr({ En: 1 });
    vif.guestSetup({ pmr: 0xf8 });
    const alloc = new ListRegisterAllocator(vif);
    const node = wireNode(`vm0/vcpu${c}`, 'vcpu', 'vm0');
    const out = vgic.vcpuOut(c);
    sim.wires.connect(out.queue, inPort<QueueVirq>(node, 'virq', 'irq', (r) => alloc.inject(r).coalesced));
    sim.wires.connect(out.lower, inPort<LowerVirq>(node, 'line', 'irq', (v) => alloc.lower(v)));
    sim.wires.connect(out.state, inPort<VirqState>(node, 'state', 'mmio', (v) => alloc.stateOf(v)));
    sim.wires.connect(out.unpend, inPort<UnpendVirq>(node, 'unpend', 'mmio', (v) => alloc.unpend(v)));
    sim.wires.connect(out.kick, inPort<Kick>(node, 'kick', 'ipi', () => { kicks.push(c); }));
    return { vif, alloc };
  });
  const gicd = vgicDistributorRegion(vgic);
  const rd = (off: number, cpu = 0, size: AccessSize = 4) => gicd.read(off, size, cpu);
  const wr = (off: number, value: number | bigint, cpu = 0, size: AccessSize = 4) => gicd.write(off, size, BigInt(value), cpu);
  /** vINTIDs on each vCPU's ap_list. */
  const queued = () => cpus.map((c) => c.alloc.entries().map((e) => e.vintid));
  return { vgic, cpus, gicd, rd, wr, queued, kicks };
}

/** The guest's setup of SPI `id` on GICv2: priority byte, target byte, edge or level, enabled. */
function programV2(wr: ReturnType<typeof setup>['wr'], id: number, o: { prio: number; targets: number; edge: boolean; enable?: boolean }) {
  wr(IPRIORITYR + id, o.prio, 0, 1);
  wr(ITARGETSR + id, o.targets, 0, 1);
  wr(ICFGR + 4 * Math.floor(id / 16), o.edge ? 2 ** (2 * (id % 16) + 1) : 0);
  if (o.enable !== false) wr(ISENABLER + 4 * Math.floor(id / 32), 2 ** (id % 32));
}

describe('KVM vGIC distributor through MMIO', () => {
  it('GICD_TYPER and GICD_IIDR read what KVM reports (vgic_mmio_read_v2_misc / v3_misc)', () => {
    const v2 = setup('v2', 3);
    expect(v2.rd(0x004)).toBe(0x42n); // ITLinesNumber 2 (96 INTIDs), CPUNumber 2 (3 vCPUs)
    expect(v2.rd(0x008)).toBe(0x4b00343bn); // ProductID 'K', Revision 3, Implementer Arm
    const v3 = setup('v3', 3);
    expect(v3.rd(0x004)).toBe(0x480002n); // IDbits 9, ITLinesNumber 2, no CPUNumber
    expect(v3.rd(0x008)).toBe(0x4b00343bn);
    expect(v3.rd(0x000) & 0x50n).toBe(0x50n); // GICD_CTLR: ARE_NS and DS always set
    expect(v2.vgic.dist.regs.virtual).toBe(true);
  });

  it('an SPI programmed to vCPU 2 lands on vCPU 2 with the priority the guest wrote, in its list register', () => {
    const { vgic, cpus, wr, rd, queued, kicks } = setup('v2', 3);
    programV2(wr, 40, { prio: 0x80, targets: 0x04, edge: true });
    expect(rd(IPRIORITYR + 40, 0, 1)).toBe(0x80n);
    vgic.setLine(40, true);
    expect(queued()).toEqual([[], [], [40]]);
    expect(kicks).toEqual([2]);
    cpus[2]!.alloc.flush();
    const lr = cpus[2]!.vif.lrRead(0);
    expect([lr.vintid, lr.state, lr.priority]).toEqual([40, 'pending', 0x80]);
    expect(rd(ISPENDR + 4, 0) & 2n ** 8n).toBe(2n ** 8n); // the guest reads it pending (it is in the LR)
  });

  it('a disabled SPI is not injected; enabling it queues the pending interrupt (vgic_mmio_write_senable)', () => {
    const { vgic, wr, rd, queued } = setup('v2', 2);
    programV2(wr, 41, { prio: 0xa0, targets: 0x01, edge: false, enable: false });
    vgic.setLine(41, true);
    expect(queued()).toEqual([[], []]);
    expect(rd(ISPENDR + 4) & 2n ** 9n).toBe(2n ** 9n); // pending in the distributor: the line is high
    wr(ISENABLER + 4, 2 ** 9);
    expect(queued()).toEqual([[41], []]);
    wr(ICENABLER + 4, 2 ** 9);
    expect(rd(ISENABLER + 4) & 2n ** 9n).toBe(0n);
  });

  it('a write to ISPENDR injects the SPI into its target vCPU and kicks it', () => {
    const { wr, queued, kicks } = setup('v2', 2);
    programV2(wr, 50, { prio: 0xa0, targets: 0x02, edge: true });
    expect(queued()).toEqual([[], []]);
    wr(ISPENDR + 4, 2 ** 18);
    expect(queued()).toEqual([[], [50]]);
    expect(kicks).toEqual([1]);
  });

  it('ICPENDR clears a pending interrupt the guest has not taken yet', () => {
    const { wr, rd, queued, cpus } = setup('v2', 2);
    programV2(wr, 50, { prio: 0xa0, targets: 0x01, edge: true });
    wr(ISPENDR + 4, 2 ** 18);
    expect(queued()).toEqual([[50], []]);
    wr(ICPENDR + 4, 2 ** 18);
    expect(queued()).toEqual([[], []]);
    expect(rd(ISPENDR + 4) & 2n ** 18n).toBe(0n);
    expect(cpus[0]!.alloc.flush().written).toEqual([]);
  });

  it('GICD_SGIR: a target list, all but the requester, the requester only (the accessing vCPU)', () => {
    const { wr, queued } = setup('v2', 3);
    wr(SGIR, 0x00050003, 1); // filter 0, CPUTargetList 0b101, SGI 3
    expect(queued()).toEqual([[3], [], [3]]);
    const b = setup('v2', 3);
    b.wr(SGIR, 0x01000004, 1); // filter 1: all but vCPU 1
    expect(b.queued()).toEqual([[4], [], [4]]);
    const c = setup('v2', 3);
    c.wr(SGIR, 0x02000005, 1); // filter 2: vCPU 1 only
    expect(c.queued()).toEqual([[], [5], []]);
  });

  it('ITARGETSR bits of vCPUs that do not exist read as zero; the target is the lowest vCPU left (vgic_mmio_write_target)', () => {
    const { vgic, wr, rd } = setup('v2', 2);
    wr(ITARGETSR + 44, 0xff, 0, 1);
    expect(rd(ITARGETSR + 44, 0, 1)).toBe(0x03n);
    expect(vgic.dist.targetOf(44)).toBe(0);
    wr(ITARGETSR + 44, 0x0e, 0, 1);
    expect(rd(ITARGETSR + 44, 0, 1)).toBe(0x02n);
    expect(vgic.dist.targetOf(44)).toBe(1);
    wr(ITARGETSR + 44, 0xfc, 0, 1);
    expect(rd(ITARGETSR + 44, 0, 1)).toBe(0n);
  });

  it('the SGI/PPI registers are banked per vCPU: the banked ITARGETSR reads the vCPU\'s own bit', () => {
    const { rd, wr } = setup('v2', 2);
    wr(ISENABLER, 2 ** 20, 0); // PPI 20 on vCPU 0 only
    expect(rd(ISENABLER, 0) & 2n ** 20n).toBe(2n ** 20n);
    expect(rd(ISENABLER, 1) & 2n ** 20n).toBe(0n);
    expect(rd(ITARGETSR + 20, 1, 1)).toBe(0x02n);
    expect(rd(ITARGETSR + 20, 0, 1)).toBe(0x01n);
  });

  it('GICv3: IROUTER picks the vCPU by affinity; an affinity no vCPU has routes nowhere', () => {
    const { vgic, gicd, queued } = setup('v3', 2);
    const redist = vgicRedistributorRegion(vgic, 1);
    gicd.write(IPRIORITYR + 60, 1, 0x90n, 0);
    gicd.write(IROUTER + 8 * 60, 8, 1n, 0);
    gicd.write(ISENABLER + 4, 4, 2n ** 28n, 0);
    vgic.setLine(60, true);
    expect(queued()).toEqual([[], [60]]);
    gicd.write(IROUTER + 8 * 61, 8, 5n, 0);
    gicd.write(ISENABLER + 4, 4, 2n ** 29n, 0);
    vgic.setLine(61, true);
    expect(queued()).toEqual([[], [60]]);
    // The SGI/PPI bank is vCPU 1's redistributor SGI_base frame; in the distributor it is RAZ.
    redist.write(GICR_SGI_BASE + ISENABLER, 4, 2n ** 27n, 1);
    expect(redist.read(GICR_SGI_BASE + ISENABLER, 4, 1) & 2n ** 27n).toBe(2n ** 27n);
    expect(gicd.read(ISENABLER, 4, 1)).toBe(0n);
  });

  it('setLine: a level SPI that falls before the guest takes it stops pending; an edge one latches per rising level', () => {
    const { vgic, wr, queued } = setup('v2', 1);
    programV2(wr, 45, { prio: 0xa0, targets: 0x01, edge: false });
    vgic.setLine(45, true);
    expect(queued()).toEqual([[45]]);
    vgic.setLine(45, false);
    expect(queued()).toEqual([[]]);
    programV2(wr, 46, { prio: 0xa0, targets: 0x01, edge: true });
    vgic.setLine(46, false);
    expect(queued()).toEqual([[]]);
    vgic.setLine(46, true);
    vgic.setLine(46, false);
    expect(queued()).toEqual([[46]]);
  });

  it('route() is the guest driver\'s setup, visible in the registers', () => {
    const { vgic, rd } = setup('v2', 2);
    vgic.route(48, { vcpu: 1, priority: 0xa0, level: true, hwPintid: null });
    expect(rd(ISENABLER + 4) & 2n ** 16n).toBe(2n ** 16n);
    expect(rd(IPRIORITYR + 48, 0, 1)).toBe(0xa0n);
    expect(rd(ITARGETSR + 48, 0, 1)).toBe(0x02n);
    expect(rd(ICFGR + 12) & 2n ** 1n).toBe(0n); // INTID 48: level
  });
});
