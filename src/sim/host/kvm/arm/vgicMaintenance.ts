// KVM's handler for the vGIC maintenance interrupt (PPI 25, vgic_maintenance_handler): it does nothing itself; the
// exit the interrupt caused folds the list registers, and that is where EOI maintenance reaches the ack notifiers.
// The hop records why the interface raised it (MISR). On the machine's wiring it is "host/cpuN/vgic-maintenance".
import type { CostModel } from '../../../core/costModel';
import type { CostOf, HopKind } from '../../../core/catalog/hopKinds';
import type { Simulator } from '../../../core/simulator';
import type { InPort } from '../../../core/wires';
import type { GicVirtInterface } from '../../../hw/arm/virtInterface';
import { PCpu, type IrqHandler } from '../../pcpu';

const KIND = 'arm.kvm.maint.handle' satisfies HopKind;
const COST: CostOf<typeof KIND> = 'arm.kvm.maint.handle';

export class VgicMaintenance {
  readonly handler: InPort<IrqHandler>;

  constructor(sim: Simulator, costs: CostModel, pcpu: PCpu, vif: GicVirtInterface) {
    const kind = sim.kind(KIND);
    this.handler = PCpu.handler(`host/cpu${pcpu.index}/vgic-maintenance`, 'kvm vgic maintenance', (_v, flows) => [{
      kind, where: pcpu.where, flow: flows[0] ?? 0, dur: costs.ns(COST),
      detail: sim.sid(`maintenance: ${vif.misrReasons().join(', ') || 'handled by the fold'}`),
    }]);
  }
}
