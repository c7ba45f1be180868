import { describe, expect, it } from 'vitest';
import { GIC_VERSIONS, GICV2, GICV3 } from '../../../../src/sim/hw/arm/gicVersion';
import { GicDistributor } from '../../../../src/sim/hw/arm/distributor';
import { ArmGic } from '../../../../src/sim/hw/arm/gic';

const dist = (version: 'v2' | 'v3' = 'v2') => {
  const d = new GicDistributor({ version: GIC_VERSIONS[version], cpus: 2, spis: 64 });
  d.setEnabledGlobally(true);
  return d;
};

describe('GIC distributor: declarations', () => {
  it('puts the GICv2 distributor registers at the architected offsets', () => {
    const decl = GICV2.gicd({ cpus: 2, spis: 64 });
    const off = (n: string) => decl.registers.find((r) => r.name === n)!.offset;
    expect([off('CTLR'), off('TYPER'), off('IIDR')]).toEqual([0x000, 0x004, 0x008]);
    expect([off('ISENABLER1'), off('ICENABLER1'), off('ISPENDR1'), off('ICPENDR1'), off('ISACTIVER1'), off('ICACTIVER1')])
      .toEqual([0x104, 0x184, 0x204, 0x284, 0x304, 0x384]);
    expect([off('IPRIORITYR8'), off('ITARGETSR8'), off('ICFGR2'), off('SGIR')]).toEqual([0x420, 0x820, 0xc08, 0xf00]);
  });

  it('keeps SGI/PPI registers in a per-CPU bank: GICD offsets on v2, GICR SGI_base (RD_base + 0x10000) on v3', () => {
    const v2 = GICV2.gicdBank();
    const v3 = GICV3.gicdBank();
    const off = (d: typeof v2, n: string) => d.registers.find((r) => r.name === n)!.offset;
    expect([off(v2, 'ISENABLER0'), off(v2, 'IPRIORITYR0'), off(v2, 'ITARGETSR0'), off(v2, 'ICFGR1')]).toEqual([0x100, 0x400, 0x800, 0xc04]);
    expect([off(v3, 'ISENABLER0'), off(v3, 'IPRIORITYR7'), off(v3, 'ICFGR1')]).toEqual([0x10100, 0x1041c, 0x10c04]);
    expect(v3.registers.some((r) => r.name.startsWith('ITARGETSR'))).toBe(false);
  });

  it('routes v3 SPIs with 64-bit IROUTER<n> at 0x6000 + 8n (Aff0 7:0, IRM 31)', () => {
    const decl = GICV3.gicd({ cpus: 2, spis: 32 });
    const r = decl.registers.find((x) => x.name === 'IROUTER32')!;
    expect([r.offset, r.width]).toEqual([0x6100, 64]);
    expect(r.fields.find((f) => f.name === 'IRM')).toMatchObject({ msb: 31, lsb: 31 });
    expect(r.fields.find((f) => f.name === 'Aff0')).toMatchObject({ msb: 7, lsb: 0 });
  });

  it('reports the implemented INTIDs and CPUs in TYPER', () => {
    const d = dist();
    const t = d.regs.index('TYPER');
    expect(d.regs.getField(t, 'ITLinesNumber')).toBe(2n); // 32 × 3 = 96 INTIDs
    expect(d.regs.getField(t, 'CPUNumber')).toBe(1n);
  });
});

