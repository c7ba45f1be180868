// The GIC version is an object chosen once: the same questions asked of GICV2 and GICV3 get each version's answer
// (SPI routing, where SGIs are raised, IAR's source CPU, list registers per HW, register-file names).
import { describe, expect, it } from 'vitest';
import { RegisterFile } from '../../../../src/sim/core/registers';
import { GicDistributor } from '../../../../src/sim/hw/arm/distributor';
import { GICC_IAR } from '../../../../src/sim/hw/arm/cpuInterfaceRegisters';
import { GIC_VERSIONS, GICV2, GICV3, type GicVersion } from '../../../../src/sim/hw/arm/gicVersion';
import { GicVirtInterface } from '../../../../src/sim/hw/arm/virtInterface';

const VERSIONS: [GicVersion, { virtFile: string; sgiRegister: string; eoiBit: number; pintid: [number, number] }][] = [
  [GICV2, { virtFile: 'gich', sgiRegister: 'GICD_SGIR', eoiBit: 19, pintid: [19, 10] }],
  [GICV3, { virtFile: 'ich', sgiRegister: 'ICC_SGI1R_EL1', eoiBit: 41, pintid: [41, 32] }],
];

const shape = { cpus: 2, spis: 64 };

describe('GIC version objects', () => {
  it('are picked by the name a scenario gives', () => {
    expect(GIC_VERSIONS.v2).toBe(GICV2);
    expect(GIC_VERSIONS.v3).toBe(GICV3);
    expect([GICV2.name, GICV3.name]).toEqual(['v2', 'v3']);
  });

  for (const [v, want] of VERSIONS) {
    describe(`GIC${v.name}`, () => {
      it('routes an SPI to one CPU or to any, and shows the route in its routing register', () => {
        const d = new GicDistributor({ version: v, ...shape });
        d.setRoute(40, 1);
        expect([d.isTargeted(40, 0), d.isTargeted(40, 1)]).toEqual([false, true]);
        const reg = (name: string) => d.regs.raw(d.regs.index(name));
        if (v === GICV2) expect(d.regs.getField(d.regs.index('ITARGETSR10'), 't40')).toBe(0b10n);
        else expect([d.regs.getField(d.regs.index('IROUTER40'), 'IRM'), d.regs.getField(d.regs.index('IROUTER40'), 'Aff0')]).toEqual([0n, 1n]);
        d.setRoute(40, 'any');
        expect([d.isTargeted(40, 0), d.isTargeted(40, 1)]).toEqual([true, true]);
        if (v === GICV2) expect(d.regs.getField(d.regs.index('ITARGETSR10'), 't40')).toBe(0b11n);
        else expect(reg('IROUTER40')).toBe(1n << 31n);
      });

      it('takes an SPI route written by software to its routing register', () => {
        const d = new GicDistributor({ version: v, ...shape });
        if (v === GICV2) d.regs.write(d.regs.index('ITARGETSR10'), 0x02n); // byte 0 = INTID 40 → cpu1
        else d.regs.write(d.regs.index('IROUTER40'), 1n); // Aff0 = 1
        expect([d.isTargeted(40, 0), d.isTargeted(40, 1)]).toEqual([false, true]);
      });

      it('takes a CPU target mask only if it has ITARGETSR (v2); v3 refuses it', () => {
        const d = new GicDistributor({ version: v, ...shape });
        if (v === GICV2) {
          d.setTargets(41, 0b11);
          expect([d.isTargeted(41, 0), d.isTargeted(41, 1)]).toEqual([true, true]);
        } else {
          expect(() => d.setTargets(41, 0b11)).toThrow(/IROUTER/);
        }
      });

      it(`raises an SGI on the listed CPUs from a write to ${want.sgiRegister}`, () => {
        const sent: [number, number, number[]][] = [];
        const send = (intid: number, source: number, targets: number[]) => { sent.push([intid, source, targets]); };
        const gicd = new RegisterFile(v.gicd(shape), 'gicd', 'host', 'gicd', false);
        const icc = new RegisterFile(v.cpuIf.decl, 'cpu0/gicc', 'host', 'cpu0', false);
        v.distributorSgi(gicd, { cpus: shape.cpus, send, requester: () => 0, note: () => {} });
        v.cpuInterfaceSgi(icc, 0, shape.cpus, send);
        if (v === GICV2) {
          expect(icc.has('ICC_SGI1R_EL1')).toBe(false);
          gicd.write(gicd.index('SGIR'), (0b10n << 16n) | 3n); // CPUTargetList = cpu1, SGI 3
        } else {
          expect(gicd.has('SGIR')).toBe(false);
          icc.write(icc.index('ICC_SGI1R_EL1'), (3n << 24n) | 0b10n); // INTID 3, TargetList = cpu1
        }
        expect(sent).toEqual([[3, 0, [1]]]);
      });

      it(`reports the SGI source CPU in IAR ${v === GICV2 ? '(GICC_IAR.CPUID)' : 'nowhere (GICv3 SGIs are banked per source)'}`, () => {
        expect(v.iar(40, undefined)).toBe(40n);
        const sgi = v.iar(3, 1);
        if (v === GICV2) expect([GICC_IAR.InterruptID.num(sgi), GICC_IAR.CPUID.num(sgi)]).toEqual([3, 1]);
        else expect(sgi).toBe(3n);
        expect(v.cpuIf.iar.field.num(sgi)).toBe(3);
      });

      it(`encodes a list register by HW: HW = 1 holds pINTID ${want.pintid[0]}:${want.pintid[1]}, HW = 0 the EOI bit ${want.eoiBit}`, () => {
        const vif = new GicVirtInterface(v, 0);
        const hw = vif.encode({ state: 'pending', vintid: 48, priority: 0xa0, hw: true, pintid: 48 });
        expect((hw >> BigInt(want.pintid[1])) & 0x3ffn).toBe(48n);
        expect(vif.decode(hw)).toEqual({ state: 'pending', vintid: 48, priority: 0xa0, group: 1, hw: true, pintid: 48, eoi: false, cpuid: 0 });
        const virtual = vif.encode({ state: 'active', vintid: 3, priority: 0x80, eoi: true, cpuid: 1 });
        expect((virtual >> BigInt(want.eoiBit)) & 1n).toBe(1n);
        // The SGI source CPUID has a field in GICv2's HW = 0 layout only.
        expect(vif.decode(virtual)).toEqual({ state: 'active', vintid: 3, priority: 0x80, group: 1, hw: false, pintid: 0, eoi: true, cpuid: v === GICV2 ? 1 : 0 });
      });

      it(`names its register files: host/cpuN/${want.virtFile} for the virtualization interface`, () => {
        expect(v.virtFile).toBe(want.virtFile);
        expect(new GicVirtInterface(v, 2).regs.id).toBe(`host/cpu2/${want.virtFile}`);
        expect(v.gicd(shape).title).toBe(`GIC${v.name} distributor (GICD)`);
        expect(v.gicdBank().title).toMatch(v === GICV2 ? /banked SGI\/PPI registers \(GICD\)/ : /redistributor SGI_base frame \(GICR\)/);
        expect(v.cpuIf.iar.reg).toBe(v === GICV2 ? 'IAR' : 'ICC_IAR1_EL1');
      });
    });
  }
});
