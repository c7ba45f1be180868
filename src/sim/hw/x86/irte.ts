// A VT-d interrupt remapping table entry in posted format (VT-d spec §9.11): the device's MSI, once remapped,
// is posted to the descriptor at PDA instead of being delivered to a LAPIC.
import { bits, reg, registerFile, RegisterFile } from '../../core/registers';

export const IRTE_REGS = registerFile('Interrupt remapping table entry (posted format)', [
  reg('IRTE_LO', 0x0, 64, {
    pdaLow: bits(63, 38, 'rw', 'posted-descriptor address bits 31:6'),
    vector: bits(23, 16, 'rw', 'virtual vector to post'),
    im: bits(15, 15, 'rw', 'IRTE mode', { 0: 'remapped', 1: 'posted' }),
    urg: bits(14, 14, 'rw', 'urgent: notify even when SN is set'),
    fpd: bits(1, 1, 'rw', 'fault processing disable'),
    present: bits(0, 0, 'rw', 'present'),
  }, { meaning: 'IRTE bits 63:0' }),
  reg('IRTE_HI', 0x8, 64, {
    pdaHigh: bits(63, 32, 'rw', 'posted-descriptor address bits 63:32'),
    svt: bits(19, 18, 'rw', 'source validation type'),
    sid: bits(15, 0, 'rw', 'source ID (requester bus/device/function)'),
  }, { meaning: 'IRTE bits 127:64' }),
]);

export class Irte {
  readonly regs: RegisterFile;

  constructor(fileId: string, device: string) {
    this.regs = new RegisterFile(IRTE_REGS, fileId, 'host', device, false);
  }

  /** What KVM's irq bypass consumer programs: posted mode, the guest vector, the descriptor address. */
  programPosted(vector: number, pda: bigint, sid: number): void {
    const lo = this.regs.index('IRTE_LO');
    const hi = this.regs.index('IRTE_HI');
    this.regs.write(lo, (((pda >> 6n) & ((1n << 26n) - 1n)) << 38n) | (BigInt(vector & 0xff) << 16n) | (1n << 15n) | 1n);
    this.regs.write(hi, ((pda >> 32n) << 32n) | BigInt(sid & 0xffff));
  }

  get posted(): boolean {
    return this.regs.getField(this.regs.index('IRTE_LO'), 'im') === 1n && this.regs.getField(this.regs.index('IRTE_LO'), 'present') === 1n;
  }

  get vector(): number {
    return Number(this.regs.getField(this.regs.index('IRTE_LO'), 'vector'));
  }

  get pda(): bigint {
    const lo = this.regs.getField(this.regs.index('IRTE_LO'), 'pdaLow');
    const hi = this.regs.getField(this.regs.index('IRTE_HI'), 'pdaHigh');
    return (hi << 32n) | (lo << 6n);
  }
}