describe('GIC distributor: behaviour', () => {
  it('forwards only enabled, pending, inactive interrupts targeted at the CPU, highest priority first', () => {
    const d = dist();
    d.setRoute(40, 0); d.setRoute(41, 0); d.setRoute(42, 1);
    d.setPriority(40, 0xa0); d.setPriority(41, 0x80); d.setPriority(42, 0x10);
    d.setTrigger(40, 'edge'); d.setTrigger(41, 'edge'); d.setTrigger(42, 'edge');
    d.assertSpi(40, true, [1]); d.assertSpi(41, true, [2]); d.assertSpi(42, true, [3]);
    expect(d.highestPending(0)).toBeNull(); // nothing enabled yet
    d.enable(40, true); d.enable(41, true); d.enable(42, true);
    expect(d.highestPending(0)).toEqual({ intid: 41, priority: 0x80 });
    expect(d.highestPending(1)).toEqual({ intid: 42, priority: 0x10 });
    d.acknowledge(41, 0);
    expect(d.highestPending(0)).toEqual({ intid: 40, priority: 0xa0 }); // 41 is active now
  });

  it('stores only the implemented priority bits (5: 32 levels)', () => {
    const d = dist();
    d.setPriority(33, 0xff);
    expect(d.priorityOf(33)).toBe(0xf8);
    expect(d.regs.getField(d.regs.index('IPRIORITYR8'), 'p33')).toBe(0xf8n);
  });

  it('a level input held high stays pending after deactivation', () => {
    const d = dist();
    d.setTrigger(50, 'level'); d.enable(50, true); d.setRoute(50, 0);
    d.assertSpi(50, true, [7]);
    expect(d.acknowledge(50, 0)).toEqual([7]);
    expect(d.isActive(50) && d.isPending(50)).toBe(true); // active+pending: the line is still high
    expect(d.highestPending(0)).toBeNull(); // not forwarded again while active
    d.deactivate(50, 0);
    expect(d.highestPending(0)?.intid).toBe(50); // pends again at once
    d.acknowledge(50, 0);
    d.assertSpi(50, false); // the driver cleared the device condition
    d.deactivate(50, 0);
    expect(d.isPending(50)).toBe(false);
    expect(d.highestPending(0)).toBeNull();
  });

  it('an edge input latches pending: an edge while active is taken again after deactivation', () => {
    const d = dist();
    d.setTrigger(51, 'edge'); d.enable(51, true); d.setRoute(51, 0);
    d.edgeSpi(51, [1]);
    expect(d.isPending(51)).toBe(true);
    d.acknowledge(51, 0);
    expect(d.isPending(51)).toBe(false);
    d.edgeSpi(51, [2]);
    expect(d.isActive(51) && d.isPending(51)).toBe(true);
    expect(d.deactivate(51, 0)).toEqual([1]);
    expect(d.acknowledge(51, 0)).toEqual([2]);
  });

  it('an edge on an interrupt already pending merges into it (coalesced)', () => {
    const d = dist();
    d.setTrigger(52, 'edge'); d.enable(52, true); d.setRoute(52, 0);
    expect(d.edgeSpi(52, [1])).toEqual({ coalesced: false, intoFlow: 1 });
    expect(d.edgeSpi(52, [2])).toEqual({ coalesced: true, intoFlow: 1 });
    expect(d.acknowledge(52, 0)).toEqual([1, 2]);
  });

  it('banks PPIs per CPU', () => {
    const d = dist();
    d.enable(27, true, 1); d.setTrigger(27, 'level', 1);
    d.setPpi(1, 27, true, [9]);
    expect(d.isPending(27, 1)).toBe(true);
    expect(d.isPending(27, 0)).toBe(false);
    expect(d.highestPending(0)).toBeNull();
    expect(d.highestPending(1)?.intid).toBe(27);
    expect(d.banks[1]!.testBit(d.banks[1]!.index('ISPENDR0'), 27)).toBe(true);
    expect(d.banks[0]!.testBit(d.banks[0]!.index('ISPENDR0'), 27)).toBe(false);
  });

  it('reflects state in the set/clear register pairs, and software writes go through them', () => {
    const d = dist();
    const isen = d.regs.index('ISENABLER1');
    d.regs.write(isen, 1n << 3n); // INTID 35
    expect(d.isEnabled(35)).toBe(true);
    expect(d.regs.raw(d.regs.index('ICENABLER1'))).toBe(1n << 3n);
    d.regs.write(d.regs.index('ICENABLER1'), 1n << 3n);
    expect(d.isEnabled(35)).toBe(false);
    expect(d.regs.raw(isen)).toBe(0n);
    d.regs.write(d.regs.index('ISPENDR1'), 1n << 4n); // software pend INTID 36
    expect(d.isPending(36)).toBe(true);
    d.regs.write(d.regs.index('ICFGR2'), 1n << 9n); // INTID 36 (2*4+1) edge
    expect(d.triggerOf(36)).toBe('edge');
  });

  it('targets v2 SPIs by ITARGETSR mask and v3 SPIs by IROUTER (one CPU, or 1 of N)', () => {
    const v2 = dist('v2');
    v2.regs.write(v2.regs.index('ITARGETSR8'), 0x02n); // INTID 32 → cpu1
    expect([v2.isTargeted(32, 0), v2.isTargeted(32, 1)]).toEqual([false, true]);
    const v3 = dist('v3');
    v3.regs.write(v3.regs.index('IROUTER32'), 1n); // Aff0 = 1
    expect([v3.isTargeted(32, 0), v3.isTargeted(32, 1)]).toEqual([false, true]);
    v3.regs.write(v3.regs.index('IROUTER32'), 1n << 31n); // IRM: any
    expect([v3.isTargeted(32, 0), v3.isTargeted(32, 1)]).toEqual([true, true]);
  });

  it('raises an SGI on each target CPU, from a GICD_SGIR write on v2', () => {
    const g = new ArmGic({ version: GICV2, cpus: 2 });
    g.dist.setEnabledGlobally(true);
    g.dist.enable(3, true, 1);
    g.dist.regs.write(g.dist.regs.index('SGIR'), (0b10n << 16n) | 3n); // SGI 3 → cpu1
    expect(g.dist.isPending(3, 1)).toBe(true);
    expect(g.dist.isPending(3, 0)).toBe(false);
  });

  it('forwards nothing while GICD_CTLR is disabled (v2 bit 0, v3 EnableGrp1 bit 1)', () => {
    for (const version of ['v2', 'v3'] as const) {
      const d = new GicDistributor({ version: GIC_VERSIONS[version], cpus: 1, spis: 32 });
      d.enable(40, true); d.setRoute(40, 0); d.setTrigger(40, 'edge'); d.edgeSpi(40);
      expect(d.highestPending(0)).toBeNull();
      const ctlr = d.regs.index('CTLR');
      d.regs.write(ctlr, version === 'v2' ? 1n : 0x52n);
      expect(d.highestPending(0)?.intid).toBe(40);
    }
  });
});

