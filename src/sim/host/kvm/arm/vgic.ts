// KVM's virtual GIC for one VM: where each virtual SPI goes (its vCPU, priority, level, and the physical INTID
// when it is forwarded with HW = 1), injection onto the vCPU's ap_list, and the ack notifiers that a guest EOI
// of a level, non-HW interrupt reaches through the EOI maintenance interrupt (facts §E.3).
// On the machine's wiring it is "<vm>/vgic": irqfds set its GSIs; it queues each virtual interrupt on its vCPU and
// kicks it, and tells the vCPU when a level line falls (a level interrupt not yet taken stops being pending); the vCPUs' folds report EOI maintenance back to it; VFIO maps and unmaps forwarded interrupts.
// Where each vINTID goes (enabled, priority, target vCPU, level or edge) is what the guest programmed in its emulated
// distributor (vgicDistributor.ts, reached through vgicMmio.ts); `route` is the guest driver's setup written there.
import type { CostModel } from '../../../core/costModel';
import type { Simulator } from '../../../core/simulator';
import type { CostOf, HopKind } from '../../../core/catalog/hopKinds';
import type { FlowGroup } from '../../../core/flows';
import { fanOutPort, inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../../core/wires';
import type { Step } from '../../step';
import type { AckNotifier, KvmIrqchip, SetIrqStep } from '../kvmIrqchip';
import { GICV2 } from '../../../hw/arm/gicVersion';
import type { EoiAck, Kick, LowerVirq, MapPhys, QueueVirq, UnpendVirq, VirqState } from './vcpuPorts';
import { VgicDistributor, type VgicShape, type VgicSink } from './vgicDistributor';

const KINDS = ['arm.vgic.inject', 'arm.vgic.coalesce'] as const satisfies readonly HopKind[];
type VgicKind = (typeof KINDS)[number];

export interface VgicRoute {
  /** The index of the vCPU it is injected into (its ports: `vcpuOut`). */
  vcpu: number;
  priority: number;
  level: boolean;
  /** Forwarded: the physical INTID the guest's deactivation deactivates (kvm_vgic_map_phys_irq). */
  hwPintid: number | null;
}

/** The vGIC's ports to one vCPU. */
export interface VcpuOut {
  queue: OutPort<QueueVirq>;
  /** A level vINTID's line fell. */
  lower: OutPort<LowerVirq>;
  kick: OutPort<Kick>;
  /** The guest's distributor reads a queued vINTID's state, and ICPENDR stops one pending, on its vCPU. */
  state: OutPort<VirqState>;
  unpend: OutPort<UnpendVirq>;
}

export class Vgic implements KvmIrqchip {
  /** Forwarded vINTIDs and their physical INTID (kvm_vgic_map_phys_irq). */
  private readonly hw = new Map<number, number>();
  /** The guest-visible distributor: its registers and the per-vINTID state they program. */
  readonly dist: VgicDistributor;
  private readonly ackNotifiers = new Map<number, AckNotifier>();
  private readonly k: Record<VgicKind, number>;
  private readonly vmId: number;
  private readonly toVcpu: VcpuOut[] = [];
  private readonly mapIn = new Map<number, InPort<MapPhys>>();

  readonly node: WireNode;
  /** arch/arm64/kvm/vgic/vgic-irqfd.c kvm_arch_set_irq_inatomic: "Injecting SPIs is always possible in atomic context". */
  readonly atomicInjection = true;
  /** kvm_set_irq for a GSI (what an irqfd calls): a step that sets the vINTID's level. */
  readonly gsiIn: InPort<SetIrqStep>;
  /** Ack notifiers (irqfd resamplers), each connected as an edge to its in-port. */
  private readonly ackOut: OutPort<AckNotifier>;
  /** The vCPUs' folds: a level, non-HW vINTID was EOIed; its ack notifier (the resampler) runs. */
  readonly ackIn: InPort<EoiAck>;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly vmName: string,
    shape: VgicShape = { version: GICV2, vcpus: 1, spis: 64 }) {
    this.k = sim.kinds(KINDS);
    this.vmId = sim.sid(vmName);
    this.node = wireNode(`${vmName}/vgic`, 'vgic', vmName, `${vmName} vGIC`);
    this.ackOut = fanOutPort<AckNotifier>(this.node, 'ack', 'eoi');
    this.gsiIn = inPort<SetIrqStep>(this.node, 'gsi', 'irq', (pin, level, flows, where, flow) => this.setIrqStep(pin, level, flows, where, flow));
    this.ackIn = inPort<EoiAck>(this.node, 'eoi maintenance', 'eoi', (vintid, where, flow) => this.ackSteps(vintid, where, flow));
    sim.wires.addNode(this.node);
    this.dist = new VgicDistributor(shape, this.sink(), vmName);
  }

  /** Its ports to vCPU `index` (queue a virtual interrupt, kick), made on first use. */
  vcpuOut(index: number): VcpuOut {
    return (this.toVcpu[index] ??= {
      queue: outPort<QueueVirq>(this.node, `vcpu${index}`, 'irq', () => false),
      lower: outPort<LowerVirq>(this.node, `line vcpu${index}`, 'irq', () => {}),
      kick: outPort<Kick>(this.node, `kick vcpu${index}`, 'ipi', () => {}),
      state: outPort<VirqState>(this.node, `state vcpu${index}`, 'mmio', () => ({ pending: false, active: false })),
      unpend: outPort<UnpendVirq>(this.node, `unpend vcpu${index}`, 'mmio', () => {}),
    });
  }

  /** kvm_vgic_map_phys_irq / unmap for `vintid`: what VFIO is wired to when it switches forwarding. */
  mapPhysIn(vintid: number): InPort<MapPhys> {
    let p = this.mapIn.get(vintid);
    if (!p) {
      p = inPort<MapPhys>(this.node, `map vINTID ${vintid}`, 'call', (pintid) => this.setForwarded(vintid, pintid));
      this.mapIn.set(vintid, p);
    }
    return p;
  }

  /** The guest driver's setup of an SPI, written to the distributor's registers (no time passes), and its HW mapping. */
  route(vintid: number, r: VgicRoute): void {
    this.dist.program(vintid, { vcpu: r.vcpu, priority: r.priority, level: r.level });
    this.setForwarded(vintid, r.hwPintid);
  }

  /** Switches a vINTID between forwarded (HW = 1) and not: takes effect for the next injection. */
  setForwarded(vintid: number, pintid: number | null): void {
    if (pintid === null) this.hw.delete(vintid);
    else this.hw.set(vintid, pintid);
  }

  /**
   * KVM_IRQ_LINE for an SPI (kvm_vm_ioctl_irq_line → kvm_vgic_inject_irq): a level SPI follows the line, an edge one
   * latches pending on each `level` true; queued and kicked when enabled. `where`: the place it is recorded at.
   */
  setLine(vintid: number, level: boolean, where = this.vmId): void {
    this.set(vintid, level, [], where);
  }

  setIrqStep(pin: number, level: boolean, flows: FlowGroup, where: number, flow: number): Step {
    return this.step('arm.vgic.inject', 'arm.vgic.inject', where, flow, `vINTID ${pin} level ${level ? 1 : 0}`, () => this.set(pin, level, flows, where));
  }

  setIrqNow(pin: number, level: boolean, where: number): void {
    this.set(pin, level, [], where);
  }

  onAck(pin: number, n: InPort<AckNotifier>): void {
    this.ackNotifiers.set(pin, n.fn);
    this.sim.wires.connect(this.ackOut, n);
  }

  /** The guest EOIed a level, non-HW interrupt (seen on the fold after the EOI maintenance exit). */
  ackSteps(vintid: number, where: number, flow = 0): Step[] {
    return this.ackNotifiers.get(vintid)?.(vintid, where, flow) ?? [];
  }

  /** A step of `kind`, costed by one of the entries its catalog entry names. */
  private step<K extends VgicKind>(kind: K, cost: CostOf<K>, where: number, flow: number, detail: string, then: () => void): Step {
    return { kind: this.k[kind], where, flow, vm: this.vmId, dur: this.costs.ns(cost), detail: this.sim.sid(detail), then };
  }

  private set(vintid: number, level: boolean, flows: FlowGroup, where: number): void {
    this.dist.input(vintid, level, flows, where);
  }

  /** What the distributor does through the vGIC's ports (vgicDistributor.ts decides when). */
  private sink(): VgicSink {
    return {
      queue: (vintid, vcpu, priority, level, flows, where) => {
        // vgic_queue_irq_unlock: onto the vCPU's ap_list, then kvm_vcpu_kick
        const out = this.vcpuOut(vcpu);
        const coalesced = out.queue.send({ vintid, priority, level, pintid: this.hw.get(vintid), flows });
        if (coalesced) {
          const detail = this.sim.sid(`vINTID ${vintid} already pending: merged`);
          for (const f of flows) this.sim.hop(f, this.k['arm.vgic.coalesce'], where, this.vmId, detail, 0);
        }
        out.kick.send(flows[0] ?? 0, where);
      },
      // kvm_vgic_inject_irq(level 0): line_level falls; a level interrupt the guest has not taken stops being
      // pending (vgic_irq_is_pending). No kick: KVM queues nothing for a falling line.
      lower: (vintid, vcpu) => this.vcpuOut(vcpu).lower.send(vintid),
      unpend: (vintid, vcpu) => this.vcpuOut(vcpu).unpend.send(vintid),
      stateOn: (vintid, vcpu) => this.vcpuOut(vcpu).state.send(vintid),
      place: (vcpu) => this.sim.sid(`${this.vmName}.vcpu${vcpu}`),
      drop: (flows) => { for (const f of flows) this.sim.flows.drop(f); },
    };
  }
}
