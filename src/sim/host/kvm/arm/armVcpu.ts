// A KVM/arm64 vCPU pinned to one pCPU, whose GIC virtualization interface (the list registers) holds its virtual
// interrupts while it runs. On every exit KVM folds the LRs back into the ap_list (vgic_sync_hwstate); on every
// entry it flushes the highest-priority entries into them (vgic_flush_hwstate). The guest acknowledges and EOIs
// against the LRs with no exit; only a level, non-HW interrupt's EOI raises a maintenance interrupt (an exit),
// and more pending interrupts than LRs raise underflow maintenance to refill them. A running vCPU is kicked out
// with an SGI.
// On the machine's wiring it is "<vm>/vcpuN", standing for its list registers: the vGIC (and the arch timer) queue
// virtual interrupts on it and kick it; it sends the kick SGI to the GIC, its guest's EOIs to its virtual CPU
// interface, EOI-maintenance acknowledgements to its vGIC, and takes its interrupts through its VM's guest IDT.
// Not modelled: GICv4 direct injection.
import type { CostModel } from '../../../core/costModel';
import type { Simulator } from '../../../core/simulator';
import type { CostOf, HopKind } from '../../../core/catalog/hopKinds';
import { PPI } from '../../../hw/arm/gicCommon';
import type { FlowGroup } from '../../../core/flows';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../../core/wires';
import type { SgiIn } from '../../../hw/arm/gicPorts';
import type { ListRegisterAllocator } from '../../../hw/arm/listRegisterAllocator';
import type { GicVirtInterface } from '../../../hw/arm/virtInterface';
import type { PCpu, PinnedVcpu } from '../../pcpu';
import type { Step } from '../../step';
import type { GuestInterruptTable } from '../guestInterruptTable';
import type { EoiAck, Kick, LowerVirq, QueueVirq, UnpendVirq, VirqState } from './vcpuPorts';

/** The SGI Linux/arm64 uses for IPI_RESCHEDULE (what kvm_vcpu_kick sends). */
export const SGI_RESCHEDULE = 0;

const KINDS = ['arm.kvm.exit', 'arm.kvm.entry', 'arm.gich.lr.fold', 'arm.gich.lr.write', 'arm.guest.virq.ack', 'guest.irq.entry',
  'guest.handler', 'arm.guest.virq.eoi', 'arm.kvm.kick.sgi', 'kvm.vcpu.wakeup', 'guest.exit.indirect'] as const satisfies readonly HopKind[];
type VcpuKind = (typeof KINDS)[number];

export class ArmVcpu implements PinnedVcpu {
  state: 'running' | 'halted' = 'running';
  private entering = false;
  private wakeFlow: number | null = null;
  readonly where: number;
  private readonly vmId: number;
  private readonly k: Record<VcpuKind, number>;
  /** The kick SGI's target: this vCPU's pCPU. */
  private readonly kickTargets: readonly number[];

