// A PCI function: its configuration space (declared once in configSpace.ts), the MSI it sends (the message as
// msiMessage.ts declares it) and its MSI-X table (msixTable.ts).
// INTx: a pending cause sets STATUS.intStatus; the pin is driven while the cause is pending and COMMAND.intxDisable
// is clear (PCI 2.3 DisINTx masks at the device, Interrupt Status still shows the cause). Events that arrive while
// the cause is pending merge into it (one level, one handler run).
// As a part of the wiring ("host/nic0", or the guest's view "vm0/nic0"): `intx` is its INTA# (connected to a line),
// `msi` its message writes (to the IOMMU), `intxPending` answers whether it has a cause pending (a shared line's
// spurious poll asks it).
// Not modelled: BARs beyond their registers, multiple MSI messages (MME), per-vector MSI masking.
import { RegisterFile } from '../../core/registers';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { FlowGroup } from '../../core/flows';
import { COMMAND, MSI_CTRL, MSIX_CTRL, PCI_CONFIG_REGS, STATUS, type MsiMessage } from './configSpace';
import { decodeMsi, msiAddress, msiData } from './msiMessage';
import { MsixTable } from './msixTable';
import type { IntxSource } from './intxLine';
import type { InterruptCause } from '../interruptCause';

export interface PciIdentity {
  vendorId: number;
  deviceId: number;
  baseClass: number;
  subClass: number;
}

/**
 * A message write out of a function: the message, the flows it carries, and the requester (the remapping table's
 * key: the function, or "function#n" for MSI-X vector n).
 */
export type MsiWrite = (source: string, msg: MsiMessage, flows: FlowGroup) => void;

export class PciFunction implements IntxSource {
  readonly config: RegisterFile;
  readonly node: WireNode;
  /** INTA#: tells the line its level may have changed. */
  readonly intx: OutPort<() => void>;
  /** Its message writes. */
  readonly msi: OutPort<MsiWrite>;
  /** Whether an INTx cause is pending (STATUS.intStatus). */
  readonly intxPendingIn: InPort<() => boolean>;
  private intxCause: FlowGroup | null = null;
  private readonly status: number;
  private readonly ctrl: number;
  private readonly addr: number;
  private readonly data: number;
  private readonly command: number;

  constructor(fileId: string, owner: string, readonly device: string, identity: PciIdentity, virtual: boolean) {
    this.config = new RegisterFile(PCI_CONFIG_REGS, fileId, owner, device, virtual);
    this.node = wireNode(`${owner}/${device}`, virtual ? 'pci-function-view' : 'pci-function', owner, device);
    this.intx = outPort(this.node, 'intx', 'irq', () => {});
    this.msi = outPort<MsiWrite>(this.node, 'msi', 'msi', () => {});
    this.intxPendingIn = inPort(this.node, 'intx-pending', 'call', () => this.intxPending);
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
    c.onWrite('COMMAND', () => this.intx.send());
  }

  /** The MSI-X table and PBA (in BAR 0), once the function declares `vectors` of them. */
  msix: MsixTable | null = null;

  /** Gives the function an MSI-X table of `vectors` entries (the capability's table size says so). */
  withMsix(vectors: number, idPrefix: string): MsixTable {
    const c = this.config;
    const ctrl = c.index('MSIX_CTRL');
    c.deposit(ctrl, MSIX_CTRL.tableSize, vectors - 1);
    const t = new MsixTable(vectors, this.device, this.config.owner, idPrefix, this.config.virtual, this.node);
    t.bindFunctionMask(() => MSIX_CTRL.functionMask.on(c.raw(ctrl)));
    // Clearing the function mask releases vectors whose pending bit latched meanwhile.
    c.onWrite('MSIX_CTRL', (_f, o) => { if (MSIX_CTRL.functionMask.on(o.old) && !MSIX_CTRL.functionMask.on(o.value)) t.releaseAll(); });
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
    c.write(this.command, COMMAND.busMaster.set(COMMAND.memory.set(c.raw(this.command), 1), 1));
    c.write(c.index('MSIX_CTRL'), MSIX_CTRL.enable.of(1));
  }

  get msixEnabled(): boolean {
    return MSIX_CTRL.enable.on(this.config.raw(this.config.index('MSIX_CTRL')));
  }

  /** The device has a new interrupt cause (a received packet, a completed command). Returns the flow it merged into, if any. */
  raiseIntx(flow: number): { mergedInto: number | null } {
    if (this.intxCause) {
      this.intxCause.push(flow);
      return { mergedInto: this.intxCause[0]! };
    }
    this.intxCause = [flow];
    this.config.deposit(this.status, STATUS.intStatus, 1);
    this.intx.send();
    return { mergedInto: null };
  }

  /** The driver services the device (reads its cause register): the cause clears and its flows are returned. */
  ackIntx(): FlowGroup {
    const flows = this.intxCause ?? [];
    this.intxCause = null;
    this.config.deposit(this.status, STATUS.intStatus, 0);
    this.intx.send();
    return flows;
  }

  /** STATUS.intStatus: the device has a cause pending (whatever DisINTx says). */
  get intxPending(): boolean {
    return this.intxCause !== null;
  }

  get intxDisabled(): boolean {
    return COMMAND.intxDisable.on(this.config.raw(this.command));
  }

  /** An injected fault (`ignores-disintx`): the function drives INTx whatever COMMAND.intxDisable says. */
  ignoresIntxDisable = false;

  asserting(): boolean {
    return this.intxCause !== null && (!this.intxDisabled || this.ignoresIntxDisable);
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
    this.config.write(this.command, COMMAND.intxDisable.set(this.config.raw(this.command), on));
  }

  /** What a driver does to set up MSI: program address and data, enable bus mastering and MSI (software writes). */
  programMsi(destId: number, vector: number): void {
    const c = this.config;
    c.write(this.addr, msiAddress(destId));
    c.write(c.index('MSI_ADDR_HI'), 0n);
    c.write(this.data, msiData(vector));
    c.write(this.command, COMMAND.busMaster.set(COMMAND.memory.set(c.raw(this.command), 1), 1));
    c.write(this.ctrl, MSI_CTRL.enable.set(c.raw(this.ctrl), 1));
  }

  /** The message the function sends now, or the reason it cannot. */
  msiMessage(): MsiMessage | { blocked: string } {
    const c = this.config;
    if (!MSI_CTRL.enable.on(c.raw(this.ctrl))) return { blocked: 'MSI disabled (MSI_CTRL.enable = 0)' };
    if (!COMMAND.busMaster.on(c.raw(this.command))) return { blocked: 'bus mastering disabled (COMMAND.busMaster = 0)' };
    return decodeMsi(c.raw(this.addr), c.raw(this.data));
  }
}
