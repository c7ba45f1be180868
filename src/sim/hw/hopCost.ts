// The duration of a hop recorded directly with `sim.hop` (a device, a bus, a message in flight: no CPU step), typed
// as a step's is: the cost must be one the kind's catalog entry names.
import type { CostModel } from '../core/costModel';
import type { CostOf, HopKind, KindId } from '../core/catalog/hopKinds';
import type { Ns } from '../core/time';

export function hopNs<K extends HopKind>(costs: CostModel, _kind: KindId<K>, cost: CostOf<K>): Ns {
  return costs.ns(cost);
}
