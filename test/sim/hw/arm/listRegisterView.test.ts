// The inspector's view of a list register decodes the layout its HW bit selects: pINTID for HW = 1; EOI (and on
// GICv2 the SGI source CPUID) for HW = 0. Writes from the inspector go through the same variants.
import { describe, expect, it } from 'vitest';
import { GIC_VERSIONS } from '../../../../src/sim/hw/arm/gicVersion';
import { GicVirtInterface } from '../../../../src/sim/hw/arm/virtInterface';
import { registerView, writeFromInspector } from '../../../../src/sim/lab/registerViews';

const versions = ['v2', 'v3'] as const;

function lr0(version: (typeof versions)[number]) {
  const v = new GicVirtInterface(GIC_VERSIONS[version], 0);
  const name = v.layout.lr(0);
  const view = () => registerView(v.regs, v.regs.index(name));
  const fields = () => Object.fromEntries(view().fields.map((f) => [f.name, f]));
  return { v, name, view, fields };
}

describe('list registers in the inspector', () => {
  for (const version of versions) {
    it(`${version}: HW = 1 decodes the physical INTID`, () => {
      const { v, view, fields } = lr0(version);
      v.lrWrite(0, { state: 'pending', vintid: 48, priority: 0xa0, hw: true, pintid: 48 });
      expect(view().fields.map((f) => f.name)).toEqual(version === 'v2'
        ? ['hw', 'group', 'state', 'priority', 'pINTID', 'vINTID'] // bits 31, 30, 29:28, 27:23, 19:10, 9:0
        : ['state', 'hw', 'group', 'priority', 'pINTID', 'vINTID']); // bits 63:62, 61, 60, 55:48, 41:32, 31:0
      expect(fields().pINTID!.value).toBe('0x30');
      expect(fields().hw!.valueName).toBe('hardware');
      expect(fields().EOI).toBeUndefined();
    });

    it(`${version}: HW = 0 decodes the EOI bit${version === 'v2' ? ' and the SGI source CPUID' : ''}, not a pINTID`, () => {
      const { v, view, fields } = lr0(version);
      v.lrWrite(0, { state: 'pending', vintid: 48, priority: 0xa0, eoi: true, cpuid: 2 });
      expect(view().fields.map((x) => x.name)).toEqual(version === 'v2'
        ? ['hw', 'group', 'state', 'priority', 'EOI', 'CPUID', 'vINTID']
        : ['state', 'hw', 'group', 'priority', 'EOI', 'vINTID']);
      const f = fields();
      expect(f.pINTID).toBeUndefined();
      expect(f.EOI!.value).toBe('0x1');
      expect(f.EOI!.msb).toBe(version === 'v2' ? 19 : 41);
      if (version === 'v2') expect([f.CPUID!.msb, f.CPUID!.lsb, f.CPUID!.value]).toEqual([12, 10, '0x2']);
      else expect(f.CPUID).toBeUndefined();
      expect(f.hw!.valueName).toBe('virtual');
    });

    it(`${version}: an inspector write of HW = 0's EOI field, then of HW itself, switches the decoded layout`, () => {
      const { v, name, fields } = lr0(version);
      v.lrWrite(0, { state: 'pending', vintid: 48, priority: 0xa0 });
      expect(writeFromInspector(v.regs, name, 'EOI', '1').ok).toBe(true);
      expect(v.lrRead(0).eoi).toBe(true);
      expect(writeFromInspector(v.regs, name, 'hw', '1').ok).toBe(true);
      expect(Object.keys(fields())).toContain('pINTID');
      expect(v.lrRead(0)).toMatchObject({ hw: true, eoi: false });
    });
  }
});
