// A PCI function's MSI and INTx registers, read and written through their declared fields (configSpace.ts,
// msiMessage.ts): what a driver programs is what the function sends.
import { describe, expect, it } from 'vitest';
import { COMMAND, MSI_CTRL, PCI_CONFIG_REGS, STATUS } from '../../../../src/sim/hw/pci/configSpace';
import { MSI_ADDRESS, MSI_DATA } from '../../../../src/sim/hw/pci/msiMessage';
import { PciFunction } from '../../../../src/sim/hw/pci/pciFunction';

const nic = () => new PciFunction('host/nic0/config', 'host', 'nic0', { vendorId: 0x8086, deviceId: 0x10d3, baseClass: 2, subClass: 0 }, false);

describe('PCI function', () => {
  it('programs MSI as a driver does: 0xFEE address with the destination, the vector, bus mastering, enable', () => {
    const fn = nic();
    expect(fn.msiMessage()).toEqual({ blocked: 'MSI disabled (MSI_CTRL.enable = 0)' });
    fn.programMsi(2, 0x41);
    const c = fn.config;
    expect(c.get('MSI_ADDR')).toBe(0xfee02000n);
    expect(MSI_ADDRESS.destId.num(c.get('MSI_ADDR'))).toBe(2);
    expect(MSI_DATA.vector.num(c.get('MSI_DATA'))).toBe(0x41);
    expect(COMMAND.busMaster.on(c.get('COMMAND')) && COMMAND.memory.on(c.get('COMMAND'))).toBe(true);
    expect(MSI_CTRL.enable.on(c.get('MSI_CTRL')) && MSI_CTRL.addr64.on(c.get('MSI_CTRL'))).toBe(true);
    expect(fn.msiMessage()).toEqual({ destId: 2, vector: 0x41, level: false });
    c.write(c.index('COMMAND'), COMMAND.busMaster.set(c.get('COMMAND'), 0));
    expect(fn.msiMessage()).toEqual({ blocked: 'bus mastering disabled (COMMAND.busMaster = 0)' });
  });

  it('shows a pending INTx cause in STATUS, and DisINTx holds it at the device', () => {
    const fn = nic();
    fn.raiseIntx(7);
    expect(STATUS.intStatus.on(fn.config.get('STATUS'))).toBe(true);
    expect(fn.asserting()).toBe(true);
    fn.setIntxDisable(true);
    expect(COMMAND.intxDisable.on(fn.config.get('COMMAND'))).toBe(true);
    expect(fn.asserting()).toBe(false);
    expect(fn.intxPending).toBe(true);
    expect(fn.ackIntx()).toEqual([7]);
    expect(STATUS.intStatus.on(fn.config.get('STATUS'))).toBe(false);
  });
});

describe('PCI configuration space', () => {
  it('puts INTx Disable at COMMAND bit 10 and Interrupt Status at STATUS bit 3 (facts §C.3)', () => {
    const r = (n: string) => PCI_CONFIG_REGS.registers.find((x) => x.name === n)!;
    expect(r('COMMAND').offset).toBe(0x04);
    expect(r('COMMAND').fields.find((f) => f.name === 'intxDisable')).toMatchObject({ msb: 10, lsb: 10 });
    expect(r('STATUS').offset).toBe(0x06);
    expect(r('STATUS').fields.find((f) => f.name === 'intStatus')).toMatchObject({ msb: 3, lsb: 3, access: 'ro' });
  });
});
