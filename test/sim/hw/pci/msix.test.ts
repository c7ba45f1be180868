// MSI-X (PCI Local Bus 3.0 §6.8.2): capability, table and PBA as register files; masking latches pending bits.
import { describe, expect, it } from 'vitest';
import { WireGraph, inPort, wireNode } from '../../../../src/sim/core/wires';
import { PCI_CONFIG_REGS } from '../../../../src/sim/hw/pci/configSpace';
import { PciFunction } from '../../../../src/sim/hw/pci/pciFunction';
import { Lab } from '../../../../src/sim/lab/lab';

const nic = () => new PciFunction('host/nic0/config', 'host', 'nic0', { vendorId: 0x8086, deviceId: 0x10d3, baseClass: 2, subClass: 0 }, false);

describe('MSI-X', () => {
  it('chains the MSI-X capability (ID 0x11) after MSI, with enable bit 15, function mask bit 14 and table size 10:0', () => {
    const r = (n: string) => PCI_CONFIG_REGS.registers.find((x) => x.name === n)!;
    expect(r('MSI_NEXT').reset).toBe(0x70n);
    expect(r('MSIX_CAP_ID')).toMatchObject({ offset: 0x70, reset: 0x11n });
    const ctrl = r('MSIX_CTRL').fields;
    expect(ctrl.find((f) => f.name === 'enable')).toMatchObject({ msb: 15, lsb: 15 });
    expect(ctrl.find((f) => f.name === 'functionMask')).toMatchObject({ msb: 14, lsb: 14 });
    expect(ctrl.find((f) => f.name === 'tableSize')).toMatchObject({ msb: 10, lsb: 0, access: 'ro' });
  });

  it('lays the table out 16 bytes per vector, vectors masked out of reset', () => {
    const fn = nic();
    const t = fn.withMsix(4, 'host');
    expect(fn.config.getField(fn.config.index('MSIX_CTRL'), 'tableSize')).toBe(3n);
    expect(t.table.decl.registers.find((x) => x.name === 'CTRL2')!.offset).toBe(0x2c);
    expect(t.masked(2)).toBe(true);
  });

  it('latches a masked vector in the PBA and sends it when unmasked; the function mask holds every vector', () => {
    const fn = nic();
    const t = fn.withMsix(4, 'host');
    fn.programMsix((i) => ({ destId: 0, vector: 0x41 + i }));
    const released: number[] = [];
    new WireGraph().connect(t.release, inPort(wireNode('host/nic0/events', 'event-source'), 'release', 'msi', (i: number) => { released.push(i); }));
    expect(t.send(1)).toEqual({ msg: { destId: 0, vector: 0x42, level: false } });
    t.table.write(t.table.index('CTRL1'), 1n); // the driver masks vector 1
    expect(t.send(1)).toEqual({ pending: true });
    expect(t.pending(1)).toBe(true);
    t.table.write(t.table.index('CTRL1'), 0n);
    expect(released).toEqual([1]);
    expect(t.pending(1)).toBe(false);
    const ctrl = fn.config.index('MSIX_CTRL');
    fn.config.write(ctrl, (1n << 15n) | (1n << 14n)); // function mask
    expect(t.send(3)).toEqual({ pending: true });
    fn.config.write(ctrl, 1n << 15n);
    expect(released).toEqual([1, 3]);
  });
});

describe('an assigned multi-queue NIC on MSI-X', () => {
  const scenario = (delivery: string) => `
name: msix
duration: 4ms
host: { cpus: 5 }
vms: [{ id: vm0, vcpus: 4, pinning: [1, 2, 3, 4], delivery: ${delivery} }]
devices: [{ id: nic0, irq: msix, vectors: 4, owner: vm0, hostVector: 0x41, guestVector: 0x51, rate: 8000, arrival: periodic }]
`;
  for (const delivery of ['emulated', 'posted']) {
    it(`spreads its vectors over the vCPUs and delivers every flow (${delivery})`, () => {
      const r = Lab.load(scenario(delivery));
      if (!r.ok) throw new Error(JSON.stringify(r.issues));
      const s = r.lab.runToEnd();
      expect(s.flows.raised).toBe(31);
      expect(s.flows.pending).toBe(0);
      const handlers = r.lab.queryLog({ start: 0, count: 100, filter: { kind: 'guest.handler' } }).rows;
      expect(new Set(handlers.map((h) => h.where))).toEqual(new Set(['vm0.vcpu0', 'vm0.vcpu1', 'vm0.vcpu2', 'vm0.vcpu3']));
      if (delivery === 'posted') expect(s.vmExits.total).toBe(0);
    });
  }

  it('holds a vector the host masks (inspector write) in the PBA and delivers it on unmask', () => {
    const r = Lab.load(scenario('emulated'));
    if (!r.ok) throw new Error('bad');
    r.lab.advance(1e9, 100_000);
    expect(r.lab.writeRegister({ file: 'host/nic0/msix-table', register: 'CTRL0', field: 'mask', value: '1' }).ok).toBe(true);
    r.lab.advance(1e9, 1_000_000);
    const pending = r.lab.queryLog({ start: 0, count: 10, filter: { kind: 'pci.msix.pending' } }).rows;
    expect(pending.length).toBeGreaterThan(0);
    const pba = r.lab.readRegisters({ file: 'host/nic0/msix-pba' }).registers[0]!;
    expect(BigInt(pba.value) & 1n).toBe(1n);
    r.lab.writeRegister({ file: 'host/nic0/msix-table', register: 'CTRL0', field: 'mask', value: '0' });
    const s = r.lab.runToEnd();
    expect(s.flows.pending).toBe(0);
    expect(s.flows.dropped).toBe(0);
  });
});
