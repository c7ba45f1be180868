// KVM's virtual GIC for one VM: where each virtual SPI goes (its vCPU, priority, level, and the physical INTID
// when it is forwarded with HW = 1), injection onto the vCPU's ap_list, and the ack notifiers that a guest EOI
// of a level, non-HW interrupt reaches through the EOI maintenance interrupt (facts §E.3).
import type { CostModel } from '../../../core/costModel';
import type { Simulator } from '../../../core/simulator';
import type { CostOf, HopKind } from '../../../core/catalog/hopKinds';
import type { FlowGroup } from '../../../core/flows';
import type { Step } from '../../step';
import type { AckNotifier, KvmIrqchip } from '../kvmIrqchip';
import type { ArmVcpu } from './armVcpu';

const KINDS = ['arm.vgic.inject', 'arm.vgic.coalesce'] as const satisfies readonly HopKind[];
type VgicKind = (typeof KINDS)[number];

export interface VgicRoute {
  vcpu: ArmVcpu;
  priority: number;
  level: boolean;
  /** Forwarded: the physical INTID the guest's deactivation deactivates (kvm_vgic_map_phys_irq). */
  hwPintid: number | null;
}

export class Vgic implements KvmIrqchip {
  private readonly routes = new Map<number, VgicRoute>();
  private readonly ackNotifiers = new Map<number, AckNotifier>();
  private readonly k: Record<VgicKind, number>;
  private readonly vmId: number;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly vmName: string) {
    this.k = sim.kinds(KINDS);
    this.vmId = sim.sid(vmName);
  }

  route(vintid: number, r: VgicRoute): void {
    this.routes.set(vintid, r);
  }

  /** Switches a route between forwarded (HW = 1) and not: takes effect for the next injection. */
  setForwarded(vintid: number, pintid: number | null): void {
    const r = this.routes.get(vintid);
    if (r) r.hwPintid = pintid;
  }

  setIrqStep(pin: number, level: boolean, flows: FlowGroup, where: number, flow: number): Step {
    return this.step('arm.vgic.inject', 'arm.vgic.inject', where, flow, `vINTID ${pin} level ${level ? 1 : 0}`, () => this.set(pin, level, flows, where));
  }

  setIrqNow(pin: number, level: boolean, where: number): void {
    this.set(pin, level, [], where);
  }

  onAck(pin: number, n: AckNotifier): void {
    this.ackNotifiers.set(pin, n);
  }

  /** The guest EOIed a level, non-HW interrupt (seen on the fold after the EOI maintenance exit). */
  ackSteps(vintid: number, where: number): Step[] {
    return this.ackNotifiers.get(vintid)?.(vintid, where) ?? [];
  }

  /** A step of `kind`, costed by one of the entries its catalog entry names. */
  private step<K extends VgicKind>(kind: K, cost: CostOf<K>, where: number, flow: number, detail: string, then: () => void): Step {
    return { kind: this.k[kind], where, flow, vm: this.vmId, dur: this.costs.ns(cost), detail: this.sim.sid(detail), then };
  }

  private set(vintid: number, level: boolean, flows: FlowGroup, where: number): void {
    if (!level) return; // a lowered line only matters to the resampler, which already acted
    const r = this.routes.get(vintid);
    if (!r) {
      for (const f of flows) this.sim.flows.drop(f);
      return;
    }
    const { coalesced } = r.vcpu.alloc.inject({ vintid, priority: r.priority, level: r.level, pintid: r.hwPintid ?? undefined, flows });
    if (coalesced) {
      const detail = this.sim.sid(`vINTID ${vintid} already pending: merged`);
      for (const f of flows) this.sim.hop(f, this.k['arm.vgic.coalesce'], where, this.vmId, detail, 0);
    }
    r.vcpu.kick(flows[0] ?? 0, where);
  }
}
