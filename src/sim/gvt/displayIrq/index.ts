// The display IRQ strategy for a scenario's `displayIrq` switch.
import { PartitionedEventfdDisplayIrq } from './eventfdPartitioned';
import { IrqIndexDisplayIrq } from './irqIndex';
import type { DisplayConsumer, DisplayIrq, DisplayIrqKind } from './types';

export * from './types';
export { PartitionedEventfdDisplayIrq, decodeLanes, laneValue } from './eventfdPartitioned';
export { IrqIndexDisplayIrq } from './irqIndex';

export function createDisplayIrq(kind: DisplayIrqKind, consumer: DisplayConsumer = 'decoder', name?: string): DisplayIrq {
  return kind === 'eventfd-partitioned' ? new PartitionedEventfdDisplayIrq(consumer, name) : new IrqIndexDisplayIrq(consumer, name);
}
