// The GIC as a CPU reaches it through memory (QEMU virt addresses): every access goes through the model, so what
// the registers say and what the distributor, CPU interfaces and list registers do stay one thing.
import { describe, expect, it } from 'vitest';
import type { AccessSize, AddressMap } from '../../../../src/sim/core/mmio';
import { inPort, wireNode } from '../../../../src/sim/core/wires';
import { ArmGic } from '../../../../src/sim/hw/arm/gic';
import { armVirtMap, gicSysregs, QEMU_VIRT_GIC } from '../../../../src/sim/hw/arm/gicMmio';
import { GICV2, GICV3 } from '../../../../src/sim/hw/arm/gicVersion';

const { gicd: D, gicc: C, gich: H, gicv: V, gicr: R } = QEMU_VIRT_GIC;

function machine(version = GICV2, cpus = 4) {
  const gic = new ArmGic({ version, cpus, spis: 64, listRegs: 4 });
  const map = armVirtMap(gic);
  return { gic, map, ...bus(map) };
}

function bus(map: AddressMap) {
  const at = (addr: bigint, size: AccessSize) => {
    const f = map.find(addr, size);
    if (!f) throw new Error(`nothing mapped at 0x${addr.toString(16)}`);
    return f;
  };
  return {
    rd: (addr: bigint, size: AccessSize = 4, cpu = 0) => { const f = at(addr, size); return f.region.read(f.offset, size, cpu); },
    wr: (addr: bigint, value: bigint, size: AccessSize = 4, cpu = 0) => { const f = at(addr, size); f.region.write(f.offset, size, value, cpu); },
  };
}

const bit = (n: number) => 1n << BigInt(n % 32);