describe('GICv2 distributor: GICD_SGIR filters, target masks and banks per accessing CPU', () => {
  const four = () => {
    const d = new GicDistributor({ version: GICV2, cpus: 4, spis: 32 });
    d.setEnabledGlobally(true);
    return d;
  };
  const sgir = (filter: number, list: number, intid: number) => (BigInt(filter) << 24n) | (BigInt(list) << 16n) | BigInt(intid);
  const pendingOn = (d: GicDistributor, intid: number) => [0, 1, 2, 3].filter((c) => d.isPending(intid, c));

  it('TargetListFilter 0 sends to the CPUs in CPUTargetList; bits for CPUs that do not exist are ignored', () => {
    const d = four();
    d.accessBy(2, () => d.regs.write(d.regs.index('SGIR'), sgir(0, 0b1111_0011, 5)));
    expect(pendingOn(d, 5)).toEqual([0, 1]);
    expect(d.sgiSourceOf(5, 0)).toBe(2);
  });

  it('TargetListFilter 1 sends to every CPU but the writer; 2 to the writer only', () => {
    const d = four();
    d.accessBy(2, () => d.regs.write(d.regs.index('SGIR'), sgir(1, 0, 6)));
    expect(pendingOn(d, 6)).toEqual([0, 1, 3]);
    expect(d.sgiSourceOf(6, 3)).toBe(2);
    d.accessBy(3, () => d.regs.write(d.regs.index('SGIR'), sgir(2, 0, 7)));
    expect(pendingOn(d, 7)).toEqual([3]);
    expect(d.sgiSourceOf(7, 3)).toBe(3);
  });

  it('TargetListFilter 3 is reserved: no SGI, a guest error noted', () => {
    const d = four();
    d.accessBy(1, () => d.regs.write(d.regs.index('SGIR'), sgir(3, 0xff, 8)));
    expect(pendingOn(d, 8)).toEqual([]);
    expect(d.notes.at(-1)).toMatch(/TargetListFilter 3/);
  });

  it('ITARGETSR keeps only the bits of CPUs that exist (GICD_TYPER.CPUNumber = CPUs - 1)', () => {
    const d = four();
    expect(d.regs.getField(d.regs.index('TYPER'), 'CPUNumber')).toBe(3n);
    d.regs.write(d.regs.index('ITARGETSR8'), 0xffn); // INTID 32 → all eight bits
    expect(d.regs.getField(d.regs.index('ITARGETSR8'), 't32')).toBe(0x0fn);
    d.setTargets(33, 0x30);
    expect(d.regs.getField(d.regs.index('ITARGETSR8'), 't33')).toBe(0n);
    expect([0, 1, 2, 3].map((c) => d.isTargeted(33, c))).toEqual([false, false, false, false]);
  });

  it('the banked SGI/PPI registers answer for the CPU that reads them (ITARGETSR0..7: its own bit, read-only)', () => {
    const d = four();
    d.bankOf(1).write(d.bankOf(1).index('ISENABLER0'), 1n << 27n);
    expect([d.isEnabled(27, 0), d.isEnabled(27, 1)]).toEqual([false, true]);
    for (const c of [0, 1, 2, 3]) expect(d.bankOf(c).getField(d.bankOf(c).index('ITARGETSR6'), 't27')).toBe(BigInt(1 << c));
    const b = d.bankOf(2);
    const i = b.index('ITARGETSR6');
    expect(b.write(i, b.raw(i) | (0xffn << 24n)).refusedFields).toEqual(['t27']);
    expect(b.getField(i, 't27')).toBe(4n);
  });
});

describe('SGI pending bits in ISPENDR0/ICPENDR0', () => {
  it('are WI on GICv2 (SGIs pend through GICD_SGIR) and writable in a GICv3 redistributor', () => {
    for (const [version, writable] of [['v2', false], ['v3', true]] as const) {
      const d = new GicDistributor({ version: GIC_VERSIONS[version], cpus: 2, spis: 32 });
      const b = d.bankOf(1);
      b.write(b.index('ISPENDR0'), (1n << 3n) | (1n << 20n)); // SGI 3 and PPI 20
      expect([d.isPending(3, 1), d.isPending(20, 1)]).toEqual([writable, true]);
      expect(b.testBit(b.index('ISPENDR0'), 3)).toBe(writable);
      d.sendSgi(3, 0, [1]);
      b.write(b.index('ICPENDR0'), 1n << 3n);
      expect(d.isPending(3, 1)).toBe(!writable);
    }
  });
});

