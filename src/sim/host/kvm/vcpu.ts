// A KVM vCPU on x86, pinned to one pCPU, with its virtual LAPIC: VM entries (with the injection of the highest
// pending vIRR vector), exits, the guest's handlers and their EOI (for a level vector, after the guest's TMR read in
// ioapic_ack_level), HLT and wake-ups, and kvm_vcpu_kick. The VM's
// delivery switch (seed 004: emulated | posted, see delivery/) is decided once when the VM is built; the vCPU calls
// its delivery where the two differ and never asks which one it has.
// As a part of the wiring ("vm0/vcpu0"): its vLAPIC kicks it at `kick` and reports a level EOI at
// `level-eoi` (which goes on at `eoi-exit` to the virtual IOAPIC: KVM's EOI exit) and every EOI at `eoi` (which ends the
// guest handler's flows at the guest IDT); its kick IPIs go out at `ipi` to its pCPU's LAPIC; it takes its
// interrupts through the guest IDT.
// Sharing a pCPU with other vCPU threads, its `thread` is a run-queue entity (../sched/): it is in guest mode only
// while loaded; its wake-ups and blocks go to the scheduler. With halt-polling (`haltPoll`), HLT polls before it blocks.
// Not modelled: interrupt windows (the guest always has interrupts enabled), NMI, nested virtualization.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { CostOf, HopKind, KindId } from '../../core/catalog/hopKinds';
import { hopNs } from '../../hw/hopCost';
import type { Lapic, LapicSignal } from '../../hw/x86/lapic';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { FlowGroup } from '../../core/flows';
import type { PCpu, PinnedVcpu } from '../pcpu';
import { instantStep, makeStep, scopedStep, silentStep, type Step, type StepExtra } from '../step';
import type { DeliveryStrategy, DeliveryVcpu, VcpuDelivery, VcpuRunState } from './delivery';
import type { GuestHandler, GuestInterruptTable } from './guestInterruptTable';
import type { LevelEoi } from './kvmIrqchip';
import { RESCHEDULE_VECTOR } from './kickVectors';
import { pinnedAlone, type VcpuThread } from '../sched/vcpuThread';
import type { HaltPoller } from '../sched/haltPoll';

export { RESCHEDULE_VECTOR } from './kickVectors';

