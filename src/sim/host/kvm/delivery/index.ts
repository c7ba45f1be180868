// The one place the delivery switch is decided: when a VM is built.
import type { CostModel } from '../../../core/costModel';
import type { Simulator } from '../../../core/simulator';
import type { DeliveryMode, DeliveryStrategy, DeliveryWiring } from './delivery';
import { EmulatedDelivery } from './emulatedDelivery';
import { PostedDelivery } from './postedDelivery';
import { PvEoiDelivery } from './pvEoi';

export type { DeliveryMode, DeliveryStrategy, DeliveryVcpu, DeliveryWiring, Inject, VcpuDelivery, VcpuRunState } from './delivery';

/** `descriptorBase`: where the VM's posted-interrupt descriptors sit (posted delivery); `pvEoi`: KVM_FEATURE_PV_EOI
 *  on top of emulated delivery (validation refuses it with posted). */
export function createDelivery(mode: DeliveryMode, sim: Simulator, costs: CostModel, descriptorBase: bigint, wiring: DeliveryWiring, pvEoi = false): DeliveryStrategy {
  if (mode === 'posted') return new PostedDelivery(sim, costs, descriptorBase, wiring);
  const emulated = new EmulatedDelivery(sim);
  return pvEoi ? new PvEoiDelivery(sim, costs, emulated) : emulated;
}
