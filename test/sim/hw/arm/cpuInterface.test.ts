import { describe, expect, it } from 'vitest';
import { GIC_VERSIONS, GICV2, GICV3 } from '../../../../src/sim/hw/arm/gicVersion';
import { ArmGic } from '../../../../src/sim/hw/arm/gic';

function setup(version: 'v2' | 'v3' = 'v2') {
  const g = new ArmGic({ version: GIC_VERSIONS[version], cpus: 1, spis: 32 });
  g.dist.setEnabledGlobally(true);
  const c = g.cpuIfs[0]!;
  c.setEnabled(true);
  c.setPmr(0xf0);
  for (const [id, prio] of [[40, 0xa0], [41, 0x80], [42, 0x40]] as const) {
    g.dist.enable(id, true); g.dist.setRoute(id, 0); g.dist.setTrigger(id, 'edge'); g.dist.setPriority(id, prio);
  }
  return { g, c };
}

describe('GIC CPU interface: declarations', () => {
  it('puts GICC registers at the GICv2 offsets (DIR in the second page)', () => {
    const off = (n: string) => GICV2.cpuIf.decl.registers.find((r) => r.name === n)!.offset;
    expect([off('CTLR'), off('PMR'), off('BPR'), off('IAR'), off('EOIR'), off('RPR'), off('HPPIR'), off('DIR')])
      .toEqual([0x00, 0x04, 0x08, 0x0c, 0x10, 0x14, 0x18, 0x1000]);
    const ctlr = GICV2.cpuIf.decl.registers.find((r) => r.name === 'CTLR')!;
    expect(ctlr.fields.find((f) => f.name === 'EOImodeNS')).toMatchObject({ msb: 9, lsb: 9 });
  });

  it('names the GICv3 ICC system registers by encoding (ICC_IAR1_EL1 = S3_0_C12_C12_0, EOImode = CTLR bit 1)', () => {
    const r = (n: string) => GICV3.cpuIf.decl.registers.find((x) => x.name === n)!;
    expect(r('ICC_IAR1_EL1').meaning).toContain('S3_0_C12_C12_0');
    expect(r('ICC_PMR_EL1').meaning).toContain('S3_0_C4_C6_0');
    expect(r('ICC_DIR_EL1').meaning).toContain('S3_0_C12_C11_1');
    expect(r('ICC_CTLR_EL1').fields.find((f) => f.name === 'EOImode')).toMatchObject({ msb: 1, lsb: 1 });
  });
});

describe('GIC CPU interface: behaviour', () => {
  for (const version of ['v2', 'v3'] as const) {
    it(`${version}: acknowledges the highest priority first, and a higher priority preempts the running one`, () => {
      const { g, c } = setup(version);
      g.dist.edgeSpi(40, [1]);
      g.dist.edgeSpi(41, [2]);
      const a = c.ack();
      expect([a.intid, a.flows]).toEqual([41, [2]]);
      expect(c.runningPriority()).toBe(0x80);
      expect(c.regs.raw(c.regs.index(c.layout.rpr.reg))).toBe(0x80n);
      expect(c.irqPending()).toBe(false); // 40 (0xa0) cannot preempt 0x80
      expect(c.ack().intid).toBe(1023);
      g.dist.edgeSpi(42, [3]); // 0x40 preempts
      expect(c.irqPending()).toBe(true);
      expect(c.ack().intid).toBe(42);
      expect(c.runningPriority()).toBe(0x40);
      c.eoi(42);
      expect(c.runningPriority()).toBe(0x80);
      c.eoi(41);
      expect(c.runningPriority()).toBe(0xff);
      expect(c.ack().intid).toBe(40);
    });
  }

  it('PMR masks priorities at or below it (numerically at or above)', () => {
    const { g, c } = setup();
    g.dist.edgeSpi(40); // 0xa0
    c.setPmr(0xa0);
    expect(c.irqPending()).toBe(false);
    expect(c.ack().intid).toBe(1023);
    expect(c.hppir()).toBe(40); // HPPIR still names it
    c.setPmr(0xa8);
    expect(c.irqPending()).toBe(true);
  });

  it('returns 1023 (spurious) when nothing is pending or the interface is disabled', () => {
    const { g, c } = setup();
    expect(c.ack().intid).toBe(1023);
    g.dist.edgeSpi(41);
    c.setEnabled(false);
    expect(c.ack().intid).toBe(1023);
    c.setEnabled(true);
    expect(c.ack().intid).toBe(41);
    expect(c.regs.getField(c.regs.index('IAR'), 'InterruptID')).toBe(41n);
  });

  it('EOImode 0: EOIR drops priority and deactivates', () => {
    const { g, c } = setup();
    g.dist.edgeSpi(41, [5]);
    c.ack();
    expect(g.dist.isActive(41)).toBe(true);
    expect(c.eoi(41)).toEqual([5]);
    expect(g.dist.isActive(41)).toBe(false);
  });

  it('EOImode 1: EOIR only drops priority (the interrupt stays active, others can be taken); DIR deactivates', () => {
    const { g, c } = setup();
    c.setSplitEoi(true);
    g.dist.edgeSpi(41, [5]);
    c.ack();
    expect(c.eoi(41)).toEqual([]);
    expect(c.runningPriority()).toBe(0xff);
    expect(g.dist.isActive(41)).toBe(true);
    g.dist.edgeSpi(41, [6]); // active+pending: not forwarded until deactivated
    expect(c.irqPending()).toBe(false);
    g.dist.edgeSpi(40, [7]);
    expect(c.ack().intid).toBe(40);
    expect(c.dir(41)).toEqual([5]);
    expect(g.dist.isActive(41)).toBe(false);
  });

  it('a level interrupt held high re-fires after EOI', () => {
    const { g, c } = setup();
    g.dist.setTrigger(40, 'level');
    g.dist.assertSpi(40, true, [1]);
    expect(c.ack().intid).toBe(40);
    c.eoi(40);
    expect(c.irqPending()).toBe(true);
    expect(c.ack()).toMatchObject({ intid: 40, flows: [] }); // the same assertion, no new flow
  });

  it('reports the SGI source CPU in IAR.CPUID (v2)', () => {
    const g = new ArmGic({ version: GICV2, cpus: 2 });
    g.dist.setEnabledGlobally(true);
    const c1 = g.cpuIfs[1]!;
    c1.setEnabled(true); c1.setPmr(0xf8);
    g.dist.enable(1, true, 1);
    g.dist.sendSgi(1, 0, [1], [4]);
    expect(c1.ack()).toMatchObject({ intid: 1, source: 0, flows: [4] });
  });

  it('v3: a write to ICC_SGI1R_EL1 raises the SGI on the listed CPUs', () => {
    const g = new ArmGic({ version: GICV3, cpus: 2 });
    g.dist.setEnabledGlobally(true);
    const c0 = g.cpuIfs[0]!;
    c0.regs.write(c0.regs.index('ICC_SGI1R_EL1'), (5n << 24n) | 0b10n);
    expect(g.dist.isPending(5, 1)).toBe(true);
    expect(g.dist.sgiSourceOf(5, 1)).toBe(0);
  });
});
