// A KVM vCPU pinned to one pCPU, with its virtual LAPIC. The VM's delivery switch (seed 004) is decided once:
// - emulated: no APICv. An interrupt is injected at VM entry (vIRR → vISR through the VM-entry interruption field),
//   a running vCPU must first be kicked out with an IPI, and the guest's EOI write exits to be emulated;
// - posted: APICv with VT-d posted interrupts. The IOMMU writes the descriptor; a running vCPU's CPU takes the
//   notification in guest mode and delivers the interrupt with no exit; an edge EOI is virtualized (no exit);
//   a halted vCPU is woken through the wake-up vector; while the vCPU is scheduled out, SN suppresses notifications
//   and the PIR is synced at the next entry. Level vectors still exit on EOI (the EOI-exit bitmap).
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { CostOf, HopKind, KindId } from '../../core/catalog/hopKinds';
import { hopNs } from '../../hw/hopCost';
import type { Lapic } from '../../hw/x86/lapic';
import type { FlowGroup } from '../../core/flows';
import { POSTED_INTR_VECTOR, POSTED_INTR_WAKEUP_VECTOR, type PostedDescriptor } from '../../hw/x86/postedDescriptor';
import type { PostedTarget } from '../../hw/x86/interruptRemapper';
import type { PCpu, PinnedVcpu } from '../pcpu';
import { silentStep, timedStep, scopedStep, instantStep, type Step, type StepExtra } from '../step';
import type { GuestHandler, GuestInterruptTable } from './guestInterruptTable';

/** x86 RESCHEDULE_VECTOR: the IPI kvm_vcpu_kick sends to force a running vCPU out of guest mode. */
export const RESCHEDULE_VECTOR = 0xfd;

export type VcpuRunState = 'running' | 'halted';
export type DeliveryMode = 'emulated' | 'posted';