describe('GICD through MMIO (GICv2, 4 CPUs, 64 SPIs)', () => {
  it('reads CTLR, TYPER and IIDR; a CTLR write enables forwarding', () => {
    const { gic, rd, wr } = machine();
    expect(rd(D + 0x004n)).toBe(0x62n); // ITLinesNumber 2 (96 INTIDs), CPUNumber 3 (4 CPUs)
    expect(rd(D + 0x008n)).toBe(0x43bn); // Arm
    expect(rd(D + 0x000n)).toBe(0n);
    wr(D + 0x000n, 1n);
    expect(gic.dist.enabledGlobally).toBe(true);
    expect(rd(D + 0x000n)).toBe(1n);
    expect(rd(D + 0xfe8n)).toBe(0x20n); // PIDR2.ArchRev = 2
  });

  it('set/clear enable, pending and active by writing ones; the model changes and reads back', () => {
    const { gic, rd, wr } = machine();
    const d = gic.dist;
    wr(D + 0x104n, bit(40)); // ISENABLER1
    expect(d.isEnabled(40)).toBe(true);
    expect(rd(D + 0x104n)).toBe(bit(40));
    expect(rd(D + 0x184n)).toBe(bit(40)); // ICENABLER1 reads the same
    wr(D + 0x104n, 0n); // zeros change nothing
    expect(d.isEnabled(40)).toBe(true);
    wr(D + 0x184n, bit(40));
    expect(d.isEnabled(40)).toBe(false);

    wr(D + 0x204n, bit(41)); // ISPENDR1
    expect(d.isPending(41)).toBe(true);
    expect(rd(D + 0x284n)).toBe(bit(41));
    wr(D + 0x284n, bit(41)); // ICPENDR1
    expect(d.isPending(41)).toBe(false);

    wr(D + 0x304n, bit(42)); // ISACTIVER1
    expect(d.isActive(42)).toBe(true);
    expect(rd(D + 0x384n)).toBe(bit(42));
    wr(D + 0x384n, bit(42)); // ICACTIVER1
    expect(d.isActive(42)).toBe(false);
  });

  it('ISPENDR makes the interrupt pending and signals the CPU interface it targets', () => {
    const { gic, wr } = machine();
    const signals: number[] = [];
    gic.wires.connect(gic.cpuIfs[1]!.irqOut, inPort(wireNode('test/core1', 'cpu', 'host', 'core1'), 'irq', 'irq', () => { signals.push(1); }));
    wr(D + 0x000n, 1n);
    wr(C + 0x000n, 1n, 4, 1); // GICC_CTLR.EnableGrp1 (cpu1)
    wr(C + 0x004n, 0xf0n, 4, 1); // GICC_PMR
    wr(D + 0x800n + 40n, 0x02n, 1); // ITARGETSR byte of INTID 40 → cpu1
    wr(D + 0x420n, 0xa0n, 1); // IPRIORITYR byte of INTID 40 (0x400 + 40)
    wr(D + 0x104n, bit(40));
    expect(gic.cpuIfs[1]!.irqPending()).toBe(false);
    wr(D + 0x204n, bit(40));
    expect(gic.cpuIfs[1]!.irqPending()).toBe(true);
    expect(signals.length).toBeGreaterThan(0);
    expect(gic.cpuIfs[0]!.irqPending()).toBe(false);
  });

  it('banked SGI/PPI registers answer for the accessing CPU', () => {
    const { gic, rd, wr } = machine();
    wr(D + 0x100n, bit(27), 4, 2); // ISENABLER0 as cpu2
    expect([0, 1, 2, 3].map((c) => gic.dist.isEnabled(27, c))).toEqual([false, false, true, false]);
    expect(rd(D + 0x100n, 4, 2)).toBe(bit(27));
    expect(rd(D + 0x100n, 4, 0)).toBe(0n);
    wr(D + 0x400n + 27n, 0x80n, 1, 3); // IPRIORITYR byte of PPI 27 as cpu3
    expect([gic.dist.priorityOf(27, 3), gic.dist.priorityOf(27, 0)]).toEqual([0x80, 0]);
    // ITARGETSR0..7 read the accessing CPU's own bit, and ignore writes
    expect([0, 1, 2, 3].map((c) => rd(D + 0x800n + 27n, 1, c))).toEqual([1n, 2n, 4n, 8n]);
    wr(D + 0x800n + 27n, 0xffn, 1, 1);
    expect(rd(D + 0x800n + 27n, 1, 1)).toBe(2n);
  });

  it('IPRIORITYR takes byte accesses; the set/clear bitmaps take only 32-bit ones (others RAZ/WI, noted)', () => {
    const { gic, rd, wr } = machine();
    wr(D + 0x428n + 1n, 0x90n, 1); // INTID 41
    wr(D + 0x428n + 2n, 0xffn, 1); // INTID 42: 5 priority bits held
    expect([gic.dist.priorityOf(40), gic.dist.priorityOf(41), gic.dist.priorityOf(42)]).toEqual([0, 0x90, 0xf8]);
    expect(rd(D + 0x429n, 1)).toBe(0x90n);
    expect(rd(D + 0x428n)).toBe(0xf89000n);
    wr(D + 0x105n, 0xffn, 1); // a byte write to ISENABLER1
    expect(gic.dist.isEnabled(40)).toBe(false);
    expect(gic.dist.notes.at(-1)).toMatch(/1-byte access at ISENABLER1/);
    expect(rd(D + 0x102n, 2)).toBe(0n);
  });

  it('ITARGETSR keeps only the bits of CPUs that exist', () => {
    const { gic, rd, wr } = machine();
    wr(D + 0x800n + 40n, 0xffn, 1);
    expect(rd(D + 0x800n + 40n, 1)).toBe(0x0fn);
    expect([0, 1, 2, 3].every((c) => gic.dist.isTargeted(40, c))).toBe(true);
    wr(D + 0x828n, 0x30_20_10_01n); // INTIDs 40..43 in one word
    expect(rd(D + 0x828n)).toBe(0x00_00_00_01n);
  });

  it('GICD_SGIR raises SGIs for the filter, relative to the writing CPU', () => {
    const { gic, wr } = machine();
    const pendingOn = (intid: number) => [0, 1, 2, 3].filter((c) => gic.dist.isPending(intid, c));
    wr(D + 0xf00n, (0n << 24n) | (0b1010n << 16n) | 1n, 4, 3); // list: cpu1, cpu3
    wr(D + 0xf00n, (1n << 24n) | 2n, 4, 1); // all but cpu1
    wr(D + 0xf00n, (2n << 24n) | 3n, 4, 2); // cpu2 only
    expect([pendingOn(1), pendingOn(2), pendingOn(3)]).toEqual([[1, 3], [0, 2, 3], [2]]);
    expect([gic.dist.sgiSourceOf(1, 1), gic.dist.sgiSourceOf(2, 0), gic.dist.sgiSourceOf(3, 2)]).toEqual([3, 1, 2]);
  });
});

