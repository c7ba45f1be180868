// irq-index display IRQ (Alex Williamson's alternative in seed 001): a device-specific VFIO IRQ index with
// count > 1, one eventfd per display event type, each signalled with 1. The eventfd still merges signals (a count
// of n is n events of that type) but never mixes types, and a per-vector irqfd keeps the type in its GSI.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { Eventfd } from '../../host/eventfd';
import type { FlowGroup } from '../../core/flows';
import type { InPort, OutPort } from '../../core/wires';
import { DisplayLedger } from './ledger';
import { DisplayIrqPart, type EventfdAdd } from './signal';
import { DISPLAY_EVENT_TYPES, zeroCounts, type DisplayEventType, type DisplayIrq, type DisplayIrqRead } from './types';

export class IrqIndexDisplayIrq implements DisplayIrq {
  readonly kind = 'irq-index' as const;
  /** One eventfd per subindex (type). */
  readonly byType: Record<DisplayEventType, Eventfd>;
  /** The same, in DISPLAY_EVENT_TYPES order. */
  readonly eventfds: readonly Eventfd[];
  readonly readDetail = 'each per-type eventfd';
  readonly part: DisplayIrqPart;
  readonly raiseIn: InPort<(type: DisplayEventType) => void>;
  private readonly ledger = new DisplayLedger();
  /** One trigger per subindex. */
  private readonly triggers: Record<DisplayEventType, OutPort<EventfdAdd>>;

  constructor(sim: Simulator, costs: CostModel, name = 'vgpu-display', vm = 'host', device = 'vgpu') {
    this.byType = Object.fromEntries(DISPLAY_EVENT_TYPES.map((t) => [t, new Eventfd(sim, costs, `${name}[${t}]`, vm)])) as Record<DisplayEventType, Eventfd>;
    this.eventfds = DISPLAY_EVENT_TYPES.map((t) => this.byType[t]);
    this.part = new DisplayIrqPart(sim, costs, device, vm, this.kind);
    this.raiseIn = this.part.raiseIn((type, flows) => this.raise(type, flows));
    this.triggers = Object.fromEntries(DISPLAY_EVENT_TYPES.map((t) => [t, this.part.trigger(`trigger[${t}]`, this.byType[t])])) as Record<DisplayEventType, OutPort<EventfdAdd>>;
  }

  get stats() {
    return this.ledger.stats;
  }

  get readable(): boolean {
    return this.eventfds.some((fd) => fd.count !== 0n);
  }

  raise(type: DisplayEventType, flows: FlowGroup = []): void {
    this.part.signalled(flows, `${type} → ${this.kind} [${type}]`);
    this.ledger.note(type, flows);
    this.triggers[type].send(1n, flows);
  }

  read(): DisplayIrqRead | null {
    if (!this.readable) return null;
    const decoded = zeroCounts();
    const values = DISPLAY_EVENT_TYPES.map((t) => {
      const { value } = this.byType[t].read();
      decoded[t] = Number(value);
      return value;
    });
    return this.ledger.settle(decoded, values);
  }

  /** A per-vector irqfd's wake-up: its count is that many events of its type. */
  irqfdWake(i: number): DisplayIrqRead {
    const t = DISPLAY_EVENT_TYPES[i]!;
    const { value } = this.byType[t].read();
    const decoded = zeroCounts();
    decoded[t] = Number(value);
    return this.ledger.settle(decoded, [value]);
  }

  irqfdDetail(type: DisplayEventType): string {
    return `per-type GSI: ${type} kept`;
  }
}
