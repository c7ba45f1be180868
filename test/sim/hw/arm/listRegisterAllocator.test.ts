import { describe, expect, it } from 'vitest';
import { GIC_VERSIONS } from '../../../../src/sim/hw/arm/gicVersion';
import { ArmGic } from '../../../../src/sim/hw/arm/gic';
import { ListRegisterAllocator } from '../../../../src/sim/hw/arm/listRegisterAllocator';
import { GicVirtInterface } from '../../../../src/sim/hw/arm/virtInterface';

function setup(version: 'v2' | 'v3') {
  const v = new GicVirtInterface(GIC_VERSIONS[version], 0, { listRegs: 4 });
  v.setHcr({ En: 1 });
  v.guestSetup({ pmr: 0xf8 });
  return { v, a: new ListRegisterAllocator(v) };
}

describe('list register allocator (the vGIC side of the LRs)', () => {
  for (const version of ['v2', 'v3'] as const) {
    it(`${version}: 8 pending sources with 4 LRs: underflow maintenance refills the LRs and none is lost`, () => {
      const g = new ArmGic({ version: GIC_VERSIONS[version], cpus: 1, spis: 32, listRegs: 4 });
      g.dist.setEnabledGlobally(true);
      g.dist.enable(25, true);
      const host = g.cpuIfs[0]!;
      host.setEnabled(true); host.setPmr(0xf8);
      const v = g.virtIfs[0]!;
      v.setHcr({ En: 1 }); v.guestSetup();
      const a = new ListRegisterAllocator(v);
      for (let i = 0; i < 8; i++) a.inject({ vintid: 40 + i, priority: 0xa0, level: false, flows: [100 + i] });
      const r = a.flush();
      expect(r).toEqual({ written: [0, 1, 2, 3], overflow: 4 });
      expect(v.hcr('UIE')).toBe(1);

      const delivered: number[] = [];
      const flows: number[] = [];
      const completed: number[] = [];
      let underflows = 0;
      for (let guard = 0; guard < 100 && (a.size > 0); guard++) {
        const ack = v.guestAck();
        if (ack.intid !== 1023) {
          delivered.push(ack.intid);
          flows.push(...ack.flows);
          v.guestEoi(ack.intid);
        }
        if (v.maintenance || ack.intid === 1023) {
          if (v.misrReasons().includes('U')) underflows++;
          // the host takes PPI 25, enters EL2, folds and refills
          if (host.irqPending()) { const m = host.ack(); expect(m.intid).toBe(25); host.eoi(25); }
          const s = a.sync();
          for (const e of s.folded) completed.push(...e.completed);
        }
      }
      expect(delivered.sort((x, y) => x - y)).toEqual([40, 41, 42, 43, 44, 45, 46, 47]);
      expect(flows.sort()).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
      expect(completed.sort()).toEqual([100, 101, 102, 103, 104, 105, 106, 107]);
      expect(underflows).toBeGreaterThan(0);
      expect(a.size).toBe(0);
      expect(v.hcr('UIE')).toBe(0);
      expect(v.maintenance).toBe(false);
    });
  }

  it('writes the highest priority first and keeps the rest pending in software', () => {
    const { v, a } = setup('v3');
    const prios = [0xc0, 0x20, 0x80, 0x40, 0x60, 0xa0];
    prios.forEach((p, i) => a.inject({ vintid: 50 + i, priority: p, level: false }));
    a.flush();
    const inLrs = [0, 1, 2, 3].map((n) => v.lrRead(n).priority).sort((x, y) => x - y);
    expect(inLrs).toEqual([0x20, 0x40, 0x60, 0x80]);
    expect(a.overflow).toBe(2);
  });

  it('a second injection of a pending vINTID coalesces into it', () => {
    const { v, a } = setup('v2');
    expect(a.inject({ vintid: 40, priority: 0xa0, level: false, flows: [1] })).toEqual({ coalesced: false });
    a.flush();
    expect(a.inject({ vintid: 40, priority: 0xa0, level: false, flows: [2] })).toEqual({ coalesced: true });
    expect(v.guestAck()).toMatchObject({ intid: 40, flows: [1, 2] });
  });

  it('HW-mapped: the LR carries HW = 1 and the pINTID, never the EOI bit', () => {
    const { v, a } = setup('v2');
    a.inject({ vintid: 27, priority: 0xa0, level: true, pintid: 27 });
    a.flush();
    expect(v.lrRead(0)).toMatchObject({ hw: true, pintid: 27, eoi: false, state: 'pending' });
  });

  it('level, not HW-mapped: EOI bit, and never pending+active (the new pending waits for the EOI maintenance)', () => {
    const { v, a } = setup('v3');
    a.inject({ vintid: 40, priority: 0xa0, level: true, flows: [1] });
    a.flush();
    expect(v.lrRead(0)).toMatchObject({ eoi: true, hw: false });
    v.guestAck();
    a.inject({ vintid: 40, priority: 0xa0, level: true, flows: [2] }); // the line is still (or again) high
    a.sync(); // an exit and re-entry while the guest's handler runs
    expect(v.lrRead(0).state).toBe('active'); // not pending+active
    v.guestEoi(40);
    expect(v.misrReasons()).toContain('EOI');
    const r = a.sync();
    expect(r.folded).toEqual([{ vintid: 40, lr: 0, hw: false, eoiMaintenance: true, completed: [1] }]);
    expect(v.lrRead(0).state).toBe('pending');
    expect(v.guestAck()).toMatchObject({ intid: 40, flows: [2] });
  });

  it('edge, not HW-mapped: pending+active is allowed', () => {
    const { v, a } = setup('v2');
    a.inject({ vintid: 44, priority: 0xa0, level: false, flows: [1] });
    a.flush();
    v.guestAck();
    a.inject({ vintid: 44, priority: 0xa0, level: false, flows: [2] });
    a.sync();
    expect(v.lrRead(0).state).toBe('pending+active');
    expect(v.lrFlows(0)).toEqual({ pending: [2], active: [1] });
    v.guestEoi(44);
    expect(v.guestAck()).toMatchObject({ intid: 44, flows: [2] });
  });

  it('a flush without a fold does not reuse an LR whose entry has not been read back', () => {
    const { v, a } = setup('v2');
    for (let i = 0; i < 5; i++) a.inject({ vintid: 40 + i, priority: 0xa0, level: false, flows: [i + 1] });
    a.flush();
    const first = v.guestAck();
    v.guestEoi(first.intid); // its LR is empty now, but the allocator has not folded it
    expect(a.flush().written).toEqual([]);
    const r = a.sync();
    expect(r.folded.map((e) => e.completed)).toEqual([[first.flows[0]]]);
    expect(r.overflow).toBe(0);
  });

  describe('a level line that falls before the guest acknowledges it (vgic_irq_is_pending: line_level)', () => {
    it('an interrupt waiting outside the LRs stops being pending at once: it is never written, its flows are retired', () => {
      const { v, a } = setup('v2');
      a.inject({ vintid: 40, priority: 0xa0, level: true, flows: [7] });
      a.lower(40);
      expect(a.size).toBe(0);
      expect(a.takeRetired()).toEqual([7]);
      expect(a.flush().written).toEqual([]);
      expect(v.guestIrqPending()).toBe(false);
    });

    it('one already in an LR is retired on the next fold: its LR is cleared and not written again', () => {
      const { v, a } = setup('v3');
      a.inject({ vintid: 40, priority: 0xa0, level: true, flows: [7] });
      a.flush();
      expect(v.lrRead(0).state).toBe('pending');
      a.lower(40); // KVM does not touch a running vCPU's LRs: the LR still says pending until the next exit
      expect(v.lrRead(0).state).toBe('pending');
      const r = a.sync();
      expect(r.folded).toEqual([]);
      expect(r.written).toEqual([]);
      expect(v.lrRead(0).state).toBe('invalid');
      expect(a.size).toBe(0);
      expect(a.takeRetired()).toEqual([7]);
      expect(v.guestIrqPending()).toBe(false);
    });

    it('a line still high keeps it pending through the fold (the LR pending bit is not what counts)', () => {
      const { v, a } = setup('v2');
      a.inject({ vintid: 40, priority: 0xa0, level: true, flows: [7] });
      a.flush();
      a.sync();
      expect(v.guestAck()).toMatchObject({ intid: 40, flows: [7] });
      expect(a.takeRetired()).toEqual([]);
    });

    it('a HW-mapped level interrupt keeps its LR pending state (it lives in the physical distributor)', () => {
      const { v, a } = setup('v2');
      a.inject({ vintid: 27, priority: 0xa0, level: true, pintid: 27, flows: [7] });
      a.flush();
      a.lower(27);
      a.sync();
      expect(v.guestAck()).toMatchObject({ intid: 27, flows: [7] });
    });

    it('an edge interrupt ignores its line falling', () => {
      const { v, a } = setup('v2');
      a.inject({ vintid: 44, priority: 0xa0, level: false, flows: [7] });
      a.lower(44);
      a.flush();
      expect(v.guestAck()).toMatchObject({ intid: 44, flows: [7] });
    });
  });
});
