// eventfd-partitioned display IRQ (the RFC v4/v5 form, seed 001): one eventfd shared by all display event types;
// each type adds 1 << 8·lane to the 64-bit counter (lane 0 primary flip, 1 cursor, 2 vblank). eventfd counter
// semantics do the rest: signals before a read add up and wake the consumer once; the read returns the sum and
// resets it. A lane that reaches 256 carries into the next lane: the consumer decodes one event of the next type
// (misattributed) and the other 255 vanish (lost); a carry out of the last known lane is lost. A consumer that is a
// KVM irqfd ignores the value (its wake-up reads and discards the count and injects one interrupt): every event's
// type is lost.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { bits, layout } from '../../core/registers';
import { Eventfd } from '../../host/eventfd';
import type { FlowGroup } from '../../core/flows';
import type { InPort, OutPort } from '../../core/wires';
import { DisplayLedger } from './ledger';
import { DisplayIrqPart, type EventfdAdd } from './signal';
import { DISPLAY_EVENT_TYPES, zeroCounts, type DisplayEventType, type DisplayIrq, type DisplayIrqRead } from './types';

/** The counter's value as the consumer decodes it: one byte lane per known type (a carry out of a lane lands in the next). */
export const DISPLAY_LANES = layout(64, {
  'primary-flip': bits(7, 0, 'rw', 'primary-plane flips since the last read'),
  cursor: bits(15, 8, 'rw', 'cursor updates since the last read'),
  vblank: bits(23, 16, 'rw', 'vblanks since the last read'),
}, 'display eventfd value');

/** What one event of `type` adds to the counter: 1 in its lane. */
export function laneValue(type: DisplayEventType): bigint {
  return DISPLAY_LANES[type].of(1);
}

/** What the consumer decodes from a counter value: one byte per known type. */
export function decodeLanes(value: bigint): Record<DisplayEventType, number> {
  const out = zeroCounts();
  for (const t of DISPLAY_EVENT_TYPES) out[t] = DISPLAY_LANES[t].num(value);
  return out;
}

export class PartitionedEventfdDisplayIrq implements DisplayIrq {
  readonly kind = 'eventfd-partitioned' as const;
  readonly eventfd: Eventfd;
  readonly eventfds: readonly Eventfd[];
  readonly readDetail = 'the display eventfd';
  readonly part: DisplayIrqPart;
  readonly raiseIn: InPort<(type: DisplayEventType) => void>;
  private readonly ledger = new DisplayLedger();
  private readonly trigger: OutPort<EventfdAdd>;

  constructor(sim: Simulator, costs: CostModel, name = 'vgpu-display', vm = 'host', device = 'vgpu') {
    this.eventfd = new Eventfd(sim, costs, name, vm);
    this.eventfds = [this.eventfd];
    this.part = new DisplayIrqPart(sim, costs, device, vm, this.kind);
    this.raiseIn = this.part.raiseIn((type, flows) => this.raise(type, flows));
    this.trigger = this.part.trigger('trigger', this.eventfd);
  }

  get stats() {
    return this.ledger.stats;
  }

  get readable(): boolean {
    return this.eventfd.count !== 0n;
  }

  raise(type: DisplayEventType, flows: FlowGroup = []): void {
    this.part.signalled(flows, `${type} → ${this.kind} (+0x${laneValue(type).toString(16)})`);
    this.ledger.note(type, flows);
    this.trigger.send(laneValue(type), flows);
  }

  read(): DisplayIrqRead | null {
    if (!this.readable) return null;
    const { value } = this.eventfd.read();
    return this.ledger.settle(decodeLanes(value), [value]);
  }

  /** irqfd_wakeup: reads (and discards) the count, injects one interrupt that carries no type. */
  irqfdWake(): DisplayIrqRead {
    this.eventfd.read();
    return this.ledger.settle(zeroCounts(), []);
  }

  irqfdDetail(): string {
    return 'value ignored: one interrupt, type not carried';
  }
}
