// KVM's virtual GIC for one VM: where each virtual SPI goes (its vCPU, priority, level, and the physical INTID
// when it is forwarded with HW = 1), injection onto the vCPU's ap_list, and the ack notifiers that a guest EOI
// of a level, non-HW interrupt reaches through the EOI maintenance interrupt (facts §E.3).
import type { CostModel } from '../../../core/costModel';
import type { Simulator } from '../../../core/simulator';
import type { FlowGroup } from '../../../core/flows';
import type { Step } from '../../step';
import { fanOutPort, inPort, wireNode, type InPort } from '../../../core/wires';
import type { AckNotifier, KvmIrqchip, SetIrqStep } from '../kvmIrqchip';
import type { ArmVcpu } from './armVcpu';

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
  private readonly kInject: number;
  private readonly kCoalesce: number;
  private readonly vmId: number;
  // The vGIC as a part of the wiring (KvmIrqchip's ports): GSIs in, ack notifications out.
  readonly gsiIn: InPort<SetIrqStep>;
  private readonly ackOut;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly vmName: string) {
    const node = wireNode(`${vmName}/vgic`, 'vgic', vmName, `${vmName} vGIC`);
    this.gsiIn = inPort<SetIrqStep>(node, 'gsi', 'irq', (p, l, f, w, fl) => this.setIrqStep(p, l, f, w, fl));
    this.ackOut = fanOutPort<AckNotifier>(node, 'ack', 'eoi');
    this.kInject = sim.sid('arm.vgic.inject');
    this.kCoalesce = sim.sid('arm.vgic.coalesce');
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
    return {
      kind: this.kInject, where, flow, vm: this.vmId, dur: this.costs.ns('arm.vgic.inject'),
      detail: this.sim.sid(`vINTID ${pin} level ${level ? 1 : 0}`),
      then: () => this.set(pin, level, flows, where),
    };
  }

  setIrqNow(pin: number, level: boolean, where: number): void {
    this.set(pin, level, [], where);
  }

  onAck(pin: number, n: InPort<AckNotifier>): void {
    this.ackNotifiers.set(pin, n.fn);
    this.sim.wires.connect(this.ackOut, n);
  }

  /** The guest EOIed a level, non-HW interrupt (seen on the fold after the EOI maintenance exit). */
  ackSteps(vintid: number, where: number): Step[] {
    return this.ackNotifiers.get(vintid)?.(vintid, where) ?? [];
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
      for (const f of flows) this.sim.hop(f, this.kCoalesce, where, this.vmId, detail, 0);
    }
    r.vcpu.kick(flows[0] ?? 0, where);
  }
}