describe('GICC through MMIO (GICv2)', () => {
  function ready() {
    const m = machine();
    const { wr } = m;
    wr(D + 0x000n, 1n);
    wr(D + 0x800n + 40n, 0x02n, 1); // → cpu1
    wr(D + 0x428n, 0xa0n, 1);
    wr(D + 0x104n, bit(40));
    wr(C + 0x000n, 1n, 4, 1);
    wr(C + 0x004n, 0xf0n, 4, 1);
    return m;
  }

  it('IAR acknowledges (pending → active, RPR = its priority), EOIR drops priority and deactivates', () => {
    const { gic, rd, wr } = ready();
    expect(rd(C + 0x014n, 4, 1)).toBe(0xffn); // RPR idle
    wr(D + 0x204n, bit(40));
    expect(rd(C + 0x018n, 4, 1)).toBe(40n); // HPPIR
    expect(rd(C + 0x00cn, 4, 1)).toBe(40n); // IAR
    expect([gic.dist.isActive(40), gic.dist.isPending(40)]).toEqual([true, false]);
    expect(rd(C + 0x014n, 4, 1)).toBe(0xa0n);
    expect(rd(C + 0x00cn, 4, 1)).toBe(1023n); // nothing else: spurious
    wr(C + 0x010n, 40n, 4, 1); // EOIR
    expect(gic.dist.isActive(40)).toBe(false);
    expect(rd(C + 0x014n, 4, 1)).toBe(0xffn);
  });

  it('with EOImode 1 EOIR only drops priority and DIR (0x1000) deactivates', () => {
    const { gic, rd, wr } = ready();
    wr(C + 0x000n, (1n << 9n) | 1n, 4, 1);
    wr(D + 0x204n, bit(40));
    expect(rd(C + 0x00cn, 4, 1)).toBe(40n);
    wr(C + 0x010n, 40n, 4, 1);
    expect(rd(C + 0x014n, 4, 1)).toBe(0xffn);
    expect(gic.dist.isActive(40)).toBe(true);
    wr(C + 0x1000n, 40n, 4, 1);
    expect(gic.dist.isActive(40)).toBe(false);
  });

  it('PMR masks: a pending interrupt at or below the mask reads as spurious', () => {
    const { gic, rd, wr } = ready();
    wr(C + 0x004n, 0xa0n, 4, 1);
    expect(rd(C + 0x004n, 4, 1)).toBe(0xa0n);
    wr(D + 0x204n, bit(40));
    expect(rd(C + 0x00cn, 4, 1)).toBe(1023n);
    expect(gic.dist.isPending(40)).toBe(true);
    wr(C + 0x004n, 0xa8n, 4, 1);
    expect(rd(C + 0x00cn, 4, 1)).toBe(40n);
  });

  it('reports an SGI\'s requesting CPU in IAR.CPUID', () => {
    const { gic, rd, wr } = machine();
    wr(D + 0x000n, 1n);
    wr(D + 0x100n, bit(5), 4, 1);
    wr(C + 0x000n, 1n, 4, 1);
    wr(C + 0x004n, 0xf0n, 4, 1);
    wr(D + 0xf00n, (0b10n << 16n) | 5n, 4, 3);
    expect(rd(C + 0x00cn, 4, 1)).toBe((3n << 10n) | 5n);
    expect(gic.dist.isActive(5, 1)).toBe(true);
  });
});

describe('GICH and GICV through MMIO (GICv2)', () => {
  it('GICH registers read back for the accessing CPU; a guest acknowledges and EOIs through GICV', () => {
    const { gic, rd, wr } = machine();
    const vif = gic.virtIfs[2]!;
    expect(rd(H + 0x004n, 4, 2)).toBe((4n << 29n) | (4n << 26n) | 3n); // VTR: 5 priority/preemption bits, 4 LRs
    expect(rd(H + 0x030n, 4, 2)).toBe(0b1111n); // ELRSR0: all empty
    wr(H + 0x000n, 1n, 4, 2); // HCR.En
    wr(H + 0x008n, (0x1fn << 27n) | (1n << 1n), 4, 2); // VMCR: VMPriMask 0xf8, VMGrp1En
    const lr = (1n << 28n) | (1n << 30n) | (0x14n << 23n) | (1n << 19n) | 40n; // pending, Grp1, prio 0xa0, EOI, vINTID 40
    wr(H + 0x100n, lr, 4, 2);
    expect(rd(H + 0x100n, 4, 2)).toBe(lr);
    expect(vif.lrRead(0)).toMatchObject({ state: 'pending', vintid: 40, priority: 0xa0, eoi: true, hw: false });
    expect(rd(H + 0x030n, 4, 2)).toBe(0b1110n);
    expect(rd(H + 0x000n, 4, 2)).toBe(1n);
    expect(rd(H + 0x100n, 4, 0)).toBe(0n); // cpu0's LR0 is another register

    expect(rd(V + 0x000n, 4, 2)).toBe(1n); // GICV_CTLR.EnableGrp1 from VMCR
    expect(rd(V + 0x004n, 4, 2)).toBe(0xf8n); // GICV_PMR
    expect(rd(V + 0x018n, 4, 2)).toBe(40n); // GICV_HPPIR
    expect(rd(V + 0x00cn, 4, 2)).toBe(40n); // GICV_IAR
    expect(vif.lrRead(0).state).toBe('active');
    expect(rd(V + 0x014n, 4, 2)).toBe(0xa0n); // GICV_RPR
    wr(V + 0x010n, 40n, 4, 2); // GICV_EOIR
    expect(vif.lrRead(0).state).toBe('invalid');
    expect(rd(H + 0x020n, 4, 2)).toBe(1n); // EISR0: LR0 EOIed with the EOI bit
    expect(rd(H + 0x010n, 4, 2)).toBe(1n); // MISR.EOI
  });
});

