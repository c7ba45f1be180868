// PV EOI (vms[i].pvEoi: on; KVM_FEATURE_PV_EOI, facts F8): a paravirtual EOI on top of emulated delivery. The guest
// registers a per-CPU word with MSR_KVM_PV_EOI_EN; at each entry that injects, KVM sets its flag when the EOI needs
// no exit: nothing else pending in the vIRR and a vector the IOAPIC does not handle (apic_sync_pv_eoi_to_guest:
// !irr_pending, highest_isr_cache set, !kvm_ioapic_handles_vector; arch/x86/kvm/lapic.c). The guest's EOI then
// clears the flag instead of writing the EOI register (arch/x86/kernel/kvm.c kvm_guest_apic_eoi_write): no exit.
// KVM notices at the vCPU's next exit (apic_sync_pv_eoi_from_guest → apic_set_eoi, from kvm_lapic_sync_from_vapic).
// Any exit while the flag is set makes KVM withdraw it (pv_eoi_clr_pending) and decide again at the entry: an
// interrupt that arrived meanwhile keeps it clear, so the guest's EOI exits and KVM injects the next one.
// The model clears the vISR when the guest clears its flag: every later interrupt reaches the vCPU through an exit,
// whose sync runs before the injection, so no injection sees the difference; the sync's cost is recorded at the next
// entry (`kvm.pveoi.sync`). A flag KVM did not set (a level vector, another interrupt pending) leaves the EOI to
// emulated delivery: the EOI exit.
// Not modelled: PV EOI under APICv (KVM never sets the flag there: apic_set_isr leaves highest_isr_cache at -1),
// the MSR write that enables it (done before the run).
import type { CostModel } from '../../../core/costModel';
import type { Simulator } from '../../../core/simulator';
import type { InterruptRemapper } from '../../../hw/x86/interruptRemapper';
import type { Irte } from '../../../hw/x86/irte';
import { silentStep, timedStep, type Step } from '../../step';
import type { ApicAccess, DeliveryStrategy, DeliveryVcpu, VcpuDelivery } from './delivery';

export class PvEoiDelivery implements DeliveryStrategy {
  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly base: DeliveryStrategy) {}

  forVcpu(vcpu: DeliveryVcpu): VcpuDelivery {
    return new PvEoiVcpuDelivery(this.sim, this.costs, vcpu, this.base.forVcpu(vcpu));
  }
}

class PvEoiVcpuDelivery implements VcpuDelivery {
  /** KVM_APIC_PV_EOI_PENDING: the guest's flag is set for the vector in service. */
  private flagSet = false;
  /** The guest cleared its flag: KVM reads it back at the next exit. */
  private syncPending = false;
  /** apic->highest_isr_cache: the vector injected last, until an EOI (-1). */
  private isrCache = -1;
  private readonly k;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly vcpu: DeliveryVcpu, private readonly base: VcpuDelivery) {
    this.k = sim.kinds(['kvm.pveoi.set', 'kvm.pveoi.sync', 'guest.pveoi.clear']);
  }

  get injectIn() { return this.base.injectIn; }
  get registerFiles() { return this.base.registerFiles; }

  /**
   * At every entry, for the exit before it: apic_sync_pv_eoi_from_guest reads the flag back (the guest cleared it:
   * apic_set_eoi; still set: KVM withdraws it, pv_eoi_clr_pending); then apic_sync_pv_eoi_to_guest may set it again
   * for the vector still in service (a re-entry into its handler).
   */
  entrySyncSteps(): Step[] {
    const v = this.vcpu;
    return [silentStep(v.where, {
      next: () => {
        const steps: Step[] = [];
        if (this.syncPending || this.flagSet) {
          const detail = this.syncPending ? 'PV EOI flag cleared by the guest: apic_set_eoi' : 'PV EOI flag still set: withdrawn (pv_eoi_clr_pending)';
          this.syncPending = false;
          this.flagSet = false;
          steps.push(timedStep(this.costs, this.k['kvm.pveoi.sync'], 'kvm.pveoi.sync', v.where, 0, this.sim.sid(detail), { vm: v.vmId }));
        }
        return [...steps, ...this.syncToGuest(0)];
      },
    }), ...this.base.entrySyncSteps()];
  }

  /** After the injection of `vector` (apic_set_isr: the ISR cache holds it), before the entry. */
  injectedSteps(vector: number, flow: number): Step[] {
    return [silentStep(this.vcpu.where, {
      next: () => {
        this.isrCache = vector;
        return this.syncToGuest(flow);
      },
    })];
  }

  /** apic_sync_pv_eoi_to_guest: the flag when nothing else is pending and the vector is not the IOAPIC's. */
  private syncToGuest(flow: number): Step[] {
    const v = this.vcpu;
    const vector = this.isrCache;
    if (this.flagSet || vector < 0 || v.vlapic.highestIrr() >= 0 || v.eoiExits(vector)) return [];
    this.flagSet = true;
    return [timedStep(this.costs, this.k['kvm.pveoi.set'], 'kvm.pveoi.set', v.where, flow, this.sim.sid(`vector 0x${vector.toString(16)}: PV EOI flag set`), { vm: v.vmId })];
  }

  guestDeliverySteps(): Step[] | null {
    return this.base.guestDeliverySteps();
  }

  /**
   * The guest's kvm_guest_apic_eoi_write: clear the flag if KVM set it, else write the EOI register. Decided when the
   * guest gets there (an exit during its handler may have withdrawn the flag).
   */
  eoiSteps(flow: number, vector: number, vec: string, access?: ApicAccess): Step[] {
    const v = this.vcpu;
    return [silentStep(v.where, {
      level: 'guest',
      next: () => {
        this.isrCache = -1;
        if (!this.flagSet) return this.base.eoiSteps(flow, vector, vec, access);
        this.flagSet = false;
        return [timedStep(this.costs, this.k['guest.pveoi.clear'], 'guest.pveoi.clear', v.where, flow, this.sim.sid(`${vec}: PV EOI, no exit`), {
          vm: v.vmId, level: 'guest',
          then: () => { this.syncPending = true; v.vlapic.virtualizedEoi(); },
        })];
      },
    })];
  }

  apicReadSteps(flow: number, what: string): Step[] { return this.base.apicReadSteps(flow, what); }
  holdsPending(): boolean { return this.base.holdsPending(); }
  onBlock(): void { this.base.onBlock(); }
  onWake(): void { this.base.onWake(); }
  takeInGuest(vector: number): boolean { return this.base.takeInGuest(vector); }
  onScheduledOut(): void { this.base.onScheduledOut(); }
  onScheduledIn(): void { this.base.onScheduledIn(); }
  wakeUp(): void { this.base.wakeUp(); }
  irqBypass(remapper: InterruptRemapper, key: string, irte: () => Irte, guestVector: number, sid: number): Irte | null {
    return this.base.irqBypass(remapper, key, irte, guestVector, sid);
  }
}
