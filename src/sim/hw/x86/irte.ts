// A VT-d interrupt remapping table entry in posted format (VT-d spec §9.11): the device's MSI, once remapped,
// is posted to the descriptor at PDA instead of being delivered to a LAPIC. The descriptor's address is split
// across the two halves of the entry (bits 31:6 in the low half, 63:32 in the high half): `PDA` declares that split.
import { bits, layout, reg, registerFile, RegisterFile } from '../../core/registers';

/** IRTE bits 63:0. */
export const IRTE_LO = layout(64, {
  pdaLow: bits(63, 38, 'rw', 'posted-descriptor address bits 31:6'),
  vector: bits(23, 16, 'rw', 'virtual vector to post'),
  im: bits(15, 15, 'rw', 'IRTE mode', { 0: 'remapped', 1: 'posted' }),
  urg: bits(14, 14, 'rw', 'urgent: notify even when SN is set'),
  fpd: bits(1, 1, 'rw', 'fault processing disable'),
  present: bits(0, 0, 'rw', 'present'),
}, 'IRTE_LO');

/** IRTE bits 127:64. */
export const IRTE_HI = layout(64, {
  pdaHigh: bits(63, 32, 'rw', 'posted-descriptor address bits 63:32'),
  svt: bits(19, 18, 'rw', 'source validation type'),
  sid: bits(15, 0, 'rw', 'source ID (requester bus/device/function)'),
}, 'IRTE_HI');

/** A posted-interrupt descriptor's address (64-byte aligned), as the IRTE carries it. */
export const PDA = layout(64, {
  high: bits(63, 32, 'rw', 'address bits 63:32 (IRTE_HI.pdaHigh)'),
  low: bits(31, 6, 'rw', 'address bits 31:6 (IRTE_LO.pdaLow)'),
}, 'PDA');

export const IRTE_REGS = registerFile('Interrupt remapping table entry (posted format)', [
  reg('IRTE_LO', 0x0, 64, IRTE_LO, { meaning: 'IRTE bits 63:0' }),
  reg('IRTE_HI', 0x8, 64, IRTE_HI, { meaning: 'IRTE bits 127:64' }),
]);

export class Irte {
  readonly regs: RegisterFile;
  private readonly lo: number;
  private readonly hi: number;

  constructor(fileId: string, device: string) {
    this.regs = new RegisterFile(IRTE_REGS, fileId, 'host', device, false);
    this.lo = this.regs.index('IRTE_LO');
    this.hi = this.regs.index('IRTE_HI');
  }

  /** What KVM's irq bypass consumer programs: posted mode, the guest vector, the descriptor address. */
  programPosted(vector: number, pda: bigint, sid: number): void {
    const lo = IRTE_LO.pdaLow.of(PDA.low.get(pda)) | IRTE_LO.vector.of(vector) | IRTE_LO.im.of(1) | IRTE_LO.present.of(1);
    this.regs.write(this.lo, lo);
    this.regs.write(this.hi, IRTE_HI.pdaHigh.of(PDA.high.get(pda)) | IRTE_HI.sid.of(sid));
  }

  get posted(): boolean {
    const lo = this.regs.raw(this.lo);
    return IRTE_LO.im.on(lo) && IRTE_LO.present.on(lo);
  }

  get vector(): number {
    return IRTE_LO.vector.num(this.regs.raw(this.lo));
  }

  get pda(): bigint {
    return PDA.high.of(IRTE_HI.pdaHigh.get(this.regs.raw(this.hi))) | PDA.low.of(IRTE_LO.pdaLow.get(this.regs.raw(this.lo)));
  }
}
