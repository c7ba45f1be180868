import { describe, expect, it } from 'vitest';
import { GIC_VERSIONS, GICV2, GICV3 } from '../../../../src/sim/hw/arm/gicVersion';
import { ArmGic } from '../../../../src/sim/hw/arm/gic';
import { GicVirtInterface } from '../../../../src/sim/hw/arm/virtInterface';
import { inPort, wireNode } from '../../../../src/sim/core/wires';

const versions = ['v2', 'v3'] as const;

function vif(version: 'v2' | 'v3', listRegs = 4) {
  const v = new GicVirtInterface(GIC_VERSIONS[version], 0, { listRegs });
  v.setHcr({ En: 1 });
  v.guestSetup({ pmr: 0xf8 });
  return v;
}

describe('virtualization interface: layouts from the facts sheet (§E.1, §E.2)', () => {
  const pos = (f: { msb: number; lsb: number }) => ({ msb: f.msb, lsb: f.lsb });

  it('GICv2 GICH_LR: VirtualID 9:0, priority 27:23, state 29:28, Grp1 30, HW 31; HW = 1: PhysicalID 19:10; HW = 0: EOI 19, CPUID 12:10', () => {
    const L = GICV2.virt(4).lrLayout;
    const c = L.common;
    expect([pos(c.vINTID), pos(c.priority), pos(c.state), pos(c.group), pos(c.hw)])
      .toEqual([{ msb: 9, lsb: 0 }, { msb: 27, lsb: 23 }, { msb: 29, lsb: 28 }, { msb: 30, lsb: 30 }, { msb: 31, lsb: 31 }]);
    expect(pos(L.physical.pINTID)).toEqual({ msb: 19, lsb: 10 });
    expect([pos(L.virtual.EOI), pos(L.virtual.CPUID!)]).toEqual([{ msb: 19, lsb: 19 }, { msb: 12, lsb: 10 }]);
  });

  it('GICv3 ICH_LR<n>_EL2: vINTID 31:0, priority 55:48, Group 60, HW 61, state 63:62; HW = 1: pINTID 41:32; HW = 0: EOI 41, no CPUID', () => {
    const L = GICV3.virt(4).lrLayout;
    const c = L.common;
    expect([pos(c.vINTID), pos(c.priority), pos(c.state), pos(c.group), pos(c.hw)])
      .toEqual([{ msb: 31, lsb: 0 }, { msb: 55, lsb: 48 }, { msb: 63, lsb: 62 }, { msb: 60, lsb: 60 }, { msb: 61, lsb: 61 }]);
    expect(pos(L.physical.pINTID)).toEqual({ msb: 41, lsb: 32 });
    expect(pos(L.virtual.EOI)).toEqual({ msb: 41, lsb: 41 });
    expect(L.virtual.CPUID).toBeUndefined();
  });

  it('declares the list registers with their HW = 0 and HW = 1 variants', () => {
    for (const [v, name] of [[GICV2, 'LR0'], [GICV3, 'ICH_LR0_EL2']] as const) {
      const d = v.virt(4).decl.registers.find((r) => r.name === name)!;
      expect(d.variants?.selector).toBe('hw');
      expect(d.variants!.layouts[1]!.map((f) => f.name)).toEqual(['pINTID']);
      expect(d.variants!.layouts[0]!.map((f) => f.name)).toEqual(v === GICV2 ? ['EOI', 'CPUID'] : ['EOI']);
    }
  });

  it('GICH offsets: HCR 0, VTR 4, VMCR 8, MISR 0x10, EISR 0x20/0x24, ELRSR 0x30/0x34, APR 0xF0, LRn at 0x100 + 4n', () => {
    const d = GICV2.virt(6).decl;
    const off = (n: string) => d.registers.find((r) => r.name === n)!.offset;
    expect(['HCR', 'VTR', 'VMCR', 'MISR', 'EISR0', 'EISR1', 'ELRSR0', 'ELRSR1', 'APR', 'LR0', 'LR5'].map(off))
      .toEqual([0x0, 0x4, 0x8, 0x10, 0x20, 0x24, 0x30, 0x34, 0xf0, 0x100, 0x114]);
    expect(d.registers.some((r) => r.name === 'LR6')).toBe(false);
  });

  it('HCR and MISR bits: En 0, UIE 1, LRENPIE 2, NPIE 3, EOICount 31:27; MISR EOI 0, U 1, LRENP 2, NP 3 (same in ICH_*_EL2)', () => {
    for (const version of versions) {
      const L = GIC_VERSIONS[version].virt(4);
      const f = (r: string, n: string) => L.decl.registers.find((x) => x.name === r)!.fields.find((x) => x.name === n)!;
      expect([f(L.hcr, 'En').lsb, f(L.hcr, 'UIE').lsb, f(L.hcr, 'LRENPIE').lsb, f(L.hcr, 'NPIE').lsb]).toEqual([0, 1, 2, 3]);
      expect(f(L.hcr, 'EOICount')).toMatchObject({ msb: 31, lsb: 27 });
      expect([f(L.misr, 'EOI').lsb, f(L.misr, 'U').lsb, f(L.misr, 'LRENP').lsb, f(L.misr, 'NP').lsb]).toEqual([0, 1, 2, 3]);
    }
    const v3 = GICV3.virt(4).decl;
    expect(v3.registers.find((r) => r.name === 'ICH_HCR_EL2')!.fields.find((f) => f.name === 'TDIR')!.lsb).toBe(14);
  });

  it('VTR.ListRegs is the configured count minus one (default 4 list registers)', () => {
    const v = new GicVirtInterface(GICV2, 0);
    expect(v.listRegs).toBe(4);
    expect(v.regs.getField(v.regs.index('VTR'), 'ListRegs')).toBe(3n);
    const w = new GicVirtInterface(GICV3, 0, { listRegs: 16 });
    expect(w.regs.getField(w.regs.index('ICH_VTR_EL2'), 'ListRegs')).toBe(15n);
    expect(() => new GicVirtInterface(GICV3, 0, { listRegs: 17 })).toThrow();
  });

  for (const version of versions) {
    it(`${version}: encodes and decodes list registers at the declared positions`, () => {
      const v = vif(version);
      const L = v.layout.lrLayout;
      v.lrWrite(0, { state: 'pending', vintid: 27, priority: 0xa0, group: 1, hw: true, pintid: 27 });
      const raw = v.regs.raw(v.regs.index(v.layout.lr(0)));
      expect(L.common.hw.num(raw)).toBe(1);
      expect(L.physical.pINTID.num(raw)).toBe(27);
      expect(L.common.state.num(raw)).toBe(1);
      expect(v.lrRead(0)).toEqual({ state: 'pending', vintid: 27, priority: 0xa0, group: 1, hw: true, pintid: 27, eoi: false, cpuid: 0 });
      v.lrWrite(1, { state: 'pending', vintid: 40, priority: 0x80, eoi: true });
      const raw1 = v.regs.raw(v.regs.index(v.layout.lr(1)));
      expect((raw1 >> BigInt(version === 'v2' ? 19 : 41)) & 1n).toBe(1n);
      expect(v.lrRead(1)).toMatchObject({ hw: false, eoi: true, pintid: 0 });
    });

    it(`${version}: an LR rewritten from HW = 1 to HW = 0 keeps none of the physical INTID's bits`, () => {
      const v = vif(version);
      v.lrWrite(0, { state: 'pending', vintid: 40, priority: 0xa0, hw: true, pintid: 0x3ff });
      v.lrClear(0);
      expect(v.regs.raw(v.regs.index(v.layout.lr(0)))).toBe(0n);
      // The same through a software write of the whole register (the inspector's path).
      const i = v.regs.index(v.layout.lr(0));
      v.regs.write(i, v.encode({ state: 'pending', vintid: 40, priority: 0xa0, hw: true, pintid: 0x3ff }));
      const virtual = v.encode({ state: 'pending', vintid: 40, priority: 0xa0, eoi: true });
      v.regs.write(i, virtual);
      expect(v.regs.raw(i)).toBe(virtual);
      expect(v.lrRead(0)).toMatchObject({ hw: false, eoi: true, cpuid: 0 });
    });
  }

  it('v2 keeps the SGI source CPUID in LR bits 12:10 when HW = 0', () => {
    const v = vif('v2');
    v.lrWrite(0, { state: 'pending', vintid: 3, priority: 0xa0, cpuid: 5 });
    expect((v.regs.raw(v.regs.index('LR0')) >> 10n) & 7n).toBe(5n);
    expect(v.lrRead(0).cpuid).toBe(5);
  });
});

