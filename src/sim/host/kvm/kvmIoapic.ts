// KVM's in-kernel virtual IOAPIC for one VM: GSIs routed to its pins (irqchip routes), the guest-programmed RTEs
// (the same declaration as the physical IOAPIC, in a virtual register file), and the EOI of a level pin running the
// irq ack notifiers (the irqfd resamplers, facts §B.5).
// As a part of the wiring it is the IOAPIC model's node ("vm0/ioapic"): GSIs come in at `gsi` (level irqfds), the
// vCPUs' EOI exits of level vectors at `eoi`, and its ack notifications go out at `ack`. Its messages (the model's
// `msi` out-port) are connected to the VM's delivery into the vLAPICs.
// Where KVM differs from a physical IOAPIC (arch/x86/kvm/ioapic.c): VER reads IOAPIC_VERSION_ID 0x11 with 24 entries
// (ioapic_read_indirect); an entry switched to edge has Remote IRR cleared (ioapic_write_indirect); and the storm
// guard of __kvm_ioapic_update_eoi: after IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT successive EOIs that each re-inject a
// still-asserted pin, the next re-injection is left to the eoi_inject work, HZ / 100 (10 ms) later
// (kvm_ioapic_eoi_inject_work).
// Each guest write of an entry (and each ack notifier registered) rescans the vCPUs' EOI-exit bitmaps
// (kvm_make_scan_ioapic_request → kvm_ioapic_scan_entry): a pin routed as level, or with an ack notifier, or the RTC's
// GSI 8, puts its vector in the bitmap of each vCPU its destination matches (or that has the vector pending).
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import { fanOutPort, inPort, type InPort, type OutPort } from '../../core/wires';
import { Ioapic } from '../../hw/x86/ioapic';
import type { Lapic } from '../../hw/x86/lapic';
import { IOAPIC_PINS, KVM_IOAPIC_REGS } from '../../hw/x86/ioapicRegisters';
import { timedStep, type Step } from '../step';
import type { AckNotifier, KvmIrqchip, LevelEoi, SetIrqStep } from './kvmIrqchip';
import type { Vm } from './vm';

/** IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT (arch/x86/kvm/ioapic.c). */
export const IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT = 10_000;
/** schedule_delayed_work(&ioapic->eoi_inject, HZ / 100): a hundredth of a second, whatever HZ is. */
export const EOI_INJECT_DELAY_NS = 10_000_000;
/** RTC_GSI (arch/x86/kvm/ioapic.h): always scanned, as KVM tracks the RTC's EOIs. */
export const RTC_GSI = 8;