export class Vcpu implements PinnedVcpu, PostedTarget {
  state: VcpuRunState = 'running';
  /** Between the last request check and guest mode (KVM's vcpu->mode = IN_GUEST_MODE during entry). */
  private entering = false;
  /** Set when a halted vCPU was woken: its next entry starts with the wake-up. */
  private wakeFlow: number | null = null;
  private levelEoiPending = false;
  private levelEoiVector = 0;
  /** Steps KVM runs after the EOI of a level vector (the VM's IOAPIC EOI and its ack notifiers). */
  levelEoi: ((vector: number, where: number) => Step[]) | null = null;
  /** Guest-mode work a guest driver queued (e.g. a request submitted through MMIO), run when no interrupt waits. */
  private readonly guestWork: (() => Step[])[] = [];
  /** The interrupt delivered to the guest, awaiting its handler. */
  private injected: { vector: number; flows: FlowGroup } | null = null;
  /** Flows riding on each PIR bit of the posted-interrupt descriptor. */
  private readonly pirFlows = new Map<number, FlowGroup>();
  /** PIR vectors KVM posted as level-triggered (their TMR bit is set when synced). */
  private readonly pirLevel = new Set<number>();
  readonly where: number;
  private readonly k;
  private readonly vmId: number;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly vmName: string,
    readonly index: number,
    readonly vlapic: Lapic,
    readonly pcpu: PCpu,
    /** The LAPIC of the pCPU it runs on (kick IPIs, posted notifications). */
    private readonly hostLapic: Lapic,
    private readonly guestIdt: GuestInterruptTable,
    private readonly idle: 'busy' | 'halt',
    readonly delivery: DeliveryMode = 'emulated',
    /** The vCPU's posted-interrupt descriptor (posted delivery only). */
    readonly pid: PostedDescriptor | null = null,
  ) {
    this.where = sim.sid(`${vmName}.vcpu${index}`);
    this.vmId = sim.sid(vmName);
    this.k = sim.kinds(['kvm.vmexit', 'kvm.vmentry', 'kvm.exit.handle', 'kvm.inject.event', 'kvm.apic.eoi.emulate',
      'kvm.kick.ipi', 'kvm.vcpu.wakeup', 'guest.irq.entry', 'guest.handler', 'kvm.pi.sync', 'x86.pi.notify.guest',
      'apicv.deliver', 'apicv.eoi.virtualized', 'kvm.pi.sn', 'kvm.pi.post', 'kvm.pi.coalesce', 'kvm.vlapic.coalesce']);
    vlapic.onEoi = (vector, flows) => {
      const h = guestIdt.get(vector);
      if (!h || h.completesOnEoi === false) return;
      for (const f of flows) sim.flows.complete(f, sim.now);
    };
    vlapic.onLevelEoi = (vector) => {
      this.levelEoiPending = true;
      this.levelEoiVector = vector;
    };
    pid?.setDestination(hostLapic.apicId);
    pcpu.vcpu = this;
  }

  private get apicv(): boolean {
    return this.delivery === 'posted';
  }

  private step<K extends HopKind>(kind: KindId<K>, cost: CostOf<K>, flow: number, detail: string, extra?: Omit<StepExtra, 'vm'>): Step {
    return timedStep(this.costs, kind, cost, this.where, flow, this.sim.sid(detail), { vm: this.vmId, ...extra });
  }

  /** The guest driver's handler body, costed as its driver says (an unknown vector: an instant). */
  private handlerStep(handler: GuestHandler | undefined, flow: number, vec: string, extra: StepExtra): Step {
    const kind = this.k['guest.handler'];
    if (!handler) return instantStep(kind, this.where, flow, this.sim.sid(`unhandled ${vec}`), extra);
    return scopedStep(this.costs, kind, handler.cost, handler.scope ?? '', this.where, flow, this.sim.sid(`${handler.name} ${vec}`), extra);
  }

  private exit(reason: string, flow: number, then?: () => void): Step {
    return this.step(this.k['kvm.vmexit'], 'kvm.vmexit', flow, reason, {
      start: () => this.sim.exits.count(this.vmName, reason),
      then: () => { this.pcpu.mode = 'host'; then?.(); },
    });
  }

  entrySteps(): Step[] | null {
    if (this.state !== 'running') return null;
    const steps: Step[] = [];
    if (this.wakeFlow !== null) {
      steps.push(this.step(this.k['kvm.vcpu.wakeup'], 'kvm.vcpu.wakeup', this.wakeFlow, 'halted → running'));
      this.wakeFlow = null;
    }
    steps.push(...this.pirSyncSteps());
    // Whether to inject is decided when the entry runs, after the PIR sync.
    steps.push(silentStep(this.where, { next: () => this.injectAndEnter() }));
    return steps;
  }

  private injectAndEnter(): Step[] {
    const v = this.vlapic.deliverable();
    if (v < 0) return [this.entryStep(0, 'resume')];
    const flow = this.vlapic.pendingFlows(v)[0] ?? 0;
    return [
      this.step(this.k['kvm.inject.event'], 'kvm.inject.event', flow, `vector 0x${v.toString(16)}`, { then: () => { this.injected = this.vlapic.ack(); } }),
      this.entryStep(flow, 'with injection'),
    ];
  }

  reentrySteps(): Step[] {
    // Every entry syncs the PIR (vcpu_enter_guest → sync_pir_to_irr), even back into an interrupted handler:
    // the vIRR it fills is delivered by APICv once the guest's handler ends.
    return [...this.pirSyncSteps(), this.entryStep(0, 'resume interrupted guest code')];
  }

  /** sync_pir_to_irr at entry: decided when the entry runs (a chain built earlier may be entered much later). */
  private pirSyncSteps(): Step[] {
    if (!this.pid) return [];
    return [silentStep(this.where, {
      next: () => (this.hasPir() ? [this.step(this.k['kvm.pi.sync'], 'kvm.pi.sync', this.firstPirFlow(), 'PIR → vIRR', { then: () => this.syncPir() })] : []),
    })];
  }

  private entryStep(flow: number, detail: string): Step {
    return this.step(this.k['kvm.vmentry'], 'kvm.vmentry', flow, detail, {
      start: () => { this.entering = true; },
      then: () => { this.entering = false; this.pcpu.mode = 'guest'; },
    });
  }

  guestSteps(): Step[] | null {
    if (!this.injected && this.apicv && this.vlapic.deliverable() >= 0) {
      // APICv virtual-interrupt delivery: the CPU delivers the highest vIRR vector itself, no exit.
      const v = this.vlapic.deliverable();
      return [this.step(this.k['apicv.deliver'], 'apicv.deliver', this.vlapic.pendingFlows(v)[0] ?? 0, `vector 0x${v.toString(16)}`, {
        level: 'guest',
        then: () => { this.injected = this.vlapic.ack(); },
        next: () => this.handlerSteps(),
      })];
    }
    if (this.injected) return this.handlerSteps();
    const work = this.guestWork.shift();
    if (work) return work();
    if (this.idle === 'halt' && this.vlapic.highestIrr() < 0 && !this.hasPir() && this.guestWork.length === 0) {
      return [this.exit('HLT', 0, () => this.block())];
    }
    return null;
  }

  private handlerSteps(): Step[] {
    const inj = this.injected;
    if (!inj) return [];
    this.injected = null;
    const flow = inj.flows[0] ?? 0;
    const handler = this.guestIdt.get(inj.vector);
    const vec = `vector 0x${inj.vector.toString(16)}`;
    const level = this.vlapic.testTmr(inj.vector);
    const steps: Step[] = [
      this.step(this.k['guest.irq.entry'], 'guest.irq.entry', flow, vec, { level: 'guest' }),
      this.handlerStep(handler, flow, vec, {
        vm: this.vmId, level: 'guest',
        start: () => this.deliver(handler?.service?.(this.index) ?? inj.flows),
        next: handler?.body,
      }),
    ];
    if (this.apicv && !level) {
      steps.push(this.step(this.k['apicv.eoi.virtualized'], 'apicv.eoi.virtualized', flow, vec, { level: 'guest', then: () => this.vlapic.writeEoi() }));
      return steps;
    }
    // Without APICv the EOI write to the xAPIC page traps; with it, a level vector's EOI exits (EOI-exit bitmap).
    steps.push(
      this.exit(this.apicv ? 'EOI_INDUCED' : 'APIC_ACCESS', flow),
      this.step(this.k['kvm.apic.eoi.emulate'], 'kvm.apic.eoi.emulate', flow, vec, {
        then: () => this.vlapic.writeEoi(),
        // A level vector's EOI goes on to the virtual IOAPIC (Remote IRR, ack notifiers, resampling).
        next: () => this.takeLevelEoiSteps(),
      }),
    );
    return steps;
  }

  private takeLevelEoiSteps(): Step[] {
    if (!this.levelEoiPending) return [];
    this.levelEoiPending = false;
    return this.levelEoi?.(this.levelEoiVector, this.where) ?? [];
  }

  exitSteps(reason: string, flow: number): Step[] {
    return [this.exit(reason, flow), this.step(this.k['kvm.exit.handle'], 'kvm.exit.handle', flow, reason)];
  }

  /** The posted-interrupt notification arriving while this vCPU runs in guest mode: handled by the CPU, no exit. */
  takeInGuest(vector: number): boolean {
    if (vector !== POSTED_INTR_VECTOR || !this.pid || this.pcpu.mode !== 'guest') return false;
    this.hostLapic.ack();
    this.hostLapic.writeEoi();
    const flow = this.firstPirFlow();
    this.sim.hop(flow, this.k['x86.pi.notify.guest'], this.where, this.vmId, this.sim.sid('notification in non-root mode: PIR → vIRR'), hopNs(this.costs, this.k['x86.pi.notify.guest'], 'x86.pi.notify.guest'));
    this.syncPir();
    return true;
  }

  /** PostedTarget: the IOMMU posted `vector`; its flows ride on the PIR bit (merging when already set). */
  posted(vector: number, flows: FlowGroup): number | null {
    const g = this.pirFlows.get(vector);
    if (g) {
      g.push(...flows);
      return g[0]!;
    }
    this.pirFlows.set(vector, flows.slice());
    return null;
  }

  /**
   * KVM's own injection under APICv (irqfd, the virtual IOAPIC): vmx_deliver_posted_interrupt posts into the
   * vCPU's descriptor and, when ON was clear, notifies a vCPU in guest mode with POSTED_INTR_VECTOR (no exit),
   * wakes a blocked one, or leaves the sync to the next entry.
   */
  deliverPosted(vector: number, level: boolean, flows: FlowGroup, from: number): void {
    const pid = this.pid!;
    const merged = this.posted(vector, flows);
    if (level) this.pirLevel.add(vector);
    const notify = pid.postFromKvm(vector);
    if (merged !== null) {
      const detail = this.sim.sid(`PIR 0x${vector.toString(16)} already set: merged into flow ${merged}`);
      for (const f of flows) this.sim.hop(f, this.k['kvm.pi.coalesce'], from, this.vmId, detail, 0);
      return;
    }
    const flow = flows[0] ?? 0;
    this.sim.hop(flow, this.k['kvm.pi.post'], from, this.vmId, this.sim.sid(`PIR 0x${vector.toString(16)} set${notify ? ', ON set' : ' (ON already set)'}`), 0);
    if (!notify) return;
    if (this.state === 'halted') return this.kick(flow, from);
    if (this.pcpu.mode !== 'guest' && !this.entering) return this.pcpu.poke();
    const dur = hopNs(this.costs, this.k['kvm.kick.ipi'], 'kvm.kick.ipi');
    this.sim.hop(flow, this.k['kvm.kick.ipi'], from, this.vmId, this.sim.sid(`IPI 0x${POSTED_INTR_VECTOR.toString(16)} (posted-interrupt notification) → cpu${this.pcpu.index}`), dur);
    this.sim.after(dur, () => {
      this.hostLapic.accept(POSTED_INTR_VECTOR, false, flow > 0 ? [flow] : []);
      this.pcpu.poke();
    });
  }

  /** pi_wakeup_handler: the wake-up vector found this blocked vCPU's descriptor with ON set. */
  wakeFromPosted(): void {
    if (this.state === 'halted' && this.pid?.on) this.kick(this.firstPirFlow(), this.pcpu.where);
  }

  onScheduledOut(): void {
    if (!this.pid || this.pid.sn) return;
    this.pid.setSn(true);
    this.sim.hop(0, this.k['kvm.pi.sn'], this.where, this.vmId, this.sim.sid('vCPU scheduled out: SN = 1'), 0);
  }

  onScheduledIn(): void {
    if (!this.pid || !this.pid.sn) return;
    this.pid.setSn(false);
    this.sim.hop(0, this.k['kvm.pi.sn'], this.where, this.vmId, this.sim.sid('vCPU scheduled in: SN = 0'), 0);
  }

  /** A guest driver has work to do in guest mode (its chain starts with whatever exits it makes); `first`: a
   *  continuation of the work just interrupted (it runs before other queued work, after any injected interrupt). */
  queueGuestWork(work: () => Step[], first = false): void {
    if (first) this.guestWork.unshift(work);
    else this.guestWork.push(work);
    if (this.state === 'halted') this.kick(0, this.pcpu.where);
    else this.pcpu.poke();
  }

  /** kvm_vcpu_kick after an interrupt was queued in the vLAPIC: make the vCPU notice it. */
  kick(flow: number, from: number): void {
    if (this.state === 'halted') {
      this.state = 'running';
      this.wakeFlow = flow;
      this.pid?.setNv(POSTED_INTR_VECTOR); // pi_post_block
      this.pcpu.poke();
      return;
    }
    if (this.pcpu.mode !== 'guest' && !this.entering) {
      // In host mode: the pending vIRR is injected at the next entry.
      this.pcpu.poke();
      return;
    }
    // In (or entering) guest mode: only an IPI gets the vCPU out (kvm_vcpu_kick → smp_send_reschedule).
    const dur = hopNs(this.costs, this.k['kvm.kick.ipi'], 'kvm.kick.ipi');
    this.sim.hop(flow, this.k['kvm.kick.ipi'], from, this.vmId, this.sim.sid(`IPI 0x${RESCHEDULE_VECTOR.toString(16)} → cpu${this.pcpu.index}`), dur);
    this.sim.after(dur, () => {
      this.hostLapic.accept(RESCHEDULE_VECTOR, false, flow > 0 ? [flow] : []);
      this.pcpu.poke();
    });
  }

  /** HLT: the vCPU blocks; with posted delivery its notifications now go to the wake-up vector (pi_pre_block). */
  private block(): void {
    // kvm_vcpu_block does not sleep when an interrupt is already pending (it may have arrived during the HLT exit).
    if (this.vlapic.highestIrr() >= 0 || this.hasPir()) return;
    this.state = 'halted';
    this.pid?.setNv(POSTED_INTR_WAKEUP_VECTOR);
  }

  private hasPir(): boolean {
    return this.pirFlows.size > 0;
  }

  private firstPirFlow(): number {
    for (const g of this.pirFlows.values()) if (g[0]) return g[0];
    return 0;
  }

  /** PIR → vIRR (the flows of each bit go with it), ON cleared. */
  private syncPir(): void {
    if (!this.pid) return;
    for (const vector of this.pid.takePir()) {
      const flows = this.pirFlows.get(vector) ?? [];
      const r = this.vlapic.accept(vector, this.pirLevel.has(vector), flows);
      if (r.coalesced) {
        const detail = this.sim.sid(`vIRR 0x${vector.toString(16)} already pending: merged into flow ${r.intoFlow}`);
        for (const f of flows) this.sim.hop(f, this.k['kvm.vlapic.coalesce'], this.where, this.vmId, detail, 0);
      }
    }
    this.pirFlows.clear();
    this.pirLevel.clear();
  }

  private deliver(flows: FlowGroup): void {
    const now = this.sim.now;
    flows.forEach((f, i) => this.sim.flows.deliver(f, now, i > 0));
  }
}
