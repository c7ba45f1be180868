// The interrupt chip under a Linux IRQ: what masking and unmasking the line costs and does.
import type { Step } from '../step';

export interface IrqChip {
  readonly name: string;
  /** A step (on the CPU doing it) that masks the line at the chip. */
  maskStep(where: number, flow: number): Step;
  unmaskStep(where: number, flow: number): Step;
  /** Whether the line is masked at the chip now. */
  masked(): boolean;
}
