// The posted-interrupt descriptor (VMX PI / VT-d PI, facts §D.3): 64 bytes per vCPU. Posting sets the vector's PIR
// bit, then ON; a notification (vector NV to APIC NDST) is sent only if ON was clear and SN is clear.
import { bits, reg, registerFile, RegisterFile } from '../../core/registers';

/** KVM's host vectors (arch/x86/include/asm/irq_vectors.h): notification while running, wake-up while blocked. */
export const POSTED_INTR_VECTOR = 0xf2;
export const POSTED_INTR_WAKEUP_VECTOR = 0xf1;

export const PI_DESC_REGS = registerFile('Posted-interrupt descriptor', [
  ...Array.from({ length: 8 }, (_, i) => reg(`PIR${i}`, 4 * i, 32, {
    vectors: bits(31, 0, 'rw', `posted-interrupt requests, vectors ${32 * i}..${32 * i + 31}`),
  }, { meaning: `PIR bits ${32 * i}..${32 * i + 31}` })),
  reg('CONTROL', 0x20, 32, {
    nv: bits(23, 16, 'rw', 'notification vector (0xF2 running, 0xF1 wake-up while blocked)', { 0xf2: 'POSTED_INTR_VECTOR', 0xf1: 'POSTED_INTR_WAKEUP_VECTOR' }),
    sn: bits(1, 1, 'rw', 'suppress notification: set while the vCPU is preempted'),
    on: bits(0, 0, 'rw', 'outstanding notification: a notification was sent and PIR not yet synced'),
  }, { reset: BigInt(POSTED_INTR_VECTOR << 16), meaning: 'ON (bit 256), SN (257), NV (279:272)' }),
  reg('NDST', 0x24, 32, { apicId: bits(15, 8, 'rw', 'notification destination: xAPIC ID of the pCPU (bits 15:8)') }, { meaning: 'notification destination (319:288)' }),
]);

export class PostedDescriptor {
  readonly regs: RegisterFile;
  private readonly ctrl: number;
  private readonly ndst: number;

  constructor(fileId: string, owner: string, device: string) {
    this.regs = new RegisterFile(PI_DESC_REGS, fileId, owner, device, false);
    this.ctrl = this.regs.index('CONTROL');
    this.ndst = this.regs.index('NDST');
  }

  get on(): boolean { return this.regs.getField(this.ctrl, 'on') === 1n; }
  get sn(): boolean { return this.regs.getField(this.ctrl, 'sn') === 1n; }
  get nv(): number { return Number(this.regs.getField(this.ctrl, 'nv')); }
  get destination(): number { return Number(this.regs.getField(this.ndst, 'apicId')); }

  setSn(on: boolean): void { this.regs.setField(this.ctrl, 'sn', on ? 1 : 0); }
  setNv(vector: number): void { this.regs.setField(this.ctrl, 'nv', vector); }
  setDestination(apicId: number): void { this.regs.setField(this.ndst, 'apicId', apicId); }

  /** What the IOMMU does: PIR bit, then ON unless SN; true when a notification must be sent (ON was clear, SN clear). */
  post(vector: number): boolean {
    this.regs.setBit(this.regs.index('PIR0') + (vector >> 5), vector & 31, true);
    if (this.sn || this.on) return false;
    this.regs.setField(this.ctrl, 'on', 1);
    return true;
  }

  /** KVM's own posting (vmx_deliver_posted_interrupt): PIR bit, then ON whatever SN says; true when ON was clear. */
  postFromKvm(vector: number): boolean {
    this.regs.setBit(this.regs.index('PIR0') + (vector >> 5), vector & 31, true);
    if (this.on) return false;
    this.regs.setField(this.ctrl, 'on', 1);
    return true;
  }

  /** vmx_sync_pir_to_irr / the CPU's notification processing: take every PIR bit, clear ON. */
  takePir(): number[] {
    const vectors: number[] = [];
    const base = this.regs.index('PIR0');
    for (let w = 7; w >= 0; w--) {
      let v = Number(this.regs.raw(base + w));
      while (v !== 0) {
        const b = 31 - Math.clz32(v);
        vectors.push(w * 32 + b);
        v &= ~(1 << b);
      }
      this.regs.set(base + w, 0n);
    }
    this.regs.setField(this.ctrl, 'on', 0);
    return vectors;
  }
}