describe('virtualization interface: list register state transitions', () => {
  for (const version of versions) {
    it(`${version}: pending → active (guest acknowledge) → invalid (guest EOI); ELRSR follows`, () => {
      const v = vif(version);
      expect(v.freeLrs()).toEqual([0, 1, 2, 3]);
      v.lrWrite(0, { state: 'pending', vintid: 40, priority: 0xa0 }, [11]);
      expect(v.freeLrs()).toEqual([1, 2, 3]);
      expect(v.guestIrqPending()).toBe(true);
      const a = v.guestAck();
      expect(a).toEqual({ intid: 40, lr: 0, priority: 0xa0, flows: [11] });
      expect(v.lrRead(0).state).toBe('active');
      expect(v.guestRunningPriority()).toBe(0xa0);
      v.guestEoi(40);
      expect(v.lrRead(0).state).toBe('invalid');
      expect(v.freeLrs()).toEqual([0, 1, 2, 3]);
      expect(v.guestRunningPriority()).toBe(0xff);
    });

    it(`${version}: pending+active: the guest finishes the active part, the LR stays pending and is taken again`, () => {
      const v = vif(version);
      v.lrWrite(0, { state: 'pending', vintid: 41, priority: 0xa0 }, [1]);
      v.guestAck();
      v.lrWrite(0, { state: 'pending+active', vintid: 41, priority: 0xa0 }, [2]);
      expect(v.lrFlows(0)).toEqual({ pending: [2], active: [1] });
      expect(v.guestIrqPending()).toBe(false); // active+pending is not signalled again while active
      v.guestEoi(41);
      expect(v.lrRead(0).state).toBe('pending');
      expect(v.lrFlows(0)).toEqual({ pending: [2], active: [] }); // the active part's flows are done
      expect(v.guestAck()).toMatchObject({ intid: 41, flows: [2] });
    });

    it(`${version}: EOImode 1 splits priority drop (EOIR) from deactivation (DIR)`, () => {
      const v = vif(version);
      v.guestSetup({ pmr: 0xf8, splitEoi: true });
      v.lrWrite(0, { state: 'pending', vintid: 42, priority: 0x80 });
      v.guestAck();
      v.guestEoi(42);
      expect(v.guestRunningPriority()).toBe(0xff);
      expect(v.lrRead(0).state).toBe('active');
      v.guestDir(42);
      expect(v.lrRead(0).state).toBe('invalid');
    });
  }
});

