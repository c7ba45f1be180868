// A PCI function: its configuration space (declared once in configSpace.ts) and the MSI it sends.
// Not modelled yet: INTx wiring (x86 issue), MSI-X tables, BARs beyond their registers.
import { RegisterFile } from '../../core/registers';
import { PCI_CONFIG_REGS, type MsiMessage } from './configSpace';

export interface PciIdentity {
  vendorId: number;
  deviceId: number;
  baseClass: number;
  subClass: number;
}

export class PciFunction {
  readonly config: RegisterFile;
  private readonly ctrl: number;
  private readonly addr: number;
  private readonly data: number;
  private readonly command: number;

  constructor(fileId: string, owner: string, readonly device: string, identity: PciIdentity, virtual: boolean) {
    this.config = new RegisterFile(PCI_CONFIG_REGS, fileId, owner, device, virtual);
    const c = this.config;
    c.set(c.index('VENDOR_ID'), BigInt(identity.vendorId));
    c.set(c.index('DEVICE_ID'), BigInt(identity.deviceId));
    c.set(c.index('BASECLASS'), BigInt(identity.baseClass));
    c.set(c.index('SUBCLASS'), BigInt(identity.subClass));
    this.ctrl = c.index('MSI_CTRL');
    this.addr = c.index('MSI_ADDR');
    this.data = c.index('MSI_DATA');
    this.command = c.index('COMMAND');
  }

  /** What a driver does to set up MSI: program address and data, enable bus mastering and MSI (software writes). */
  programMsi(destId: number, vector: number): void {
    const c = this.config;
    c.write(this.addr, (0xfeen << 20n) | (BigInt(destId & 0xff) << 12n));
    c.write(c.index('MSI_ADDR_HI'), 0n);
    c.write(this.data, BigInt(vector & 0xff));
    c.write(this.command, c.raw(this.command) | 0x6n);
    c.write(this.ctrl, c.raw(this.ctrl) | 1n);
  }

  /** The message the function sends now, or the reason it cannot. */
  msiMessage(): MsiMessage | { blocked: string } {
    const c = this.config;
    if (c.getField(this.ctrl, 'enable') === 0n) return { blocked: 'MSI disabled (MSI_CTRL.enable = 0)' };
    if (c.getField(this.command, 'busMaster') === 0n) return { blocked: 'bus mastering disabled (COMMAND.busMaster = 0)' };
    if (c.getField(this.addr, 'base') !== 0xfeen) return { blocked: 'message address outside 0xFEExxxxx' };
    return {
      destId: Number(c.getField(this.addr, 'destId')),
      vector: Number(c.getField(this.data, 'vector')),
      level: c.getField(this.data, 'trigger') === 1n,
    };
  }
}
