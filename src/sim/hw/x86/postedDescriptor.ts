// The posted-interrupt descriptor (VMX PI / VT-d PI, facts §D.3): 64 bytes per vCPU. Posting sets the vector's PIR
// bit, then ON; a notification (vector NV to APIC NDST) is sent only if ON was clear and SN is clear.
// As a part of the wiring ("vm0/vcpu0/pi-desc"): the IOMMU posts into it at `post`; its notification goes out at
// `notify` as an interrupt message (to the APIC bus).
import { bits, layout, reg, registerFile, RegisterFile } from '../../core/registers';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { FlowGroup } from '../../core/flows';
import type { MsiMessage } from '../pci/msiMessage';
import { bankBit, bankWord } from './lapicRegisters';

/** KVM's host vectors (arch/x86/include/asm/irq_vectors.h): notification while running, wake-up while blocked. */
export const POSTED_INTR_VECTOR = 0xf2;
export const POSTED_INTR_WAKEUP_VECTOR = 0xf1;

/** The control word: ON (bit 256), SN (257), NV (279:272). */
export const PI_CONTROL = layout(32, {
  nv: bits(23, 16, 'rw', 'notification vector (0xF2 running, 0xF1 wake-up while blocked)', { 0xf2: 'POSTED_INTR_VECTOR', 0xf1: 'POSTED_INTR_WAKEUP_VECTOR' }),
  sn: bits(1, 1, 'rw', 'suppress notification: set while the vCPU is preempted'),
  on: bits(0, 0, 'rw', 'outstanding notification: a notification was sent and PIR not yet synced'),
}, 'CONTROL');

/** Notification destination (319:288). */
export const PI_NDST = layout(32, { apicId: bits(15, 8, 'rw', 'notification destination: xAPIC ID of the pCPU (bits 15:8)') }, 'NDST');

export const PI_DESC_REGS = registerFile('Posted-interrupt descriptor', [
  ...Array.from({ length: 8 }, (_, i) => reg(`PIR${i}`, 4 * i, 32, {
    vectors: bits(31, 0, 'rw', `posted-interrupt requests, vectors ${32 * i}..${32 * i + 31}`),
  }, { meaning: `PIR bits ${32 * i}..${32 * i + 31}` })),
  reg('CONTROL', 0x20, 32, PI_CONTROL, { reset: PI_CONTROL.nv.of(POSTED_INTR_VECTOR), meaning: 'ON (bit 256), SN (257), NV (279:272)' }),
  reg('NDST', 0x24, 32, PI_NDST, { meaning: 'notification destination (319:288)' }),
]);

export class PostedDescriptor {
  readonly regs: RegisterFile;
  private readonly ctrl: number;
  private readonly ndst: number;
  private readonly pir: number;
  readonly node: WireNode;
  /** The IOMMU posts a vector: PIR bit, then ON unless SN; true when a notification must be sent. */
  readonly postIn: InPort<(vector: number) => boolean>;
  /** The notification: vector NV to the APIC named by NDST. */
  readonly notify: OutPort<(msg: MsiMessage, flows: FlowGroup) => void>;

  constructor(fileId: string, owner: string, device: string) {
    this.regs = new RegisterFile(PI_DESC_REGS, fileId, owner, device, false);
    this.node = wireNode(fileId, 'pi-desc', owner, `${device} posted-interrupt descriptor`);
    this.postIn = inPort(this.node, 'post', 'msi', (vector: number) => this.post(vector));
    this.notify = outPort(this.node, 'notify', 'msi', () => {});
    this.ctrl = this.regs.index('CONTROL');
    this.ndst = this.regs.index('NDST');
    this.pir = this.regs.index('PIR0');
  }

  get on(): boolean { return PI_CONTROL.on.on(this.regs.raw(this.ctrl)); }
  get sn(): boolean { return PI_CONTROL.sn.on(this.regs.raw(this.ctrl)); }
  get nv(): number { return PI_CONTROL.nv.num(this.regs.raw(this.ctrl)); }
  get destination(): number { return PI_NDST.apicId.num(this.regs.raw(this.ndst)); }

  setSn(on: boolean): void { this.regs.deposit(this.ctrl, PI_CONTROL.sn, on); }
  setNv(vector: number): void { this.regs.deposit(this.ctrl, PI_CONTROL.nv, vector); }
  setDestination(apicId: number): void { this.regs.deposit(this.ndst, PI_NDST.apicId, apicId); }

  /** What the IOMMU does: PIR bit, then ON unless SN; true when a notification must be sent (ON was clear, SN clear). */
  post(vector: number): boolean {
    this.regs.setBit(this.pir + bankWord(vector), bankBit(vector), true);
    if (this.sn || this.on) return false;
    this.regs.deposit(this.ctrl, PI_CONTROL.on, 1);
    return true;
  }

  /** KVM's own posting (vmx_deliver_posted_interrupt): PIR bit, then ON whatever SN says; true when ON was clear. */
  postFromKvm(vector: number): boolean {
    this.regs.setBit(this.pir + bankWord(vector), bankBit(vector), true);
    if (this.on) return false;
    this.regs.deposit(this.ctrl, PI_CONTROL.on, 1);
    return true;
  }

  /** The notification message it sends now: NV to NDST. */
  notification(): MsiMessage {
    return { destId: this.destination, vector: this.nv, level: false };
  }

  /** vmx_sync_pir_to_irr / the CPU's notification processing: take every PIR bit, clear ON. */
  takePir(): number[] {
    const vectors: number[] = [];
    for (let w = 7; w >= 0; w--) {
      let v = Number(this.regs.raw(this.pir + w));
      while (v !== 0) {
        const b = 31 - Math.clz32(v);
        vectors.push(w * 32 + b);
        v &= ~(1 << b); // a bitmap scan: each set bit is a vector's index (not a field of a register value)
      }
      this.regs.set(this.pir + w, 0n);
    }
    this.regs.deposit(this.ctrl, PI_CONTROL.on, 0);
    return vectors;
  }
}
