// The MSI-X table and pending-bit array of a function (PCI Local Bus 3.0 §6.8.2), in BAR 0 at the offsets the
// capability names: 16 bytes per vector (message address, data, vector control with its mask bit) and one pending
// bit per vector. A masked vector (or a masked function) latches its pending bit instead of sending; unmasking a
// vector whose pending bit is set sends the message then.
import { RegisterFile } from '../../core/registers';
import { outPort, wireNode, type OutPort, type WireNode } from '../../core/wires';
import { decodeMsi, msiAddress, msiData, type MsiMessage } from './msiMessage';
import { msixPbaDecl, msixTableDecl, pbaBit, pbaWord, VECTOR_CTRL } from './msixRegisters';

export { MSIX_PBA_OFFSET } from './msixRegisters';

export type MsixSend = { msg: MsiMessage } | { pending: true } | { blocked: string };

export class MsixTable {
  readonly table: RegisterFile;
  readonly pba: RegisterFile;
  /** Unmasking released a pending vector: the function sends its message now. */
  readonly release: OutPort<(vector: number) => void>;
  private functionMasked = () => false;

  /** `node`: the function the table belongs to. */
  constructor(readonly size: number, device: string, owner: string, idPrefix: string, virtual: boolean, node: WireNode = wireNode(`${owner}/${device}`, 'pci-function', owner, device)) {
    this.release = outPort(node, 'msix-release', 'msi', () => {});
    this.table = new RegisterFile(msixTableDecl(size), `${idPrefix}/${device}/msix-table`, owner, device, virtual);
    this.pba = new RegisterFile(msixPbaDecl(size), `${idPrefix}/${device}/msix-pba`, owner, device, virtual);
    for (let i = 0; i < size; i++) this.table.onWrite(`CTRL${i}`, () => this.releaseIfUnmasked(i));
  }

  /** The capability's function mask, read live. */
  bindFunctionMask(masked: () => boolean): void {
    this.functionMasked = masked;
  }

  /** What a driver does for one vector: program address and data, then unmask (software writes). */
  program(i: number, destId: number, vector: number): void {
    const t = this.table;
    t.write(t.index(`ADDR_LO${i}`), msiAddress(destId));
    t.write(t.index(`ADDR_HI${i}`), 0n);
    t.write(t.index(`DATA${i}`), msiData(vector));
    t.write(t.index(`CTRL${i}`), 0n);
  }

  masked(i: number): boolean {
    return this.functionMasked() || VECTOR_CTRL.mask.on(this.table.raw(this.table.index(`CTRL${i}`)));
  }

  message(i: number): MsiMessage | { blocked: string } {
    const t = this.table;
    const m = decodeMsi(t.raw(t.index(`ADDR_LO${i}`)), t.raw(t.index(`DATA${i}`)));
    return 'blocked' in m ? { blocked: `vector ${i}: address outside 0xFEExxxxx` } : m;
  }

  /** The function wants to signal vector i: the message, or its pending bit latched because it is masked. */
  send(i: number): MsixSend {
    if (this.masked(i)) {
      this.setPending(i, true);
      return { pending: true };
    }
    const m = this.message(i);
    return 'blocked' in m ? m : { msg: m };
  }

  pending(i: number): boolean {
    return this.pba.testBit(pbaWord(i), pbaBit(i));
  }

  /** Re-check every vector (after the function mask cleared). */
  releaseAll(): void {
    for (let i = 0; i < this.size; i++) this.releaseIfUnmasked(i);
  }

  private setPending(i: number, on: boolean): void {
    this.pba.setBit(pbaWord(i), pbaBit(i), on);
  }

  private releaseIfUnmasked(i: number): void {
    if (this.masked(i) || !this.pending(i)) return;
    this.setPending(i, false);
    this.release.send(i);
  }
}