describe('GICv3 through MMIO and system registers', () => {
  it('maps a redistributor per CPU (RD_base + SGI_base); TYPER names its CPU and the last has Last', () => {
    const { map, rd } = machine(GICV3, 3);
    expect(map.list().map((m) => [m.base, m.region.name])).toEqual([[D, 'gicd'], [R, 'gicr']]);
    const typer = (c: number) => rd(R + BigInt(c) * 0x20000n + 0x8n, 8);
    expect([0, 1, 2].map(typer)).toEqual([0n, (1n << 32n) | (1n << 8n), (2n << 32n) | (2n << 8n) | (1n << 4n)]);
    expect(rd(R + 0x20000n + 0xcn, 4)).toBe(1n); // the upper half: Aff0 = 1
    expect(rd(R + 0xffe8n)).toBe(0x30n);
    expect(rd(D + 0x004n) & 0x1fn).toBe(2n);
  });

  it('GICR_WAKER: clearing ProcessorSleep wakes the redistributor (ChildrenAsleep follows)', () => {
    const { rd, wr } = machine(GICV3, 2);
    expect(rd(R + 0x20000n + 0x14n)).toBe(0b110n);
    wr(R + 0x20000n + 0x14n, 0n);
    expect(rd(R + 0x20000n + 0x14n)).toBe(0n);
  });

  it('SGI_base holds the CPU\'s banked registers: enable, pending and priority of its SGIs and PPIs', () => {
    const { gic, rd, wr } = machine(GICV3, 2);
    const sgiBase = R + 0x20000n + 0x10000n; // cpu1
    wr(sgiBase + 0x100n, bit(27), 4, 0); // whoever accesses it, it is cpu1's
    expect([gic.dist.isEnabled(27, 0), gic.dist.isEnabled(27, 1)]).toEqual([false, true]);
    wr(sgiBase + 0x200n, bit(27));
    expect(gic.dist.isPending(27, 1)).toBe(true);
    wr(sgiBase + 0x41bn, 0x60n, 1);
    expect(gic.dist.priorityOf(27, 1)).toBe(0x60);
    expect(rd(D + 0x100n)).toBe(0n); // GICD_ISENABLER0 is RAZ/WI with affinity routing
  });

  it('IROUTER takes 64-bit and 32-bit accesses', () => {
    const { gic, rd, wr } = machine(GICV3, 2);
    wr(D + 0x6000n + 8n * 40n, 1n, 8);
    expect([gic.dist.isTargeted(40, 0), gic.dist.isTargeted(40, 1)]).toEqual([false, true]);
    wr(D + 0x6000n + 8n * 41n, 1n << 31n, 4);
    expect(rd(D + 0x6000n + 8n * 41n, 8)).toBe(1n << 31n);
  });

  it('ICC system registers by name or encoding: IAR1 acknowledges, EOIR1 ends, SGI1R raises SGIs', () => {
    const { gic, wr } = machine(GICV3, 2);
    wr(D + 0x000n, 2n); // EnableGrp1
    wr(R + 0x20000n + 0x10000n + 0x100n, bit(4)); // cpu1: enable SGI 4
    const icc0 = gicSysregs(gic, 0);
    const icc1 = gicSysregs(gic, 1);
    icc1.write('ICC_IGRPEN1_EL1', 1n);
    icc1.write('S3_0_C4_C6_0', 0xf0n); // ICC_PMR_EL1
    expect(icc1.read('ICC_PMR_EL1')).toBe(0xf0n);
    icc0.write('ICC_SGI1R_EL1', (4n << 24n) | 0b10n); // SGI 4 → cpu1
    expect(gic.dist.isPending(4, 1)).toBe(true);
    expect(icc1.read('ICC_HPPIR1_EL1')).toBe(4n);
    expect(icc1.read('S3_0_C12_C12_0')).toBe(4n); // ICC_IAR1_EL1
    expect(gic.dist.isActive(4, 1)).toBe(true);
    icc1.write('ICC_EOIR1_EL1', 4n);
    expect(gic.dist.isActive(4, 1)).toBe(false);
    expect(icc1.names()).toContain('ICH_LR0_EL2');
    expect(() => icc1.read('ICC_NOPE_EL1')).toThrow(/no GIC system register/);
  });
});