  readonly node: WireNode;
  /** A virtual interrupt queued on this vCPU's ap_list (by the vGIC, the arch timer). */
  readonly virqIn: InPort<QueueVirq>;
  /** A level vINTID's line fell: it stops being pending (its flows are dropped, never delivered). */
  readonly lineIn: InPort<LowerVirq>;
  /** The guest's distributor reads a vINTID's pending/active state here; ICPENDR stops one pending. */
  readonly stateIn: InPort<VirqState>;
  readonly unpendIn: InPort<UnpendVirq>;
  /** kvm_vcpu_kick. */
  readonly kickIn: InPort<Kick>;
  /** The reschedule SGI that forces a running vCPU out to EL2 (to the GIC). */
  readonly kickOut: OutPort<SgiIn>;
  /** The guest's EOIR writes, to the virtual CPU interface of its pCPU. */
  readonly eoiOut: OutPort<(intid: number) => void>;
  /** A fold found a level, non-HW vINTID EOIed (its EOI maintenance): to the vGIC's ack notifiers. */
  readonly ackOut: OutPort<EoiAck>;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly vmName: string,
    readonly index: number,
    readonly pcpu: PCpu,
    readonly vif: GicVirtInterface,
    readonly alloc: ListRegisterAllocator,
    private readonly guestIdt: GuestInterruptTable,
    private readonly idle: 'busy' | 'halt',
  ) {
    this.where = sim.sid(`${vmName}.vcpu${index}`);
    this.vmId = sim.sid(vmName);
    this.k = sim.kinds(KINDS);
    this.kickTargets = [pcpu.index];
    this.node = wireNode(`${vmName}/vcpu${index}`, 'vcpu', vmName, `${vmName}.vcpu${index}`);
    this.virqIn = inPort<QueueVirq>(this.node, 'virq', 'irq', (req) => this.alloc.inject(req).coalesced);
    this.lineIn = inPort<LowerVirq>(this.node, 'line', 'irq', (vintid) => { this.alloc.lower(vintid); this.dropRetired(); });
    this.stateIn = inPort<VirqState>(this.node, 'state', 'mmio', (vintid) => this.alloc.stateOf(vintid));
    this.unpendIn = inPort<UnpendVirq>(this.node, 'unpend', 'mmio', (vintid) => { this.alloc.unpend(vintid); this.dropRetired(); });
    this.kickIn = inPort<Kick>(this.node, 'kick', 'ipi', (flow, from) => this.kick(flow, from));
    this.kickOut = outPort<SgiIn>(this.node, 'kick sgi', 'ipi', () => {});
    this.eoiOut = outPort<(intid: number) => void>(this.node, 'gicv eoi', 'eoi', () => {});
    this.ackOut = outPort<EoiAck>(this.node, 'eoi maintenance', 'eoi', () => []);
    sim.wires.addNode(this.node);
    guestIdt.dispatchFrom(this.node);
    vif.setHcr({ En: true });
    vif.guestSetup({ enable: true, pmr: 0xff });
    pcpu.vcpu = this;
  }

  /** A step of `kind`, costed by one of the entries its catalog entry names. */
  private step<K extends VcpuKind>(kind: K, cost: CostOf<K>, flow: number, detail: string, extra?: Pick<Step, 'start' | 'then' | 'next' | 'level'>): Step {
    return { kind: this.k[kind], where: this.where, vm: this.vmId, detail: this.sim.sid(detail), flow, dur: this.costs.ns(cost), ...extra };
  }

  entrySteps(): Step[] | null {
    if (this.state !== 'running') return null;
    const steps: Step[] = [];
    if (this.wakeFlow !== null) {
      steps.push(this.step('kvm.vcpu.wakeup', 'kvm.vcpu.wakeup', this.wakeFlow, 'WFI → running'));
      this.wakeFlow = null;
    }
    return [...steps, this.flushStep(), ...this.enter('resume')];
  }

  reentrySteps(): Step[] {
    return [this.flushStep(), ...this.enter('resume interrupted guest code')];
  }

  /** vgic_flush_hwstate and the restore of the interface (HCR.En back on): one LR write step per list register written. */
  private flushStep(): Step {
    return {
      kind: 0, where: this.where, flow: 0, detail: 0, dur: 0, silent: true,
      next: () => (this.vif.setHcr({ En: true }), this.alloc.flush()).written.map((n) => {
        const lr = this.vif.lrRead(n);
        const flow = this.vif.lrFlows(n).pending[0] ?? this.vif.lrFlows(n).active[0] ?? 0;
        const detail = `LR${n} ← vINTID ${lr.vintid} ${lr.state}${lr.hw ? ` HW pINTID ${lr.pintid}` : lr.eoi ? ' EOI-maint' : ''}${this.vif.hcr('UIE') ? ' (UIE: more waiting)' : ''}`;
        return this.step('arm.gich.lr.write', 'arm.gich.lr.write', flow, detail);
      }),
    };
  }

  /** The entry, then the guest's slower start while its caches and TLB refill (the exit's indirect cost, as on x86). */
  private enter(detail: string): Step[] {
    return [
      this.step('arm.kvm.entry', 'arm.kvm.entry', 0, detail, {
        start: () => { this.entering = true; },
        then: () => { this.entering = false; this.pcpu.mode = 'guest'; },
      }),
      this.step('guest.exit.indirect', 'guest.exit.indirect', 0, 'caches and TLB refill after the exit'),
    ];
  }

  exitSteps(reason: string, flow: number, intid?: number): Step[] {
    // An IRQ exit caused by the vGIC's own maintenance interrupt is counted apart: it is what forwarding removes.
    const why = reason !== 'EXTERNAL_INTERRUPT' ? reason : intid === PPI.maintenance ? `MAINTENANCE (${this.vif.misrReasons().join(', ')})` : 'IRQ';
    return [this.exit(why, flow), this.foldStep()];
  }

  private exit(reason: string, flow: number, then?: () => void): Step {
    return this.step('arm.kvm.exit', 'arm.kvm.exit', flow, reason, {
      start: () => this.sim.exits.count(this.vmName, reason),
      then: () => { this.pcpu.mode = 'host'; then?.(); },
    });
  }

  /** vgic_sync_hwstate: read the LRs back; a level non-HW EOI goes to its ack notifier (the resampler). */
  private foldStep(): Step {
    let folded: ReturnType<ListRegisterAllocator['fold']> = [];
    return this.step('arm.gich.lr.fold', 'arm.gich.lr.fold', 0, 'read back the list registers', {
      // The interface is saved and switched off while the host runs (GICv3 writes ICH_HCR_EL2 = 0; v2 drops UIE),
      // so its maintenance interrupt cannot fire outside the guest.
      then: () => { folded = this.alloc.fold(); this.dropRetired(); this.vif.setHcr({ En: false, UIE: false }); },
      next: () => folded.flatMap((e) => {
        const h = this.guestIdt.get(e.vintid);
        if (!e.hw && h?.completesOnEoi !== false) for (const f of e.completed) this.sim.flows.complete(f, this.sim.now);
        return e.eoiMaintenance ? this.ackOut.send(e.vintid, this.where, e.completed[0] ?? 0) : [];
      }),
    });
  }

  guestSteps(): Step[] | null {
    if (this.vif.guestIrqPending()) {
      const n = this.vif.guestHppiLr();
      const flow = n >= 0 ? this.vif.lrFlows(n).pending[0] ?? 0 : 0;
      let ack: ReturnType<GicVirtInterface['guestAck']> | null = null;
      return [this.step('arm.guest.virq.ack', 'arm.guest.virq.ack', flow, 'IAR read (virtual CPU interface)', {
        level: 'guest',
        then: () => { ack = this.vif.guestAck(); },
        next: () => (ack ? this.handlerSteps(ack.intid, ack.flows) : []),
      })];
    }
    if (this.idle === 'halt' && this.alloc.size === 0) return [this.exit('WFI', 0, () => this.block())];
    return null;
  }

  /**
   * `virq qtest`'s guest view: the guest runs no driver; it takes an interrupt as a kvm-unit-tests handler does (the
   * IAR read above), reports it here, and leaves the EOIR/DIR writes to the script.
   */
  takenByTest: ((intid: number) => void) | null = null;

  private handlerSteps(intid: number, flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    const test = this.takenByTest;
    if (test) return [this.step('guest.irq.entry', 'guest.irq.entry', flow, `vINTID ${intid}`, { level: 'guest', then: () => test(intid) })];
    const h = this.guestIdt.get(intid);
    return [
      this.step('guest.irq.entry', 'guest.irq.entry', flow, `vINTID ${intid}`, { level: 'guest' }),
      {
        kind: this.k['guest.handler'], where: this.where, vm: this.vmId, flow, level: 'guest',
        detail: this.sim.sid(h ? `${h.name} vINTID ${intid}` : `unhandled vINTID ${intid}`),
        dur: h ? this.costs.nsFor(h.cost, h.scope ?? '') : 0,
        start: () => this.deliver(h?.service?.(this.index) ?? flows),
      },
      // EOImode 0 in the guest: the EOIR write drops priority and deactivates (HW = 1: the physical one too).
      this.step('arm.guest.virq.eoi', 'arm.guest.virq.eoi', flow, `EOIR vINTID ${intid}`, { level: 'guest', then: () => this.eoiOut.send(intid) }),
    ];
  }

  /** kvm_vcpu_kick after an interrupt was queued: wake a blocked vCPU, or force a running one out with an SGI. */
  private kick(flow: number, from: number): void {
    if (this.state === 'halted') {
      this.state = 'running';
      this.wakeFlow = flow;
      this.pcpu.poke();
      return;
    }
    if (this.pcpu.mode !== 'guest' && !this.entering) {
      this.pcpu.poke();
      return;
    }
    const dur = this.costs.ns('arm.kvm.kick.sgi');
    this.sim.hop(flow, this.k['arm.kvm.kick.sgi'], from, this.vmId, this.sim.sid(`SGI ${SGI_RESCHEDULE} → cpu${this.pcpu.index}`), dur);
    this.sim.after(dur, () => this.kickOut.send(SGI_RESCHEDULE, 0, this.kickTargets, flow > 0 ? [flow] : []));
  }

  /** Flows of level interrupts whose line fell before the guest took them: they end undelivered. */
  private dropRetired(): void {
    for (const f of this.alloc.takeRetired()) this.sim.flows.drop(f);
  }

  private block(): void {
    // kvm_vcpu_block does not sleep when an interrupt is already pending (it may have come during the WFI exit).
    if (this.alloc.size > 0) return;
    this.state = 'halted';
  }

  private deliver(flows: FlowGroup): void {
    const now = this.sim.now;
    flows.forEach((f, i) => this.sim.flows.deliver(f, now, i > 0));
  }
}
