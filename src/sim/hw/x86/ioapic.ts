// An I/O APIC: pins driven by interrupt lines, redirection entries programmed by the OS (or, for a VM's virtual
// IOAPIC, by the guest), and the level-triggered handshake: a delivered level interrupt sets Remote IRR; the EOI
// broadcast for its vector clears it, and a pin still asserted then fires again. Edge pins fire on a rising edge.
// As a part of the wiring ("host/ioapic", "vm0/ioapic"): its pins are in-ports ("pin16") driven by lines, its
// messages go out at `msi` (to the APIC bus, or KVM's delivery into the vLAPICs), and the EOI broadcast comes in at `eoi`.
// The ID register's write loads the arbitration ID (82093AA §3.2.3; KVM's ioapic_read_indirect reads ARB as the ID).
// What differs for KVM's virtual IOAPIC (its version 0x11, Remote IRR cleared by a switch to edge, the storm guard
// on re-injection after EOI) is passed in when it is made (`IoapicOptions`), by host/kvm/kvmIoapic.ts.
// The delivery mode and destination mode of an entry go out with its message; the APIC bus (or KVM's delivery)
// decides what they reach.
// Not modelled: ExtINT, the IOAPIC EOI register (the EOI arrives as the LAPIC's broadcast).
import { RegisterFile, type RegisterFileDecl } from '../../core/registers';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import { DELIVERY_FIXED, type MsiMessage } from '../pci/msiMessage';
import { arbFromId, IOAPIC_PINS, IOAPIC_REGS, RTE } from './ioapicRegisters';
import type { FlowGroup } from '../../core/flows';

export interface RteView {
  vector: number;
  destination: number;
  logical: boolean;
  level: boolean;
  masked: boolean;
  remoteIrr: boolean;
}

/** A pin's level changed; `flows` gives the flows riding on it when it delivers; `from`: the CPU context doing it. */
export type PinLevel = (level: boolean, flows: () => FlowGroup, from?: number) => void;
/** The message a pin sends: its redirection entry, the flows, and the CPU context that made it fire. */
export type IoapicMessage = (pin: number, msg: MsiMessage, flows: FlowGroup, from: number) => void;

/** What a model of one IOAPIC chooses when it is made (a physical IOAPIC takes the defaults). */
export interface IoapicOptions {
  /** Its register declaration (default: the physical IOAPIC's, version 0x20). */
  regs?: RegisterFileDecl;
  /** Software switching an entry to edge clears its Remote IRR (KVM's ioapic_write_indirect). */
  edgeClearsRemoteIrr?: boolean;
  /**
   * After an EOI cleared a pin's Remote IRR: `pending` says whether the pin is still asserted and unmasked. Returns
   * whether to re-deliver it now (default: yes); a model that delays it calls `service(pin)` later.
   */
  afterEoi?: (pin: number, pending: boolean) => boolean;
  /**
   * What an IOWIN read at an index no register has returns: all ones (KVM: ioapic_read_indirect reads ~0ULL for a
   * redirection index past IOAPIC_NUM_PINS) or, by default, zero (QEMU's ioapic_mem_read; the 82093AA datasheet
   * defines only indexes 0x00–0x02 and 0x10–0x3F and does not say what the others read).
   */
  invalidIndexReadsOnes?: boolean;
  /** After software wrote a pin's entry (KVM rescans the vCPUs' EOI-exit bitmaps: kvm_make_scan_ioapic_request). */
  onRteWrite?: (pin: number) => void;
}

export class Ioapic {
  readonly regs: RegisterFile;
  private readonly rteBase: number;
  private readonly asserted = new Array<boolean>(IOAPIC_PINS).fill(false);
  /** Flows riding on each pin's current assertion (for the hops of its delivery). */
  private readonly pinFlows: (() => FlowGroup)[] = new Array(IOAPIC_PINS).fill(() => []);
  /** The CPU context of the latest pin change or EOI: where a message it causes goes out from (KVM's delivery). */
  private from = 0;
  readonly node: WireNode;
  /** One in-port per pin. */
  readonly pins: readonly InPort<PinLevel>[];
  /** Its messages (to the APIC bus, or KVM's delivery into the vLAPICs for a VM's IOAPIC). */
  readonly msi: OutPort<IoapicMessage>;
  /** The EOI broadcast of a level vector from a LAPIC. */
  readonly eoiIn: InPort<(vector: number) => void>;

  private readonly afterEoi: (pin: number, pending: boolean) => boolean;
  /** IOREGSEL: the index IOWIN reaches (hw/x86/ioapicMmio.ts). */
  ioregsel = 0;
  readonly invalidIndexReadsOnes: boolean;

