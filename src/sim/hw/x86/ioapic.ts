// An I/O APIC: pins driven by interrupt lines, redirection entries programmed by the OS (or, for a VM's virtual
// IOAPIC, by the guest), and the level-triggered handshake: a delivered level interrupt sets Remote IRR; the EOI
// broadcast for its vector clears it, and a pin still asserted then fires again. Edge pins fire on a rising edge.
// Not modelled: lowest-priority arbitration, logical destinations, ExtINT.
import { RegisterFile } from '../../core/registers';
import type { MsiMessage } from '../pci/configSpace';
import { IOAPIC_PINS, IOAPIC_REGS } from './ioapicRegisters';
import type { FlowGroup } from '../../core/flows';

export interface RteView {
  vector: number;
  destination: number;
  level: boolean;
  masked: boolean;
  remoteIrr: boolean;
}

export class Ioapic {
  readonly regs: RegisterFile;
  private readonly rteBase: number;
  private readonly asserted = new Array<boolean>(IOAPIC_PINS).fill(false);
  /** Flows riding on each pin's current assertion (for the hops of its delivery). */
  private readonly pinFlows: (() => FlowGroup)[] = new Array(IOAPIC_PINS).fill(() => []);
  /** Sends the message (to a LAPIC, or a vLAPIC for a VM's IOAPIC). */
  deliver: (pin: number, msg: MsiMessage, flows: FlowGroup) => void = () => {};
  /** Told when a level pin is EOIed (KVM's irq ack notifiers hang here). */
  onPinEoi: ((pin: number) => void) | null = null;

  constructor(fileId: string, owner: string, device: string, virtual: boolean) {
    this.regs = new RegisterFile(IOAPIC_REGS, fileId, owner, device, virtual);
    this.rteBase = this.regs.index('RTE0');
    // Software unmasking (or reprogramming) a pin that is asserted delivers it now.
    for (let n = 0; n < IOAPIC_PINS; n++) this.regs.onWrite(`RTE${n}`, () => this.evaluate(n));
  }

  rte(pin: number): RteView {
    const raw = this.regs.raw(this.rteBase + pin);
    const lo = Number(raw & 0xffffffffn); // the fields below live in the low word (destination: bits 63:56)
    return { vector: lo & 0xff, destination: Number(raw >> 56n), level: (lo & (1 << 15)) !== 0, masked: (lo & (1 << 16)) !== 0, remoteIrr: (lo & (1 << 14)) !== 0 };
  }

  /** What the OS (or the guest) does to route a pin: a software write of the whole entry. */
  program(pin: number, r: { vector: number; destination: number; level: boolean; masked: boolean }): void {
    const v = (BigInt(r.destination) << 56n) | (r.masked ? 1n << 16n : 0n) | (r.level ? 1n << 15n : 0n) | BigInt(r.vector & 0xff);
    this.regs.write(this.rteBase + pin, v);
  }

  /** The OS masks or unmasks a pin (disable_irq / enable_irq at the chip): a software write of the mask bit. */
  setMasked(pin: number, masked: boolean): void {
    const i = this.rteBase + pin;
    const cur = this.regs.raw(i) & ~(1n << 14n); // Remote IRR is read-only: write back 0 there
    this.regs.write(i, masked ? cur | (1n << 16n) : cur & ~(1n << 16n));
  }

  isAsserted(pin: number): boolean {
    return this.asserted[pin]!;
  }

  /** The line into `pin` changed level; `flows` gives the flows riding on it when it delivers. */
  setPin(pin: number, level: boolean, flows: () => FlowGroup): void {
    const was = this.asserted[pin]!;
    this.asserted[pin] = level;
    this.pinFlows[pin] = flows;
    if (level && (!was || this.rte(pin).level)) this.evaluate(pin, !was);
  }

  /**
   * EOI broadcast for `vector` (from a LAPIC whose TMR bit was set): the ack notifiers run first (KVM's resampler
   * de-asserts its GSI there, as __kvm_ioapic_update_eoi does), then Remote IRR clears and a pin still asserted fires again.
   */
  eoi(vector: number): void {
    for (let pin = 0; pin < IOAPIC_PINS; pin++) {
      const lo = Number(this.regs.raw(this.rteBase + pin) & 0xffffffffn);
      if ((lo & 0xff) !== vector || (lo & (1 << 15)) === 0 || (lo & (1 << 14)) === 0) continue;
      this.onPinEoi?.(pin);
      this.regs.setField(this.rteBase + pin, 'remoteIrr', 0);
      this.evaluate(pin);
    }
  }

  private evaluate(pin: number, rising = false): void {
    if (!this.asserted[pin]) return;
    const r = this.rte(pin);
    if (r.masked) return;
    if (r.level) {
      if (r.remoteIrr) return;
      this.regs.setField(this.rteBase + pin, 'remoteIrr', 1);
    } else if (!rising) return;
    this.deliver(pin, { destId: r.destination, vector: r.vector, level: r.level }, this.pinFlows[pin]!());
  }
}