describe('virtualization interface: HW = 1 forwarding vs EOI maintenance (facts §E.3)', () => {
  for (const version of versions) {
    it(`${version}: HW = 1: the guest's deactivation deactivates the physical INTID, with no maintenance interrupt`, () => {
      const g = new ArmGic({ version: GIC_VERSIONS[version], cpus: 1, spis: 32 });
      const d = g.dist;
      d.setEnabledGlobally(true);
      const host = g.cpuIfs[0]!;
      host.setEnabled(true); host.setPmr(0xf8); host.setSplitEoi(true);
      d.setTrigger(40, 'level'); d.enable(40, true); d.setRoute(40, 0); d.setPriority(40, 0xa0);
      d.enable(25, true);
      const v = g.virtIfs[0]!;
      v.setHcr({ En: 1 }); v.guestSetup();
      // the device asserts its level SPI; the host takes it, drops priority only (EOImode 1) and forwards it
      d.assertSpi(40, true, [1]);
      const a = host.ack();
      host.eoi(a.intid);
      expect(d.isActive(40)).toBe(true);
      v.lrWrite(0, { state: 'pending', vintid: 40, priority: 0xa0, hw: true, pintid: 40 }, a.flows);
      const hw: number[][] = [];
      g.wires.connect(d.deactivatedOut(40), inPort(wireNode('test/vfio', 'test'), 'deactivated', 'eoi', (f: number[]) => hw.push(f)));
      v.guestAck();
      d.assertSpi(40, false); // the guest driver clears the device condition
      v.guestEoi(40);
      expect(hw).toEqual([[1]]); // the forwarder of INTID 40 is told, with the flows that rode on it
      expect(d.isActive(40)).toBe(false);
      expect(v.misr()).toBe(0);
      expect(v.maintenance).toBe(false);
      expect(d.isPending(25)).toBe(false);
      expect(v.freeLrs()).toContain(0);
    });

    it(`${version}: HW = 0 level with the EOI bit: the guest EOI invalidates the LR, sets EISR and MISR.EOI, asserts PPI 25`, () => {
      const g = new ArmGic({ version: GIC_VERSIONS[version], cpus: 1, spis: 32 });
      g.dist.setEnabledGlobally(true);
      g.dist.enable(25, true);
      const host = g.cpuIfs[0]!;
      host.setEnabled(true); host.setPmr(0xf8);
      const v = g.virtIfs[0]!;
      v.setHcr({ En: 1 }); v.guestSetup();
      v.lrWrite(2, { state: 'pending', vintid: 40, priority: 0xa0, eoi: true }, [3]);
      v.guestAck();
      expect(v.maintenance).toBe(false);
      v.guestEoi(40);
      expect(v.lrRead(2).state).toBe('invalid');
      expect(v.eisrLrs()).toEqual([2]);
      expect(v.freeLrs()).not.toContain(2); // not empty until the hypervisor rewrites it
      expect(v.misrReasons()).toEqual(['EOI']);
      expect(v.maintenance).toBe(true);
      expect(g.dist.isPending(25, 0)).toBe(true);
      expect(host.ack().intid).toBe(25); // the host takes the maintenance interrupt
      v.lrClear(2); // KVM folds the LR and rewrites it
      expect(v.misr()).toBe(0);
      expect(g.dist.isPending(25, 0)).toBe(false); // level: deasserted with MISR
    });
  }

  it('HW = 0 without the EOI bit (edge): the LR just frees, no maintenance', () => {
    const v = vif('v2');
    v.lrWrite(0, { state: 'pending', vintid: 44, priority: 0xa0 });
    v.guestAck();
    v.guestEoi(44);
    expect(v.eisrLrs()).toEqual([]);
    expect(v.misr()).toBe(0);
  });

  it('no maintenance while HCR.En is clear, even with reasons in MISR', () => {
    const v = vif('v3');
    v.setHcr({ En: 0, NPIE: 1 });
    expect(v.misrReasons()).toContain('NP');
    expect(v.maintenance).toBe(false);
    v.setHcr({ En: 1 });
    expect(v.maintenance).toBe(true);
  });
});