export class Vcpu implements PinnedVcpu, DeliveryVcpu {
  state: VcpuRunState = 'running';
  /** Between the last request check and guest mode (KVM's vcpu->mode = IN_GUEST_MODE during entry). */
  private entering = false;
  /** Set when a halted vCPU was woken: its next entry starts with the wake-up. */
  private wakeFlow: number | null = null;
  private levelEoiPending = false;
  /** vcpu->arch.ioapic_handled_vectors: what the EOI-exit bitmap holds (APICv), from the VM's IOAPIC routes. */
  private readonly ioapicHandledVectors = new Set<number>();
  private levelEoiVector = 0;
  /** Guest-mode work a guest driver queued (e.g. a request submitted through MMIO), run when no interrupt waits. */
  private readonly guestWork: (() => Step[])[] = [];
  /**
   * `virq qtest`'s guest view: the guest runs no driver; it takes an interrupt as a kvm-unit-tests handler does
   * (acknowledged at injection, reported here) and leaves the EOI to the script's write.
   */
  takenByTest: ((vector: number) => void) | null = null;
  /** The interrupt delivered to the guest, awaiting its handler. */
  private injected: { vector: number; flows: FlowGroup } | null = null;
  /** Its thread as the host scheduler sees it (alone on its pCPU unless a run queue takes it). */
  thread: VcpuThread;
  /** KVM's halt-polling for this vCPU, when halt_poll_ns is not 0. */
  haltPoll: HaltPoller | null = null;
  /** How KVM's interrupts reach this vCPU (the VM's delivery switch). */
  readonly delivery: VcpuDelivery;
  readonly where: number;
  readonly vmId: number;
  private readonly k;
  readonly node: WireNode;
  /** kvm_vcpu_kick, from its vLAPIC: the flow it carries and the CPU that raised it. */
  readonly kickIn: InPort<LapicSignal>;
  /** Its vLAPIC's EOI of a level vector: KVM's EOI exit goes on to the virtual IOAPIC. */
  readonly levelEoiIn: InPort<(vector: number) => void>;
  /** The steps KVM runs after the EOI of a level vector (the VM's IOAPIC EOI and its ack notifiers). */
  readonly levelEoiOut: OutPort<LevelEoi>;
  /** IPIs to its pCPU's LAPIC (kicks, posted-interrupt notifications). */
  readonly ipi: OutPort<(vector: number, flows: FlowGroup) => void>;
  /** Its vLAPIC's EOIs: the guest's handler of that vector is done. */
  readonly eoiIn: InPort<(vector: number, flows: FlowGroup) => void>;
  /** To the guest IDT: the handler whose EOI it was. */
  readonly guestEoi: OutPort<(vector: number, flows: FlowGroup) => void>;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly vmName: string,
    readonly index: number,
    readonly vlapic: Lapic,
    readonly pcpu: PCpu,
    private readonly guestIdt: GuestInterruptTable,
    private readonly idle: 'busy' | 'halt',
    delivery: DeliveryStrategy,
  ) {
    this.where = sim.sid(`${vmName}.vcpu${index}`);
    this.vmId = sim.sid(vmName);
    this.refillText = sim.sid('caches and TLB refill after the exit');
    this.kickText = sim.sid(`IPI 0x${RESCHEDULE_VECTOR.toString(16)} → cpu${pcpu.index}`);
    this.k = sim.kinds(['kvm.vmexit', 'kvm.vmentry', 'kvm.exit.handle', 'kvm.inject.event', 'kvm.apic.eoi.emulate', 'kvm.apic.read.emulate',
      'kvm.kick.ipi', 'kvm.vcpu.wakeup', 'guest.irq.entry', 'guest.handler', 'guest.exit.indirect',
      'fault.lost-eoi', 'fault.guest-stops-eoi']);
    this.node = wireNode(`${vmName}/vcpu${index}`, 'vcpu', vmName, `${vmName}.vcpu${index}`);
    this.kickIn = inPort<LapicSignal>(this.node, 'kick', 'irq', (flow, from) => this.kick(flow, from));
    this.levelEoiIn = inPort(this.node, 'level-eoi', 'eoi', (vector: number) => {
      this.levelEoiPending = true;
      this.levelEoiVector = vector;
    });
    this.levelEoiOut = outPort<LevelEoi>(this.node, 'eoi-exit', 'eoi', () => []);
    this.ipi = outPort(this.node, 'ipi', 'ipi', () => {});
    this.guestEoi = outPort(this.node, 'guest-eoi', 'eoi', () => {});
    this.eoiIn = inPort(this.node, 'eoi', 'eoi', (vector: number, flows: FlowGroup) => this.guestEoi.send(vector, flows));
    this.delivery = delivery.forVcpu(this);
    this.thread = pinnedAlone(pcpu);
    pcpu.vcpu = this;
    guestIdt.dispatchFrom(this.node);
  }

  inGuestMode(): boolean {
    return this.thread.loaded() && (this.pcpu.mode === 'guest' || this.entering);
  }

  /** A timed step of this vCPU's (its place, its VM), typed as timedStep is: the cost is one the kind declares. */
  private step<K extends HopKind>(kind: KindId<K>, cost: CostOf<K>, flow: number, detail: string | number, extra?: Omit<StepExtra, 'vm'>): Step {
    return makeStep(kind, this.where, typeof detail === 'number' ? detail : this.sim.sid(detail), flow, this.costs.ns(cost), extra, this.vmId);
  }

  /** Detail texts said at every exit or kick, interned once. */
  private readonly refillText: number;
  private readonly kickText: number;
  /** The handler detail per vector ("nic0 driver vector 0x51"), remembered with the handler it names. */
  private readonly handlerTexts: { handler: GuestHandler; id: number }[] = [];

  /** The guest driver's handler body, costed as its driver says (an unknown vector: an instant). */
  private handlerText(handler: GuestHandler, vector: number, vec: string): number {
    const t = this.handlerTexts[vector];
    if (t && t.handler === handler) return t.id;
    const id = this.sim.sid(`${handler.name} ${vec}`);
    this.handlerTexts[vector] = { handler, id };
    return id;
  }

  private handlerStep(handler: GuestHandler | undefined, flow: number, vector: number, vec: string, extra: StepExtra): Step {
    const kind = this.k['guest.handler'];
    if (!handler) return instantStep(kind, this.where, flow, this.sim.sid(`unhandled ${vec}`), extra);
    return scopedStep(this.costs, kind, handler.cost, handler.scope ?? '', this.where, flow, this.handlerText(handler, vector, vec), extra);
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
    steps.push(...this.delivery.entrySyncSteps());
    // Whether to inject is decided when the entry runs, after any sync of posted requests.
    steps.push(silentStep(this.where, { next: () => this.injectAndEnter() }));
    return steps;
  }

  private injectAndEnter(resume = 'resume'): Step[] {
    const v = this.vlapic.deliverable();
    if (v < 0) return this.enter(0, resume);
    const flow = this.vlapic.pendingFlows(v)[0] ?? 0;
    return [
      this.step(this.k['kvm.inject.event'], 'kvm.inject.event', flow, this.sim.vectorSid(v), { then: () => this.takeVirq() }),
      ...(this.delivery.injectedSteps?.(v, flow) ?? []),
      ...this.enter(flow, 'with injection'),
    ];
  }

  reentrySteps(irqsOn = false): Step[] {
    // Every entry syncs posted requests (vcpu_enter_guest → sync_pir_to_irr), even back into an interrupted
    // handler: the vIRR it fills is delivered once the guest's handler ends. Guest code with interrupts on (RFLAGS.IF
    // set) takes a pending interrupt at this entry instead, then resumes (arch/x86/kvm/x86.c inject_pending_event,
    // when kvm_vcpu_ready_for_interrupt_injection / kvm_arch_interrupt_allowed; with IF clear KVM would open an
    // interrupt window, enable_irq_window: here the handler's chain simply ends first).
    if (irqsOn) return [...this.delivery.entrySyncSteps(), silentStep(this.where, { next: () => this.injectAndEnter('resume interrupted guest code') })];
    return [...this.delivery.entrySyncSteps(), ...this.enter(0, 'resume interrupted guest code')];
  }

  /** Interrupted guest code with interrupts on: the interrupt injected at re-entry, or one the CPU delivers itself. */
  nestedInterruptSteps(): Step[] | null {
    if (this.injected) return this.handlerSteps();
    return this.delivery.guestDeliverySteps();
  }

  /**
   * The VM entry, then the guest's slower start while its caches and TLB refill (the exit's indirect cost). The
   * refill is taken as one step of the entry's chain, so an interrupt waits for its end (at most a few µs).
   */
  private enter(flow: number, detail: string): Step[] {
    return [
      this.step(this.k['kvm.vmentry'], 'kvm.vmentry', flow, detail, {
        start: () => { this.entering = true; },
        then: () => { this.entering = false; this.pcpu.mode = 'guest'; },
      }),
      this.step(this.k['guest.exit.indirect'], 'guest.exit.indirect', flow, this.refillText),
    ];
  }

  guestSteps(): Step[] | null {
    if (!this.injected) {
      const delivered = this.delivery.guestDeliverySteps();
      if (delivered) return delivered;
    }
    if (this.injected) return this.handlerSteps();
    const work = this.guestWork.shift();
    if (work) return work();
    if (this.idle === 'halt' && this.vlapic.highestIrr() < 0 && !this.delivery.holdsPending() && this.guestWork.length === 0) {
      return [this.exit('HLT', 0, () => this.block())];
    }
    return null;
  }

  /** The guest takes the highest deliverable vIRR vector (vIRR → vISR). */
  takeVirq(): void {
    this.injected = this.vlapic.ack();
  }

  handlerSteps(): Step[] {
    const inj = this.injected;
    if (!inj) return [];
    this.injected = null;
    const flow = inj.flows[0] ?? 0;
    const vec = `vector 0x${inj.vector.toString(16)}`;
    const test = this.takenByTest;
    if (test) return [this.step(this.k['guest.irq.entry'], 'guest.irq.entry', flow, vec, { level: 'guest', then: () => test(inj.vector) })];
    const handler = this.guestIdt.get(inj.vector);
    return [
      this.step(this.k['guest.irq.entry'], 'guest.irq.entry', flow, vec, { level: 'guest' }),
      this.handlerStep(handler, flow, inj.vector, vec, {
        vm: this.vmId, level: 'guest',
        start: () => {
          const served = handler?.service?.(this.index) ?? inj.flows;
          this.deliver(served);
          handler?.onServiced?.(this.index, served);
        },
        next: handler?.body,
      }),
      ...this.eoiOrFault(flow, inj.vector, vec),
    ];
  }

  /** The guest's EOI of the vector, unless an injected fault loses it (the vector then stays in service). */
  private eoiOrFault(flow: number, vector: number, vec: string): Step[] {
    const faults = this.sim.faults;
    const stopped = faults.take('guest-stops-eoi', this.vmName, this.sim.now);
    if (stopped) return [instantStep(this.k['fault.guest-stops-eoi'], this.where, flow, this.sim.sid(`${vec}: no EOI written (${stopped})`), { vm: this.vmId })];
    const ack = this.levelAckSteps(flow, vector, vec);
    const lost = faults.take('lost-eoi', this.vmName, this.sim.now);
    if (lost) return [...ack, instantStep(this.k['fault.lost-eoi'], this.where, flow, this.sim.sid(`${vec}: EOI lost (${lost})`), { vm: this.vmId })];
    return [...ack, ...this.delivery.eoiSteps(flow, vector, vec)];
  }

  /**
   * The guest's ack of a level-triggered vector, before its EOI: Linux's IO-APIC chip acks a level pin with
   * ioapic_ack_level (arch/x86/kernel/apic/io_apic.c, the irq_eoi of handle_fasteoi_irq), which reads the vector's
   * TMR word — `v = apic_read(APIC_TMR + ((i & ~0x1f) >> 1))`, the 82093AA erratum check — and then writes EOI. An
   * edge vector (MSI: apic_ack_edge) only writes EOI. The read is the delivery's: an exit without APICv, none with it.
   */
  private levelAckSteps(flow: number, vector: number, vec: string): Step[] {
    if (vector < 0 || !this.vlapic.testTmr(vector)) return [];
    return this.delivery.apicReadSteps(flow, `TMR read (ioapic_ack_level) ${vec}`);
  }

  /** A guest read of a vLAPIC register that exits: KVM answers it (kvm_lapic_reg_read) and re-enters the guest code. */
  apicReadExitSteps(reason: string, flow: number, what: string): Step[] {
    return [
      this.exit(reason, flow),
      this.step(this.k['kvm.apic.read.emulate'], 'kvm.apic.read.emulate', flow, what),
      // Back into the handler (interrupts off: nothing injected), as reentrySteps, the entry charged to this flow.
      ...this.delivery.entrySyncSteps(),
      ...this.enter(flow, 'resume interrupted guest code'),
    ];
  }

  /** The guest writes its vLAPIC's EOI register (a test script's write): as the guest's handler would, by delivery. */
  guestEoiWrite(): void {
    const v = this.vlapic.highestIsr();
    const vec = v < 0 ? 'no vector in service' : `vector 0x${v.toString(16)}`;
    this.queueGuestWork(() => this.delivery.eoiSteps(0, v, vec, 'mmio'), true);
  }

  eoiExitSteps(reason: string, flow: number, vec: string): Step[] {
    return [
      this.exit(reason, flow),
      this.step(this.k['kvm.apic.eoi.emulate'], 'kvm.apic.eoi.emulate', flow, vec, {
        then: () => this.vlapic.writeEoi(),
        // A level vector's EOI goes on to the virtual IOAPIC (Remote IRR, ack notifiers, resampling).
        next: () => this.takeLevelEoiSteps(flow),
      }),
    ];
  }

  private takeLevelEoiSteps(flow: number): Step[] {
    if (!this.levelEoiPending) return [];
    this.levelEoiPending = false;
    return this.levelEoiOut.send(this.levelEoiVector, this.where, flow);
  }

  /**
   * vcpu_scan_ioapic → vcpu_load_eoi_exitmap: the vectors the VM's IOAPIC routes as level to this vCPU. (KVM makes
   * it a request, KVM_REQ_SCAN_IOAPIC, served at the vCPU's next entry; the model loads it at once.)
   */
  loadEoiExitmap(vectors: Iterable<number>): void {
    this.ioapicHandledVectors.clear();
    for (const v of vectors) this.ioapicHandledVectors.add(v);
  }

  eoiExits(vector: number): boolean {
    return this.ioapicHandledVectors.has(vector);
  }

  exitSteps(reason: string, flow: number): Step[] {
    return [this.exit(reason, flow), this.step(this.k['kvm.exit.handle'], 'kvm.exit.handle', flow, reason)];
  }

  takeInGuest(vector: number): boolean {
    return this.delivery.takeInGuest(vector);
  }

  onScheduledOut(): void {
    this.delivery.onScheduledOut();
  }

  onScheduledIn(): void {
    this.delivery.onScheduledIn();
  }

  /** The host's wake-up vector (pi_wakeup_handler) arrived on this vCPU's pCPU. */
  wakeUp(): void {
    this.delivery.wakeUp();
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
      // Still halt-polling: the vCPU never slept, so there is no wake-up (nor a descriptor to switch back).
      if (this.haltPoll?.woken() !== true) {
        this.wakeFlow = flow;
        this.delivery.onWake();
      }
      this.thread.woken(flow, from);
      return;
    }
    if (!this.inGuestMode()) {
      // In host mode: the pending vIRR is injected at the next entry.
      this.pcpu.poke();
      return;
    }
    // In (or entering) guest mode: only an IPI gets the vCPU out (kvm_vcpu_kick → smp_send_reschedule).
    const dur = hopNs(this.costs, this.k['kvm.kick.ipi'], 'kvm.kick.ipi');
    this.sim.hop(flow, this.k['kvm.kick.ipi'], from, this.vmId, this.kickText, dur);
    this.sim.after(dur, () => this.sendIpi(RESCHEDULE_VECTOR, flow > 0 ? [flow] : []));
  }

  sendIpi(vector: number, flows: FlowGroup): void {
    this.ipi.send(vector, flows);
  }

  /** HLT: the vCPU blocks (unless an interrupt is already pending: it may have arrived during the HLT exit). */
  private block(): void {
    if (this.vlapic.highestIrr() >= 0 || this.delivery.holdsPending()) return;
    this.state = 'halted';
    if (this.haltPoll?.halt(this.thread.othersRunnable(), () => this.sleep())) return;
    this.sleep();
  }

  /** kvm_vcpu_block: it sleeps until woken. */
  private sleep(): void {
    this.delivery.onBlock();
    this.thread.blocked();
  }

  /** The notification vector taken in host mode: a polling vCPU's check (kvm_vcpu_check_block) sees its PIR. */
  notifiedInHost(): void {
    if (this.haltPoll?.polling) this.delivery.wakeUp();
  }

  private deliver(flows: FlowGroup): void {
    const now = this.sim.now;
    flows.forEach((f, i) => this.sim.flows.deliver(f, now, i > 0));
  }
}
