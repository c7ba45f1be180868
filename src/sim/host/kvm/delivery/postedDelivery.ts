// Posted delivery: APICv with VT-d posted interrupts (facts §D.3, seed 004). Each vCPU has a posted-interrupt
// descriptor. The IOMMU (for an MSI whose IRTE is posted) or KVM itself (vmx_deliver_posted_interrupt) sets the
// vector's PIR bit and ON, and notifies the vCPU's pCPU: a vCPU in guest mode takes the notification with no exit
// (PIR → vIRR) and the CPU delivers the interrupt itself; a blocked vCPU is woken through the wake-up vector; while the
// vCPU is scheduled out, SN suppresses notifications and the PIR is synced at the next entry. An edge EOI is
// virtualized; the EOI of a vector in the vCPU's EOI-exit bitmap exits (EOI_INDUCED). KVM builds that bitmap from
// the vectors its IOAPIC routes as level to the vCPU (ioapic_handled_vectors: kvm_ioapic_scan_entry,
// vcpu_load_eoi_exitmap), not from the TMR: a vector the IOAPIC routes as level exits even when it arrived edge, and a
// level vector the IOAPIC does not route to this vCPU is EOIed in the guest with no exit and no EOI broadcast.
// As a part of the wiring: the VM's APIC bus (KVM's own posting) and the IOMMU reach the vCPU's descriptor
// ("vm0/vcpu0/pi-desc"), whose notification goes out on the host's APIC bus and whose requests are synced into the
// vLAPIC (`sync`: PIR → vIRR); KVM's notification IPI goes out at the vCPU's `ipi` out-port.
import type { CostModel } from '../../../core/costModel';
import { inPort, outPort, type InPort, type OutPort } from '../../../core/wires';
import type { AcceptResult } from '../../../hw/x86/lapic';
import type { FlowGroup } from '../../../core/flows';
import type { Simulator } from '../../../core/simulator';
import { hopNs } from '../../../hw/hopCost';
import type { InterruptRemapper, PostedTarget } from '../../../hw/x86/interruptRemapper';
import type { Irte } from '../../../hw/x86/irte';
import { POSTED_INTR_VECTOR, POSTED_INTR_WAKEUP_VECTOR, PostedDescriptor } from '../../../hw/x86/postedDescriptor';
import { silentStep, timedStep, type Step } from '../../step';
import type { DeliveryStrategy, DeliveryVcpu, DeliveryWiring, Inject, VcpuDelivery } from './delivery';

export class PostedDelivery implements DeliveryStrategy {
  /**
   * `descriptorBase`: the address of the VM's first vCPU descriptor; each vCPU's sits 64 bytes on (64-byte aligned),
   * and every IRTE posting to a vCPU names that address.
   */
  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly descriptorBase: bigint, private readonly wiring: DeliveryWiring) {}

  forVcpu(vcpu: DeliveryVcpu): VcpuDelivery {
    const pid = new PostedDescriptor(`${vcpu.vmName}/vcpu${vcpu.index}/pi-desc`, vcpu.vmName, `vcpu${vcpu.index}`);
    // The descriptor's notification is an interrupt message on the host's APIC bus.
    this.sim.wires.connect(pid.notify, this.wiring.apicBus);
    return new PostedVcpuDelivery(this.sim, this.costs, vcpu, pid, this.descriptorBase + BigInt(vcpu.index) * 64n);
  }
}

