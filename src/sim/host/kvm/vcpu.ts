// A KVM vCPU pinned to one pCPU, with its virtual LAPIC. Emulated delivery (no APICv, no posted interrupts):
// an interrupt is injected at VM entry (vIRR → vISR through the VM-entry interruption field), the guest's
// handler runs, and its EOI write to the vLAPIC exits (APIC access) to be emulated.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { CostName } from '../../costs';
import type { FlowGroup, Lapic } from '../../hw/x86/lapic';
import type { PCpu, PinnedVcpu } from '../pcpu';
import type { Step } from '../step';
import type { GuestInterruptTable } from './guestInterruptTable';

/** x86 RESCHEDULE_VECTOR: the IPI kvm_vcpu_kick sends to force a running vCPU out of guest mode. */
export const RESCHEDULE_VECTOR = 0xfd;

export type VcpuRunState = 'running' | 'halted';

export class Vcpu implements PinnedVcpu {
  state: VcpuRunState = 'running';
  /** Between the last request check and guest mode (KVM's vcpu->mode = IN_GUEST_MODE during entry). */
  private entering = false;
  /** Set when a halted vCPU was woken: its next entry starts with the wake-up. */
  private wakeFlow: number | null = null;
  private levelEoiPending = false;
  private levelEoiVector = 0;
  /** Steps KVM runs after the EOI of a level vector (the VM's IOAPIC EOI and its ack notifiers). */
  levelEoi: ((vector: number, where: number) => Step[]) | null = null;
  /** The interrupt injected at the last entry, awaiting its guest handler. */
  private injected: { vector: number; flows: FlowGroup } | null = null;
  private readonly where: number;
  private readonly k: Record<string, number>;
  private readonly vmId: number;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly vmName: string,
    readonly index: number,
    readonly vlapic: Lapic,
    readonly pcpu: PCpu,
    private readonly guestIdt: GuestInterruptTable,
    private readonly idle: 'busy' | 'halt',
  ) {
    this.where = sim.sid(`${vmName}.vcpu${index}`);
    this.vmId = sim.sid(vmName);
    const kinds = ['kvm.vmexit', 'kvm.vmentry', 'kvm.exit.handle', 'kvm.inject.event', 'kvm.apic.eoi.emulate',
      'kvm.kick.ipi', 'kvm.vcpu.wakeup', 'guest.irq.entry', 'guest.handler'];
    this.k = Object.fromEntries(kinds.map((n) => [n, sim.sid(n)]));
    vlapic.onEoi = (vector, flows) => {
      if (guestIdt.get(vector)?.completesOnEoi === false) return;
      if (!guestIdt.get(vector)) return;
      for (const f of flows) sim.flows.complete(f, sim.now);
    };
    vlapic.onLevelEoi = (vector) => {
      this.levelEoiPending = true;
      this.levelEoiVector = vector;
    };
    pcpu.vcpu = this;
  }

  private step(kind: string, cost: CostName, flow: number, detail: string, extra?: Pick<Step, 'start' | 'then' | 'next' | 'level'>): Step {
    return { kind: this.k[kind]!, where: this.where, vm: this.vmId, detail: this.sim.sid(detail), flow, dur: this.costs.ns(cost), ...extra };
  }

  private exit(reason: string, flow: number, then?: () => void): Step {
    return this.step('kvm.vmexit', 'kvm.vmexit', flow, reason, {
      start: () => this.sim.exits.count(this.vmName, reason),
      then: () => { this.pcpu.mode = 'host'; then?.(); },
    });
  }

  entrySteps(): Step[] | null {
    if (this.state !== 'running') return null;
    const steps: Step[] = [];
    if (this.wakeFlow !== null) {
      steps.push(this.step('kvm.vcpu.wakeup', 'kvm.vcpu.wakeup', this.wakeFlow, 'halted → running'));
      this.wakeFlow = null;
    }
    const v = this.vlapic.deliverable();
    let flow = 0;
    if (v >= 0) {
      flow = this.vlapic.pendingFlows(v)[0] ?? 0;
      steps.push(this.step('kvm.inject.event', 'kvm.inject.event', flow, `vector 0x${v.toString(16)}`, {
        then: () => { this.injected = this.vlapic.ack(); },
      }));
    }
    steps.push(this.entryStep(flow, v >= 0 ? 'with injection' : 'resume'));
    return steps;
  }

  reentrySteps(): Step[] {
    return [this.entryStep(0, 'resume interrupted guest code')];
  }

  private entryStep(flow: number, detail: string): Step {
    return this.step('kvm.vmentry', 'kvm.vmentry', flow, detail, {
      start: () => { this.entering = true; },
      then: () => { this.entering = false; this.pcpu.mode = 'guest'; },
    });
  }

  guestSteps(): Step[] | null {
    const inj = this.injected;
    if (inj) {
      this.injected = null;
      const flow = inj.flows[0] ?? 0;
      const handler = this.guestIdt.get(inj.vector);
      const vec = `vector 0x${inj.vector.toString(16)}`;
      return [
        this.step('guest.irq.entry', 'guest.irq.entry', flow, vec, { level: 'guest' }),
        {
          kind: this.k['guest.handler']!, where: this.where, vm: this.vmId, flow, level: 'guest',
          detail: this.sim.sid(handler ? `${handler.name} ${vec}` : `unhandled ${vec}`),
          dur: handler ? this.costs.nsFor(handler.cost, handler.scope ?? '') : 0,
          start: () => this.deliver(handler?.service ? handler.service() : inj.flows),
        },
        // The guest's EOI write to the xAPIC page traps (no APICv): exit, emulate, and the next entry resumes it.
        this.exit('APIC_ACCESS', flow),
        this.step('kvm.apic.eoi.emulate', 'kvm.apic.eoi.emulate', flow, vec, {
          then: () => this.vlapic.writeEoi(),
          // A level vector's EOI goes on to the virtual IOAPIC (Remote IRR, ack notifiers, resampling).
          next: () => this.takeLevelEoiSteps(),
        }),
      ];
    }
    if (this.idle === 'halt' && this.vlapic.highestIrr() < 0) {
      return [this.exit('HLT', 0, () => { this.state = 'halted'; })];
    }
    return null;
  }

  private takeLevelEoiSteps(): Step[] {
    if (!this.levelEoiPending) return [];
    this.levelEoiPending = false;
    return this.levelEoi?.(this.levelEoiVector, this.where) ?? [];
  }

  exitSteps(reason: string, flow: number): Step[] {
    return [this.exit(reason, flow), this.step('kvm.exit.handle', 'kvm.exit.handle', flow, reason)];
  }

  /** kvm_vcpu_kick after an interrupt was queued in the vLAPIC: make the vCPU notice it. */
  kick(flow: number, from: number): void {
    if (this.state === 'halted') {
      this.state = 'running';
      this.wakeFlow = flow;
      this.pcpu.poke();
      return;
    }
    if (this.pcpu.mode !== 'guest' && !this.entering) {
      // In host mode: the pending vIRR is injected at the next entry.
      this.pcpu.poke();
      return;
    }
    // In (or entering) guest mode: only an IPI gets the vCPU out (kvm_vcpu_kick → smp_send_reschedule).
    const dur = this.costs.ns('kvm.kick.ipi');
    this.sim.hop(flow, this.k['kvm.kick.ipi']!, from, this.vmId, this.sim.sid(`IPI 0x${RESCHEDULE_VECTOR.toString(16)} → cpu${this.pcpu.index}`), dur);
    this.sim.after(dur, () => {
      this.pcpu.lapic.accept(RESCHEDULE_VECTOR, false, flow > 0 ? [flow] : []);
      this.pcpu.poke();
    });
  }

  private deliver(flows: FlowGroup): void {
    const now = this.sim.now;
    flows.forEach((f, i) => this.sim.flows.deliver(f, now, i > 0));
  }
}
