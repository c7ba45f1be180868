// The xAPIC page (hw/x86/lapicMmio.ts): banked per CPU, registers at their declared offsets, writes through the
// register file's hooks (EOI, TPR → PPR) — for host LAPICs and a VM's vLAPICs alike.
import { describe, expect, it } from 'vitest';
import { AddressMap } from '../../../../src/sim/core/mmio';
import { Lapic } from '../../../../src/sim/hw/x86/lapic';
import { LAPIC_MMIO_BASE, lapicRegion } from '../../../../src/sim/hw/x86/lapicMmio';
import { LAPIC_ID, PPR } from '../../../../src/sim/hw/x86/lapicRegisters';

function setup(virtual = false) {
  const lapics = [0, 1].map((i) => (virtual ? new Lapic(i, `vm0/vcpu${i}/vlapic`, 'vm0', `vcpu${i}`, true) : new Lapic(i, `host/cpu${i}/lapic`, 'host', `cpu${i}`, false)));
  const map = new AddressMap(virtual ? 'vm0' : 'host').map(LAPIC_MMIO_BASE, lapicRegion((cpu) => lapics[cpu]!));
  const read = (off: number, cpu: number) => { const f = map.find(LAPIC_MMIO_BASE + BigInt(off), 4)!; return f.region.read(f.offset, 4, cpu); };
  const write = (off: number, v: bigint, cpu: number) => { const f = map.find(LAPIC_MMIO_BASE + BigInt(off), 4)!; f.region.write(f.offset, 4, v, cpu); };
  return { lapics, read, write };
}

describe('LAPIC MMIO (xAPIC page)', () => {
  for (const virtual of [false, true]) {
    const what = virtual ? 'a VM\'s vLAPICs' : 'host LAPICs';
    it(`${what}: ID and VER read at 0x20 and 0x30 of the accessing CPU's LAPIC`, () => {
      const t = setup(virtual);
      expect([LAPIC_ID.apicId.num(t.read(0x20, 0)), LAPIC_ID.apicId.num(t.read(0x20, 1))]).toEqual([0, 1]);
      expect(t.read(0x30, 1)).toBe(0x50014n);
      expect(t.read(0x40, 0)).toBe(0n); // no register there
    });

    it(`${what}: a TPR write updates PPR, and CPU 1's TPR is not CPU 0's`, () => {
      const t = setup(virtual);
      t.write(0x80, 0x50n, 1);
      expect([t.read(0x80, 1), PPR.class.num(t.read(0xa0, 1))]).toEqual([0x50n, 5]);
      expect([t.read(0x80, 0), t.read(0xa0, 0)]).toEqual([0n, 0n]);
    });

    it(`${what}: an EOI write ends the highest in-service vector; ISR/IRR read through the page and refuse writes`, () => {
      const t = setup(virtual);
      const l = t.lapics[0]!;
      l.accept(0x61, false, [1]);
      expect(t.read(0x200 + 0x10 * 3, 0)).toBe(2n); // IRR3 bit 1 = vector 0x61
      t.write(0x200 + 0x10 * 3, 0n, 0);
      expect(l.testIrr(0x61)).toBe(true);
      l.ack();
      expect(t.read(0x100 + 0x10 * 3, 0)).toBe(2n);
      expect(PPR.class.num(t.read(0xa0, 0))).toBe(6);
      t.write(0xb0, 0n, 1); // CPU 1's EOI: nothing in service there
      expect(l.highestIsr()).toBe(0x61);
      t.write(0xb0, 0n, 0);
      expect([l.highestIsr(), t.read(0x100 + 0x10 * 3, 0), t.read(0xa0, 0)]).toEqual([-1, 0n, 0n]);
    });
  }
});