describe('virtualization interface: maintenance reasons', () => {
  for (const version of versions) {
    it(`${version}: underflow (UIE and at most one valid LR) → MISR.U`, () => {
      const v = vif(version);
      v.setHcr({ UIE: 1 });
      expect(v.misrReasons()).toEqual(['U']); // zero valid
      v.lrWrite(0, { state: 'pending', vintid: 40, priority: 0xa0 });
      expect(v.misrReasons()).toEqual(['U']); // one valid
      v.lrWrite(1, { state: 'pending', vintid: 41, priority: 0xa0 });
      expect(v.misr()).toBe(0); // two valid
      v.guestAck(); v.guestEoi(40);
      expect(v.misrReasons()).toEqual(['U']);
    });

    it(`${version}: NPIE and no LR in the pending state → MISR.NP (an active LR does not count as pending)`, () => {
      const v = vif(version);
      v.setHcr({ NPIE: 1 });
      v.lrWrite(0, { state: 'pending', vintid: 40, priority: 0xa0 });
      expect(v.misr()).toBe(0);
      v.guestAck();
      expect(v.misrReasons()).toEqual(['NP']);
    });

    it(`${version}: an EOI that finds no LR counts in EOICount → MISR.LRENP with LRENPIE`, () => {
      const v = vif(version);
      v.setHcr({ LRENPIE: 1 });
      v.lrWrite(0, { state: 'pending', vintid: 40, priority: 0xa0 });
      v.guestAck();
      v.lrClear(0); // the hypervisor took the active interrupt out of the LRs (more active than LRs)
      v.guestEoi(40);
      expect(v.hcr('EOICount')).toBe(1);
      expect(v.misrReasons()).toEqual(['LRENP']);
    });

    it(`${version}: VGrp1E / VGrp1D follow the guest's Group 1 enable`, () => {
      const v = vif(version);
      v.setHcr({ VGrp1EIE: 1 });
      expect(v.misrReasons()).toEqual(['VGrp1E']);
      v.setHcr({ VGrp1EIE: 0, VGrp1DIE: 1 });
      expect(v.misr()).toBe(0);
      v.guestSetup({ enable: false });
      expect(v.misrReasons()).toEqual(['VGrp1D']);
    });
  }
});

