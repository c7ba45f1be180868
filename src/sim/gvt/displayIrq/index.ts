// The display IRQ strategy for a scenario's `displayIrq` switch.
import { PartitionedEventfdDisplayIrq } from './eventfdPartitioned';
import { IrqIndexDisplayIrq } from './irqIndex';
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { DisplayIrq, DisplayIrqKind } from './types';

export * from './types';
export { PartitionedEventfdDisplayIrq, decodeLanes, laneValue } from './eventfdPartitioned';
export { IrqIndexDisplayIrq } from './irqIndex';

/** The one place the displayIrq switch is decided: when the machine is built. */
export function createDisplayIrq(sim: Simulator, costs: CostModel, kind: DisplayIrqKind, name?: string, vm?: string, device?: string): DisplayIrq {
  return kind === 'eventfd-partitioned' ? new PartitionedEventfdDisplayIrq(sim, costs, name, vm, device) : new IrqIndexDisplayIrq(sim, costs, name, vm, device);
}
