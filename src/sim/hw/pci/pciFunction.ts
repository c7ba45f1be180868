// A PCI function: its configuration space (declared once in configSpace.ts) and the MSI it sends.
// INTx: a pending cause sets STATUS.intStatus; the pin is driven while the cause is pending and COMMAND.intxDisable
// is clear (PCI 2.3 DisINTx masks at the device, Interrupt Status still shows the cause). Events that arrive while
// the cause is pending merge into it (one level, one handler run).
// Not modelled yet: MSI-X tables, BARs beyond their registers.
import { RegisterFile } from '../../core/registers';
import type { FlowGroup } from '../../core/flows';
import { PCI_CONFIG_REGS, type MsiMessage } from './configSpace';
import { MsixTable } from './msixTable';
import type { IntxLine, IntxSource } from './intxLine';
import type { InterruptCause } from '../interruptCause';

export interface PciIdentity {
  vendorId: number;
  deviceId: number;
  baseClass: number;
  subClass: number;
}

export class PciFunction implements IntxSource {
  readonly config: RegisterFile;
  private line: IntxLine | null = null;
  private intxCause: FlowGroup | null = null;
  private readonly status: number;
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
    this.status = c.index('STATUS');
    c.onWrite('COMMAND', () => this.line?.update());
  }

  /** The MSI-X table and PBA (in BAR 0), once the function declares `vectors` of them. */
  msix: MsixTable | null = null;

  /** Gives the function an MSI-X table of `vectors` entries (the capability's table size says so). */
  withMsix(vectors: number, idPrefix: string): MsixTable {
    const c = this.config;
    const ctrl = c.index('MSIX_CTRL');
    c.setField(ctrl, 'tableSize', vectors - 1);
    const t = new MsixTable(vectors, this.device, this.config.owner, idPrefix, this.config.virtual);
    t.bindFunctionMask(() => c.getField(ctrl, 'functionMask') === 1n);
    // Clearing the function mask releases vectors whose pending bit latched meanwhile.
    c.onWrite('MSIX_CTRL', (_f, o) => { if ((o.old & (1n << 14n)) !== 0n && (o.value & (1n << 14n)) === 0n) t.releaseAll(); });
    this.msix = t;
    return t;
  }

  /** What a driver does to set up MSI-X: program every vector, then enable (and unmask the function). */
  programMsix(route: (i: number) => { destId: number; vector: number }): void {
    const c = this.config;
    for (let i = 0; i < this.msix!.size; i++) {
      const r = route(i);
      this.msix!.program(i, r.destId, r.vector);
    }
    c.write(this.command, c.raw(this.command) | 0x6n);
    c.write(c.index('MSIX_CTRL'), 1n << 15n);
  }

  get msixEnabled(): boolean {
    return this.config.getField(this.config.index('MSIX_CTRL'), 'enable') === 1n;
  }

  /** Connects the function's INTA# to a (possibly shared) line. */
  wireIntx(line: IntxLine): void {
    this.line = line;
    line.attach(this);
  }

  /** The device has a new interrupt cause (a received packet, a completed command). Returns the flow it merged into, if any. */
  raiseIntx(flow: number): { mergedInto: number | null } {
    if (this.intxCause) {
      this.intxCause.push(flow);
      return { mergedInto: this.intxCause[0]! };
    }
    this.intxCause = [flow];
    this.config.setField(this.status, 'intStatus', 1);
    this.line?.update();
    return { mergedInto: null };
  }

  /** The driver services the device (reads its cause register): the cause clears and its flows are returned. */
  ackIntx(): FlowGroup {
    const flows = this.intxCause ?? [];
    this.intxCause = null;
    this.config.setField(this.status, 'intStatus', 0);
    this.line?.update();
    return flows;
  }

  /** STATUS.intStatus: the device has a cause pending (whatever DisINTx says). */
  get intxPending(): boolean {
    return this.intxCause !== null;
  }

  get intxDisabled(): boolean {
    return this.config.getField(this.command, 'intxDisable') === 1n;
  }

  asserting(): boolean {
    return this.intxCause !== null && !this.intxDisabled;
  }

  intxFlows(): FlowGroup {
    return this.intxCause ?? [];
  }

  /** The INTx cause as a bus-neutral interrupt cause (for the event source). */
  asCause(): InterruptCause {
    const fn = this;
    return {
      device: fn.device,
      raise: (flow) => fn.raiseIntx(flow),
      ack: () => fn.ackIntx(),
      get pending() { return fn.intxPending; },
      get heldAtDevice() { return fn.intxPending && fn.intxDisabled; },
      flows: () => fn.intxFlows(),
    };
  }

  /** A software write of COMMAND.intxDisable (pci_intx / DisINTx through config space). */
  setIntxDisable(on: boolean): void {
    const cur = this.config.raw(this.command);
    this.config.write(this.command, on ? cur | (1n << 10n) : cur & ~(1n << 10n));
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