export class KvmIoapic implements KvmIrqchip {
  readonly ioapic: Ioapic;
  /** arch/x86/kvm/irq_comm.c kvm_arch_set_irq_inatomic: an IOAPIC route is -EWOULDBLOCK (irqfd defers it). */
  readonly atomicInjection = false;
  private readonly ackNotifiers = new Map<number, AckNotifier>();
  private readonly kEoi;
  private readonly kSetIrq;
  private readonly vmId: number;
  readonly gsiIn: InPort<SetIrqStep>;
  /** A vCPU's EOI exit for a level vector (kvm_ioapic_send_eoi). */
  readonly eoiIn: InPort<LevelEoi>;
  /** The ack notifiers, by pin. */
  private readonly ackOut: OutPort<AckNotifier>;
  /** ioapic->irq_eoi: successive EOIs of each pin that re-injected it. */
  private readonly successiveEois = new Array<number>(IOAPIC_PINS).fill(0);
  private readonly kDelayed;
  /** The CPU context of the latest EOI (where the delayed work's hop is recorded). */
  private lastEoiWhere = 0;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly vm: Vm) {
    this.ioapic = new Ioapic(`${vm.name}/ioapic`, vm.name, 'ioapic', true, {
      regs: KVM_IOAPIC_REGS, edgeClearsRemoteIrr: true, invalidIndexReadsOnes: true, afterEoi: (pin, pending) => this.stormGuard(pin, pending),
      onRteWrite: () => this.scanIoapic(),
    });
    this.kDelayed = sim.kind('kvm.ioapic.eoi.delayed');
    this.kEoi = sim.kind('kvm.ioapic.eoi');
    this.kSetIrq = sim.kind('kvm.ioapic.set_irq');
    this.vmId = sim.sid(vm.name);
    const node = this.ioapic.node;
    this.gsiIn = inPort<SetIrqStep>(node, 'gsi', 'irq', (pin, level, flows, where, flow) => this.setIrqStep(pin, level, flows, where, flow));
    this.eoiIn = inPort<LevelEoi>(node, 'eoi', 'eoi', (vector, where, flow) => [timedStep(costs, this.kEoi, 'kvm.ioapic.eoi', where, flow, sim.vectorSid(vector), {
      vm: this.vmId, next: () => this.eoi(vector, where, flow),
    })]);
    this.ackOut = fanOutPort(node, 'ack', 'eoi');
    this.scanIoapic();
  }

  /** kvm_make_scan_ioapic_request: every vCPU reloads its EOI-exit bitmap. */
  scanIoapic(): void {
    for (const v of this.vm.vcpus) v.loadEoiExitmap(this.scanEntry(v.vlapic));
  }

  /** kvm_ioapic_scan_entry: the vectors whose EOI KVM's IOAPIC must see from the vCPU with this vLAPIC. */
  scanEntry(vlapic: Lapic): number[] {
    const out: number[] = [];
    for (let pin = 0; pin < IOAPIC_PINS; pin++) {
      const e = this.ioapic.rte(pin);
      if (!e.level && !this.ackNotifiers.has(pin) && pin !== RTC_GSI) continue;
      if (vlapic.matchesDestination(e.destination, e.logical) || vlapic.testIrr(e.vector) || vlapic.testIsr(e.vector)) out.push(e.vector);
    }
    return out;
  }

  /** kvm_irq_register_ack_notifier for a pin (the resampler of a level irqfd). */
  onAck(pin: number, n: InPort<AckNotifier>): void {
    this.ackNotifiers.set(pin, n.fn);
    this.sim.wires.connect(this.ackOut, n);
    // kvm_arch_post_irq_ack_notifier_list_update
    this.scanIoapic();
  }

  /** kvm_set_irq on an irqchip route: a step that sets the pin's level (and delivers if it fires). */
  setIrqStep(pin: number, level: boolean, flows: FlowGroup, where: number, flow: number): Step {
    return timedStep(this.costs, this.kSetIrq, 'kvm.ioapic.set_irq', where, flow, this.sim.sid(`GSI ${pin} level ${level ? 1 : 0}`), {
      then: () => this.ioapic.setPin(pin, level, () => flows, where),
    });
  }

  /** A GSI level change from KVM's own code (the resampler's de-assert), with no step of its own. */
  setIrqNow(pin: number, level: boolean, where: number): void {
    this.ioapic.setPin(pin, level, () => [], where);
  }

  /** __kvm_ioapic_update_eoi: each pin EOIed runs its ack notifier first (in this context), then may fire again. */
  private eoi(vector: number, where: number, flow: number): Step[] {
    this.lastEoiWhere = where;
    const steps: Step[] = [];
    this.ioapic.eoi(vector, (pin) => { steps.push(...(this.ackNotifiers.get(pin)?.(pin, where, flow) ?? [])); }, where);
    return steps;
  }

  /**
   * __kvm_ioapic_update_eoi after Remote IRR cleared: count the successive re-injections of a pin; the
   * IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT-th is not made now but by the eoi_inject work 10 ms later.
   */
  private stormGuard(pin: number, pending: boolean): boolean {
    if (!pending) {
      this.successiveEois[pin] = 0;
      return true;
    }
    if (++this.successiveEois[pin]! < IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT) return true;
    this.successiveEois[pin] = 0;
    const sim = this.sim;
    sim.hop(0, this.kDelayed, this.lastEoiWhere, this.vmId,
      sim.sid(`pin ${pin}: ${IOAPIC_SUCCESSIVE_IRQ_MAX_COUNT} successive EOIs re-injected it, next in 10 ms (eoi_inject work)`), 0);
    sim.after(EOI_INJECT_DELAY_NS, () => this.eoiInjectWork());
    return false;
  }

  /** kvm_ioapic_eoi_inject_work: every level pin asserted with Remote IRR clear is serviced. */
  private eoiInjectWork(): void {
    for (let pin = 0; pin < IOAPIC_PINS; pin++) if (this.ioapic.rte(pin).level) this.ioapic.service(pin);
  }
}