export class PostedVcpuDelivery implements VcpuDelivery, PostedTarget {
  readonly registerFiles;
  readonly injectIn: InPort<Inject>;
  /** PIR → vIRR: the requests synced into the vLAPIC. */
  private readonly toVirr: OutPort<(vector: number, level: boolean, flows: FlowGroup) => AcceptResult>;
  /** Flows riding on each PIR bit of the descriptor. */
  private readonly pirFlows = new Map<number, FlowGroup>();
  /** PIR vectors KVM posted as level-triggered (their TMR bit is set when synced). */
  private readonly pirLevel = new Set<number>();
  private readonly k;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    private readonly vcpu: DeliveryVcpu,
    readonly pid: PostedDescriptor,
    /** The descriptor's address. */
    readonly pda: bigint,
  ) {
    this.registerFiles = [pid.regs];
    this.k = sim.kinds(['kvm.pi.sync', 'x86.pi.notify.guest', 'apicv.deliver', 'apicv.eoi.virtualized', 'kvm.pi.sn',
      'kvm.pi.post', 'kvm.pi.coalesce', 'kvm.vlapic.coalesce', 'kvm.kick.ipi']);
    this.injectIn = inPort<Inject>(pid.node, 'inject', 'msi', (vector, level, flows, from) => this.inject(vector, level, flows, from));
    this.toVirr = outPort(pid.node, 'sync', 'msi', (vector: number, level: boolean, flows: FlowGroup) => vcpu.vlapic.accept(vector, level, flows));
    sim.wires.connect(this.toVirr, vcpu.vlapic.msiIn);
    pid.setDestination(vcpu.pcpu.irq.cpuId);
  }

  /** sync_pir_to_irr at entry: decided when the entry runs (a chain built earlier may be entered much later). */
  entrySyncSteps(): Step[] {
    const v = this.vcpu;
    return [silentStep(v.where, {
      next: () => (this.holdsPending()
        ? [timedStep(this.costs, this.k['kvm.pi.sync'], 'kvm.pi.sync', v.where, this.firstPirFlow(), this.sim.sid('PIR → vIRR'), { vm: v.vmId, then: () => this.syncPir() })]
        : []),
    })];
  }

  /** APICv virtual-interrupt delivery: the CPU delivers the highest vIRR vector itself, no exit. */
  guestDeliverySteps(): Step[] | null {
    const v = this.vcpu;
    const vector = v.vlapic.deliverable();
    if (vector < 0) return null;
    return [timedStep(this.costs, this.k['apicv.deliver'], 'apicv.deliver', v.where, v.vlapic.pendingFlows(vector)[0] ?? 0, this.sim.vectorSid(vector), {
      vm: v.vmId, level: 'guest',
      then: () => v.takeVirq(),
      next: () => v.handlerSteps(),
    })];
  }

  /** The EOI-exit bitmap decides: a vector in it exits (for the virtual IOAPIC); any other EOI is virtualized. */
  eoiSteps(flow: number, vector: number, vec: string): Step[] {
    const v = this.vcpu;
    if (v.eoiExits(vector)) return v.eoiExitSteps('EOI_INDUCED', flow, vec);
    return [timedStep(this.costs, this.k['apicv.eoi.virtualized'], 'apicv.eoi.virtualized', v.where, flow, this.sim.sid(vec), {
      vm: v.vmId, level: 'guest', then: () => v.vlapic.virtualizedEoi(),
    })];
  }

  /**
   * APIC-register virtualization (SDM vol. 3 §30.3; KVM clears the read intercepts of the x2APIC MSRs when APICv is
   * on, arch/x86/kvm/vmx/vmx.c vmx_update_msr_bitmap_x2apic): the read is served from the virtual-APIC page, no exit.
   */
  apicReadSteps(): Step[] {
    return [];
  }

  holdsPending(): boolean {
    return this.pirFlows.size > 0;
  }

  /** pi_pre_block: while blocked, notifications go to the wake-up vector. */
  onBlock(): void {
    this.pid.setNv(POSTED_INTR_WAKEUP_VECTOR);
  }

  /** pi_post_block */
  onWake(): void {
    this.pid.setNv(POSTED_INTR_VECTOR);
  }

  /**
   * KVM's own injection under APICv (irqfd, the virtual IOAPIC): vmx_deliver_posted_interrupt posts into the
   * descriptor and, when ON was clear, notifies a vCPU in guest mode with POSTED_INTR_VECTOR (no exit), wakes a
   * blocked one, or leaves the sync to the next entry.
   */
  private inject(vector: number, level: boolean, flows: FlowGroup, from: number): void {
    const v = this.vcpu;
    const sim = this.sim;
    const merged = this.posted(vector, flows);
    if (level) this.pirLevel.add(vector);
    const notify = this.pid.postFromKvm(vector);
    if (merged !== null) {
      const detail = sim.sid(`PIR 0x${vector.toString(16)} already set: merged into flow ${merged}`);
      for (const f of flows) sim.hop(f, this.k['kvm.pi.coalesce'], from, v.vmId, detail, 0);
      return;
    }
    const flow = flows[0] ?? 0;
    sim.hop(flow, this.k['kvm.pi.post'], from, v.vmId, sim.sid(`PIR 0x${vector.toString(16)} set${notify ? ', ON set' : ' (ON already set)'}`), 0);
    if (!notify) return;
    if (v.state === 'halted') return v.kick(flow, from);
    if (!v.inGuestMode()) return v.pcpu.poke();
    const dur = hopNs(this.costs, this.k['kvm.kick.ipi'], 'kvm.kick.ipi');
    sim.hop(flow, this.k['kvm.kick.ipi'], from, v.vmId, sim.sid(`IPI 0x${POSTED_INTR_VECTOR.toString(16)} (posted-interrupt notification) → cpu${v.pcpu.index}`), dur);
    sim.after(dur, () => v.sendIpi(POSTED_INTR_VECTOR, flow > 0 ? [flow] : []));
  }

  /** The posted-interrupt notification arriving while the vCPU runs in guest mode: handled by the CPU, no exit. */
  takeInGuest(vector: number): boolean {
    const v = this.vcpu;
    if (vector !== POSTED_INTR_VECTOR || v.pcpu.mode !== 'guest') return false;
    v.pcpu.irq.ack();
    v.pcpu.irq.eoi(POSTED_INTR_VECTOR, false);
    const flow = this.firstPirFlow();
    const kind = this.k['x86.pi.notify.guest'];
    this.sim.hop(flow, kind, v.where, v.vmId, this.sim.sid('notification in non-root mode: PIR → vIRR'), hopNs(this.costs, kind, 'x86.pi.notify.guest'));
    this.syncPir();
    return true;
  }

  onScheduledOut(): void {
    if (this.pid.sn) return;
    this.pid.setSn(true);
    this.sim.hop(0, this.k['kvm.pi.sn'], this.vcpu.where, this.vcpu.vmId, this.sim.sid('vCPU scheduled out: SN = 1'), 0);
  }

  onScheduledIn(): void {
    if (!this.pid.sn) return;
    this.pid.setSn(false);
    this.sim.hop(0, this.k['kvm.pi.sn'], this.vcpu.where, this.vcpu.vmId, this.sim.sid('vCPU scheduled in: SN = 0'), 0);
  }

  /** pi_wakeup_handler: the wake-up vector found this blocked vCPU's descriptor with ON set. */
  wakeUp(): void {
    const v = this.vcpu;
    if (v.state === 'halted' && this.pid.on) v.kick(this.firstPirFlow(), v.pcpu.where);
  }

  /** The IRTE of a VFIO vector aimed at this vCPU goes to posted mode: the IOMMU posts into this descriptor. */
  irqBypass(remapper: InterruptRemapper, key: string, irte: () => Irte, guestVector: number, sid: number): Irte {
    const e = irte();
    e.programPosted(guestVector, this.pda, sid);
    remapper.post(key, e, this.pda, this.pid, this);
    return e;
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

  private firstPirFlow(): number {
    for (const g of this.pirFlows.values()) if (g[0]) return g[0];
    return 0;
  }

  /** PIR → vIRR (the flows of each bit go with it), ON cleared. */
  private syncPir(): void {
    const v = this.vcpu;
    for (const vector of this.pid.takePir()) {
      const flows = this.pirFlows.get(vector) ?? [];
      const r = this.toVirr.send(vector, this.pirLevel.has(vector), flows);
      if (r.coalesced) {
        const detail = this.sim.sid(`vIRR 0x${vector.toString(16)} already pending: merged into flow ${r.intoFlow}`);
        for (const f of flows) this.sim.hop(f, this.k['kvm.vlapic.coalesce'], v.where, v.vmId, detail, 0);
      }
    }
    this.pirFlows.clear();
    this.pirLevel.clear();
  }
}
