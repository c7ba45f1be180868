// The one place the delivery switch is decided: when a VM is built.
import type { CostModel } from '../../../core/costModel';
import type { Simulator } from '../../../core/simulator';
import type { DeliveryMode, DeliveryStrategy, DeliveryWiring } from './delivery';
import { EmulatedDelivery } from './emulatedDelivery';
import { PostedDelivery } from './postedDelivery';

export type { DeliveryMode, DeliveryStrategy, DeliveryVcpu, DeliveryWiring, Inject, VcpuDelivery, VcpuRunState } from './delivery';

/** `descriptorBase`: where the VM's posted-interrupt descriptors sit (posted delivery). */
export function createDelivery(mode: DeliveryMode, sim: Simulator, costs: CostModel, descriptorBase: bigint, wiring: DeliveryWiring): DeliveryStrategy {
  return mode === 'posted' ? new PostedDelivery(sim, costs, descriptorBase, wiring) : new EmulatedDelivery(sim);
}
