// irq-index display IRQ (Alex Williamson's alternative in seed 001): a device-specific VFIO IRQ index with
// count > 1, one eventfd per display event type, each signalled with 1. The eventfd still merges signals (a count
// of n is n events of that type) but never mixes types, and a per-vector irqfd keeps the type in its GSI.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { inPort } from '../../core/wires';
import { Eventfd } from '../../host/eventfd';
import type { FlowGroup } from '../../core/flows';
import { DisplayLedger } from './ledger';
import { DISPLAY_EVENT_TYPES, zeroCounts, type DisplayConsumer, type DisplayEventType, type DisplayIrq, type DisplayIrqRead } from './types';

export class IrqIndexDisplayIrq implements DisplayIrq {
  readonly kind = 'irq-index' as const;
  /** One eventfd per subindex (type), in DISPLAY_EVENT_TYPES order. */
  readonly eventfds: Record<DisplayEventType, Eventfd>;
  private readonly ledger = new DisplayLedger();

  constructor(sim: Simulator, costs: CostModel, readonly consumer: DisplayConsumer = 'decoder', name = 'vgpu-display', vm = 'host') {
    this.eventfds = Object.fromEntries(DISPLAY_EVENT_TYPES.map((t) => [t, new Eventfd(sim, costs, `${name}[${t}]`, vm)])) as Record<DisplayEventType, Eventfd>;
    if (consumer === 'irqfd') {
      for (const t of DISPLAY_EVENT_TYPES) {
        const fd = this.eventfds[t];
        fd.addWaiter(inPort(fd.node, 'irqfd', 'eventfd', () => {
          const { value } = fd.read();
          const decoded = zeroCounts();
          decoded[t] = Number(value);
          this.ledger.settle(decoded, [value]);
        }));
      }
    }
  }

  get stats() {
    return this.ledger.stats;
  }

  get readable(): boolean {
    return this.consumer === 'decoder' && DISPLAY_EVENT_TYPES.some((t) => this.eventfds[t].count !== 0n);
  }

  raise(type: DisplayEventType, flows: FlowGroup = []): void {
    this.ledger.note(type, flows);
    this.eventfds[type].signal(1n, flows);
  }

  read(): DisplayIrqRead | null {
    if (!this.readable) return null;
    const decoded = zeroCounts();
    const values = DISPLAY_EVENT_TYPES.map((t) => {
      const { value } = this.eventfds[t].read();
      decoded[t] = Number(value);
      return value;
    });
    return this.ledger.settle(decoded, values);
  }
}
