// VFIO vGPU display IRQ (seed 001, facts B.3): how the VMM's display side learns that the vGPU's display changed.
// Two strategies behind one interface, chosen once when the machine is built:
// - eventfd-partitioned: one eventfd; each event type adds its own value, one byte lane per type
//   (value = 1 << 8·lane, the RFC's "partitioned the 8-byte value into at most 8 events ... shift in 1 byte");
// - irq-index: a device-specific IRQ index with count > 1, one eventfd per type (Alex Williamson's suggestion:
//   "expose a device specific IRQ with count > 1 (ie. similar to MSI/X) and avoid munging the eventfd value").
// Who consumes the events (the VMM's decoder or a KVM irqfd) is a strategy of its own (displayConsumer.ts), hung on
// the eventfds' wait queues. Accounting per type against the ground truth: raised = consumed + misattributed + lost.
import type { FlowGroup } from '../../core/flows';
import type { InPort } from '../../core/wires';
import type { Eventfd } from '../../host/eventfd';

export const DISPLAY_EVENT_TYPES = ['primary-flip', 'cursor', 'vblank'] as const;
export type DisplayEventType = (typeof DISPLAY_EVENT_TYPES)[number];
export type DisplayIrqKind = 'eventfd-partitioned' | 'irq-index';

/** Who reads: the VMM's display code (reads and decodes) or a KVM irqfd (its wake-up ignores the value). */
export type DisplayConsumerKind = 'decoder' | 'irqfd';

export interface DisplayIrqStats {
  raised: number;
  /** Events the consumer acted on as the right type. */
  consumed: number;
  /** Eventfd signals (each raise is one eventfd_signal). */
  signals: number;
  /** Reads that returned a non-zero count (one per wake-up that found work). */
  wakeups: number;
  /** Events the consumer acted on as another type (a lane overflowing into the next). */
  misattributed: number;
  /** Events the consumer never acted on as any known type (carried out of the known lanes, or value ignored). */
  lost: number;
}

export interface DisplayIrqRead {
  /** What the consumer decoded per type. */
  decoded: Record<DisplayEventType, number>;
  /** What was really raised since the previous read. */
  raised: Record<DisplayEventType, number>;
  /** The raw counter value(s) read. */
  values: bigint[];
  consumed: FlowGroup;
  misattributed: FlowGroup;
  lost: FlowGroup;
}

export interface DisplayIrq {
  readonly kind: DisplayIrqKind;
  readonly stats: DisplayIrqStats;
  /** A display event of the vGPU (a new flow): what the vGPU's display and vblank out-ports connect to. */
  readonly raiseIn: InPort<(type: DisplayEventType) => void>;
  /** The eventfds the consumer waits on, one per IRQ subindex. */
  readonly eventfds: readonly Eventfd[];
  /** The producer (GVT) signals one display event: an eventfd_signal, logged when the flow is one. */
  raise(type: DisplayEventType, flows?: FlowGroup): void;
  /** True when a read would find something (the consumer has a wake-up pending). */
  readonly readable: boolean;
  /** The decoding consumer wakes and reads everything pending; null when there was nothing (no wake-up). */
  read(): DisplayIrqRead | null;
  /** A KVM irqfd's wake-up on eventfd `i`: it consumes the count and injects one interrupt; what that settles. */
  irqfdWake(i: number): DisplayIrqRead;
  /** What the decoder reads, for the log. */
  readonly readDetail: string;
  /** What an irqfd's injection carries of an event of `type`, for the log. */
  irqfdDetail(type: DisplayEventType): string;
}

export function zeroCounts(): Record<DisplayEventType, number> {
  return { 'primary-flip': 0, cursor: 0, vblank: 0 };
}
