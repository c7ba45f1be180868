// A platform device wired to a GIC SPI (the kind VFIO-platform assigns on ARM): a level output that is high while
// the device has a cause pending; the driver reading its status register lowers it.
import type { InterruptCause } from '../interruptCause';
import type { FlowGroup } from '../../core/flows';

export class PlatformIrqDevice implements InterruptCause {
  private cause: FlowGroup | null = null;
  /** Drives the SPI input (the distributor's assertSpi). */
  output: (level: boolean, flows: FlowGroup) => void = () => {};

  constructor(readonly device: string, readonly intid: number) {}

  raise(flow: number): { mergedInto: number | null } {
    if (this.cause) {
      this.cause.push(flow);
      return { mergedInto: this.cause[0]! };
    }
    this.cause = [flow];
    this.output(true, this.cause);
    return { mergedInto: null };
  }

  ack(): FlowGroup {
    const f = this.cause ?? [];
    this.cause = null;
    this.output(false, []);
    return f;
  }

  get pending(): boolean {
    return this.cause !== null;
  }

  get heldAtDevice(): boolean {
    return false;
  }

  flows(): FlowGroup {
    return this.cause ?? [];
  }
}