  constructor(fileId: string, owner: string, device: string, virtual: boolean, opts: IoapicOptions = {}) {
    this.regs = new RegisterFile(opts.regs ?? IOAPIC_REGS, fileId, owner, device, virtual);
    this.afterEoi = opts.afterEoi ?? (() => true);
    this.invalidIndexReadsOnes = opts.invalidIndexReadsOnes ?? false;
    this.node = wireNode(`${owner}/ioapic`, virtual ? 'vioapic' : 'ioapic', owner, virtual ? `${owner} IOAPIC` : device);
    this.pins = Array.from({ length: IOAPIC_PINS }, (_, n) => inPort<PinLevel>(this.node, `pin${n}`, 'irq', (level, flows, from) => this.setPin(n, level, flows, from)));
    this.msi = outPort<IoapicMessage>(this.node, 'msi', 'msi', () => {});
    this.eoiIn = inPort(this.node, 'eoi', 'eoi', (vector: number) => this.eoi(vector));
    this.rteBase = this.regs.index('RTE0');
    const arb = this.regs.index('ARB');
    this.regs.onWrite('ID', (f, o) => f.set(arb, arbFromId(o.value)));
    // Software unmasking (or reprogramming) a level pin that is asserted delivers it now (ioapic_write_indirect).
    for (let n = 0; n < IOAPIC_PINS; n++) {
      const i = this.rteBase + n;
      this.regs.onWrite(`RTE${n}`, (f, o) => {
        if (opts.edgeClearsRemoteIrr && !RTE.trigger.on(o.value)) f.deposit(i, RTE.remoteIrr, 0);
        this.evaluate(n);
        opts.onRteWrite?.(n);
      });
    }
  }

  rte(pin: number): RteView {
    const v = this.regs.raw(this.rteBase + pin);
    return { vector: RTE.vector.num(v), destination: RTE.destination.num(v), logical: RTE.destMode.on(v), level: RTE.trigger.on(v), masked: RTE.mask.on(v), remoteIrr: RTE.remoteIrr.on(v) };
  }

  /** Whether the pin's entry is masked now. */
  masked(pin: number): boolean {
    return RTE.mask.on(this.regs.raw(this.rteBase + pin));
  }

  /** What the OS (or the guest) does to route a pin: a software write of the whole entry. */
  program(pin: number, r: { vector: number; destination: number; level: boolean; masked: boolean }): void {
    const v = RTE.vector.set(RTE.trigger.set(RTE.mask.set(RTE.destination.of(r.destination), r.masked), r.level), r.vector);
    this.regs.write(this.rteBase + pin, v);
  }

  /** The OS masks or unmasks a pin (disable_irq / enable_irq at the chip): a software write of the mask bit. */
  setMasked(pin: number, masked: boolean): void {
    const i = this.rteBase + pin;
    // Remote IRR is read-only: write back 0 there.
    this.regs.write(i, RTE.mask.set(RTE.remoteIrr.set(this.regs.raw(i), 0), masked));
  }

  isAsserted(pin: number): boolean {
    return this.asserted[pin]!;
  }

  /** The line into `pin` changed level; `flows` gives the flows riding on it when it delivers. */
  setPin(pin: number, level: boolean, flows: () => FlowGroup, from = this.from): void {
    this.from = from;
    const was = this.asserted[pin]!;
    this.asserted[pin] = level;
    this.pinFlows[pin] = flows;
    if (level && (!was || RTE.trigger.on(this.regs.raw(this.rteBase + pin)))) this.evaluate(pin, !was);
  }

  /**
   * EOI broadcast for `vector` (from a LAPIC whose TMR bit was set): `ack` runs first for each pin EOIed (KVM's
   * resampler de-asserts its GSI there, as __kvm_ioapic_update_eoi does), then Remote IRR clears and a pin still
   * asserted fires again.
   */
  eoi(vector: number, ack?: (pin: number) => void, from = this.from): void {
    this.from = from;
    const vec = BigInt(vector);
    for (let pin = 0; pin < IOAPIC_PINS; pin++) {
      const i = this.rteBase + pin;
      const v = this.regs.raw(i);
      // Remote IRR first: most pins have none, so they are passed over with one test.
      if (!RTE.remoteIrr.on(v) || !RTE.trigger.on(v) || RTE.vector.get(v) !== vec) continue;
      ack?.(pin);
      this.regs.deposit(i, RTE.remoteIrr, 0);
      if (this.afterEoi(pin, this.asserted[pin]! && !this.masked(pin))) this.evaluate(pin);
    }
  }

  /** ioapic_service for a level pin: delivers it if asserted, unmasked and Remote IRR is clear. */
  service(pin: number): void {
    this.evaluate(pin);
  }

  private evaluate(pin: number, rising = false): void {
    if (!this.asserted[pin]) return;
    const i = this.rteBase + pin;
    const v = this.regs.raw(i);
    if (RTE.mask.on(v)) return;
    const level = RTE.trigger.on(v);
    if (level) {
      if (RTE.remoteIrr.on(v)) return;
      this.regs.deposit(i, RTE.remoteIrr, 1);
    } else if (!rising) return;
    const msg: MsiMessage = { destId: RTE.destination.num(v), vector: RTE.vector.num(v), level };
    if (RTE.destMode.on(v)) msg.logical = true;
    if (!RTE.deliveryMode.is(v, DELIVERY_FIXED)) msg.deliveryMode = RTE.deliveryMode.num(v);
    this.msi.send(pin, msg, this.pinFlows[pin]!(), this.from);
  }
}