describe('virtual CPU interface: priority', () => {
  for (const version of versions) {
    it(`${version}: the highest-priority pending LR is taken first; the virtual PMR masks; running priority blocks equal or lower`, () => {
      const v = vif(version);
      v.lrWrite(0, { state: 'pending', vintid: 40, priority: 0xc0 });
      v.lrWrite(1, { state: 'pending', vintid: 41, priority: 0x40 });
      v.lrWrite(2, { state: 'pending', vintid: 42, priority: 0x80 });
      v.guestSetPmr(0x40);
      expect(v.guestAck().intid).toBe(1023); // 0x40 is not below PMR 0x40
      v.guestSetPmr(0xf8);
      expect(v.guestAck().intid).toBe(41);
      expect(v.guestRunningPriority()).toBe(0x40);
      expect(v.guestAck().intid).toBe(1023); // 0x80 cannot preempt 0x40
      v.guestEoi(41);
      expect(v.guestAck().intid).toBe(42);
      v.lrWrite(3, { state: 'pending', vintid: 43, priority: 0x20 });
      expect(v.guestAck().intid).toBe(43); // 0x20 preempts 0x80
      expect(v.guestRunningPriority()).toBe(0x20);
      v.guestEoi(43);
      v.guestEoi(42);
      expect(v.guestAck().intid).toBe(40);
    });
  }

  it('v2 LR priority holds bits 7:3 only', () => {
    const v = vif('v2');
    v.lrWrite(0, { state: 'pending', vintid: 40, priority: 0xa7 });
    expect(v.lrRead(0).priority).toBe(0xa0);
  });

  it('nothing is signalled to the guest while HCR.En is clear or its Group 1 is disabled', () => {
    const v = vif('v2');
    v.lrWrite(0, { state: 'pending', vintid: 40, priority: 0xa0 });
    v.setHcr({ En: 0 });
    expect(v.guestIrqPending()).toBe(false);
    v.setHcr({ En: 1 });
    v.guestSetup({ enable: false });
    expect(v.guestIrqPending()).toBe(false);
  });
});
