// A platform device wired to a GIC SPI (the kind VFIO-platform assigns on ARM): a level output that is high while
// the device has a cause pending; the driver reading its status register lowers it. On the machine's wiring it is
// "host/<device>", its output port connected to the distributor's input for its SPI.
import type { InterruptCause } from '../interruptCause';
import type { FlowGroup } from '../../core/flows';
import { outPort, wireNode, type OutPort, type WireNode } from '../../core/wires';
import type { LevelIn } from './gicPorts';

export class PlatformIrqDevice implements InterruptCause {
  private cause: FlowGroup | null = null;
  readonly node: WireNode;
  /** The SPI line: high with the flows of the pending cause, low when the driver reads the device. */
  readonly irqOut: OutPort<LevelIn>;

  constructor(readonly device: string, readonly intid: number) {
    this.node = wireNode(`host/${device}`, 'platform-device', 'host', device);
    this.irqOut = outPort<LevelIn>(this.node, 'irq', 'irq', () => {});
  }

  raise(flow: number): { mergedInto: number | null } {
    if (this.cause) {
      this.cause.push(flow);
      return { mergedInto: this.cause[0]! };
    }
    this.cause = [flow];
    this.irqOut.send(true, this.cause);
    return { mergedInto: null };
  }

  ack(): FlowGroup {
    const f = this.cause ?? [];
    this.cause = null;
    this.irqOut.send(false, []);
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
