// The split irqchip (vms[i].irqchip: split): the IOAPIC (and PIC) in QEMU, the LAPICs in KVM (KVM_CAP_SPLIT_IRQCHIP).
// - Routes: QEMU turns each unmasked redirection entry into an MSI route for its GSI (hw/intc/ioapic.c
//   ioapic_update_kvm_routes → kvm_irqchip_update_msi_route), carrying the entry's vector, destination and trigger
//   mode. An irqfd on an IOAPIC pin's GSI therefore injects an MSI, inline from its wake-up (kvm_set_msi: no
//   workqueue, unlike an IOAPIC route of the kernel irqchip). KVM rescans the vCPUs' EOI-exit bitmaps from the MSI
//   routes of the reserved IOAPIC pins (arch/x86/kvm/irq_comm.c kvm_scan_ioapic_routes: level routes whose
//   destination matches).
// - A pin QEMU raises (pci_irq_assert, from its own device models or VFIO's slow path) goes through QEMU's IOAPIC:
//   ioapic_set_irq → ioapic_service, which sets Remote IRR for a level pin and injects with KVM_IRQ_LINE on the GSI
//   (its MSI route). A falling level only clears the pin in QEMU.
// - The EOI of a vector KVM's IOAPIC-handled bitmap holds is not handled in the kernel: kvm_ioapic_send_eoi sets
//   pending_ioapic_eoi and KVM_REQ_IOAPIC_EOI_EXIT (arch/x86/kvm/lapic.c), so the vCPU's KVM_RUN returns
//   KVM_EXIT_IOAPIC_EOI and QEMU's vCPU thread runs ioapic_eoi_broadcast (target/i386/kvm/kvm.c
//   kvm_arch_handle_exit). There, for each level pin with that vector, QEMU first kicks the pin's resamplefd
//   (accel/kvm/kvm-all.c kvm_resample_fd_notify, Peter Xu's QEMU 5.0 series: an irqfd that bypassed QEMU's IOAPIC
//   left its Remote IRR clear), then clears Remote IRR and services a pin still asserted.
// As a part of the wiring it is QEMU's IOAPIC model's node ("vm0/ioapic", labelled as QEMU's): GSIs come in at its
// pins, the vCPUs' EOI exits at `eoi-exit`, its messages go out at `kvm-irq-line` into the VM's APIC bus, and each
// registered resamplefd is an edge `resample` → the eventfd.
// Not modelled: the PIC, the IOAPIC's MMIO window as the guest programs it (entries are programmed when the machine
// is built), directed EOI (the guest's SPIV bit that suppresses the broadcast).
import type { CostModel } from '../../core/costModel';
import type { FlowGroup } from '../../core/flows';
import type { Simulator } from '../../core/simulator';
import { inPort, outPort, type InPort, type OutPort } from '../../core/wires';
import type { MsiMessage } from '../../hw/pci/msiMessage';
import { Ioapic } from '../../hw/x86/ioapic';
import { IOAPIC_PINS } from '../../hw/x86/ioapicRegisters';
import type { Eventfd } from '../eventfd';
import type { MsiRoute } from '../kvm/irqfd';
import type { LevelEoi } from '../kvm/kvmIrqchip';
import type { KvmSetMsi, Vm } from '../kvm/vm';
import { silentStep, timedStep, type Step } from '../step';
import type { VmmIrqLine } from './irqLine';
import type { Vmm } from './vmm';

export class QemuIoapic implements VmmIrqLine {
  readonly label = 'split irqchip';
  readonly ioapic: Ioapic;
  /** KVM_EXIT_IOAPIC_EOI from a vCPU (its EOI exit of a level vector goes on here). */
  readonly eoiIn: InPort<LevelEoi>;
  /** KVM_IRQ_LINE on a GSI whose route is an MSI: kvm_set_msi into the VM. */
  private readonly irqLineOut: OutPort<KvmSetMsi>;
  private readonly resamplefds = new Map<number, Eventfd>();
  private readonly k;
  private readonly vmId: number;
  /** Messages QEMU's IOAPIC sent during a level change or EOI: injected with KVM_IRQ_LINE right after. */
  private fired: { pin: number; msg: MsiMessage; flows: FlowGroup }[] = [];

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly vm: Vm, private readonly vmm: Vmm) {
    // QEMU's IOAPIC: version 0x20 and an invalid index reading 0 (hw/intc/ioapic.c ioapic_mem_read), as the physical one.
    this.ioapic = new Ioapic(`${vm.name}/ioapic`, vm.name, 'ioapic', true, { onRteWrite: () => this.scanRoutes() });
    this.ioapic.node.label = `${vm.name} IOAPIC (QEMU, split irqchip)`;
    this.k = sim.kinds(['vmm.ioapic.set_irq', 'vmm.ioapic.eoi', 'vmm.irq.inject', 'vmm.resamplefd.kick']);
    this.vmId = sim.sid(vm.name);
    const node = this.ioapic.node;
    this.sim.wires.connect(this.ioapic.msi, inPort(node, 'service', 'msi', (pin: number, msg: MsiMessage, flows: FlowGroup) => { this.fired.push({ pin, msg, flows }); }));
    this.irqLineOut = outPort<KvmSetMsi>(node, 'kvm-irq-line', 'msi', (where) => silentStep(where, {}));
    sim.wires.connect(this.irqLineOut, vm.msiIn);
    this.eoiIn = inPort<LevelEoi>(node, 'eoi-exit', 'eoi', (vector, where, flow) => this.eoiExitSteps(vector, where, flow));
    for (const v of vm.vcpus) sim.wires.connect(v.levelEoiOut, this.eoiIn);
    this.scanRoutes();
  }

  /** The MSI route QEMU programs for `pin` (ioapic_update_kvm_routes): a masked entry has none. */
  route(pin: number): MsiRoute {
    return () => {
      const e = this.ioapic.rte(pin);
      if (e.masked) return { blocked: `IOAPIC pin ${pin} masked in QEMU: no MSI route` };
      const msg: MsiMessage = { destId: e.destination, vector: e.vector, level: e.level };
      if (e.logical) msg.logical = true;
      return msg;
    };
  }

  /** kvm_resample_fd_insert: the resamplefd QEMU kicks from its EOI of `gsi` (split irqchip's resample path). */
  addResamplefd(gsi: number, efd: Eventfd): void {
    this.resamplefds.set(gsi, efd);
    this.sim.wires.connect(outPort(this.ioapic.node, `resample gsi${gsi}`, 'eventfd', () => []), efd.addIn);
  }

  pinPort(pin: number): InPort {
    return this.ioapic.pins[pin]!;
  }

  /** pci_irq_assert / deassert in QEMU: ioapic_set_irq, and for a pin that fires, KVM_IRQ_LINE on its MSI route. */
  setIrqSteps(pin: number, level: boolean, flows: FlowGroup, where: number, flow: number): Step[] {
    return [timedStep(this.costs, this.k['vmm.ioapic.set_irq'], 'vmm.ioapic', where, flow, this.sim.sid(`QEMU IOAPIC pin ${pin} level ${level ? 1 : 0}`), {
      vm: this.vmId,
      then: () => this.ioapic.setPin(pin, level, () => flows, where),
      next: () => this.injectFired(where, flow),
    })];
  }

  /** kvm_scan_ioapic_routes: each vCPU's EOI-exit bitmap holds the vectors of level routes that reach it. */
  scanRoutes(): void {
    for (const v of this.vm.vcpus) {
      const vectors: number[] = [];
      for (let pin = 0; pin < IOAPIC_PINS; pin++) {
        const e = this.ioapic.rte(pin);
        if (e.masked || !e.level) continue;
        if (v.vlapic.matchesDestination(e.destination, e.logical) || v.vlapic.testIsr(e.vector)) vectors.push(e.vector);
      }
      v.loadEoiExitmap(vectors);
    }
  }

  /** KVM_EXIT_IOAPIC_EOI on the vCPU's thread: QEMU's ioapic_eoi_broadcast, then KVM_RUN again. */
  private eoiExitSteps(vector: number, where: number, flow: number): Step[] {
    const vec = `vector 0x${vector.toString(16)}`;
    return this.vmm.exitSteps(where, 'KVM_EXIT_IOAPIC_EOI', flow, vec, () => {
      const kicks: Eventfd[] = [];
      return [timedStep(this.costs, this.k['vmm.ioapic.eoi'], 'vmm.ioapic', where, flow, this.sim.sid(`ioapic_eoi_broadcast ${vec}`), {
        vm: this.vmId,
        then: () => {
          for (let pin = 0; pin < IOAPIC_PINS; pin++) {
            const e = this.ioapic.rte(pin);
            const efd = this.resamplefds.get(pin);
            if (efd && e.level && e.vector === vector) kicks.push(efd);
          }
          this.ioapic.eoi(vector, undefined, where);
        },
        next: () => [...kicks.flatMap((efd) => this.kickSteps(efd, where, flow)), ...this.injectFired(where, flow)],
      })];
    });
  }

  /** kvm_resample_fd_notify → event_notifier_set: a write(2) whose inline waiters (VFIO's virqfd unmask) run here. */
  private kickSteps(efd: Eventfd, where: number, flow: number): Step[] {
    return [timedStep(this.costs, this.k['vmm.resamplefd.kick'], 'vmm.eventfd.write', where, flow, this.sim.sid(`kvm_resample_fd_notify: ${efd.name} += 1`), {
      vm: this.vmId,
      next: () => efd.addIn.fn(1n, [], where),
    })];
  }

  /** ioapic_service in split mode: each pin that fired is injected with KVM_IRQ_LINE (its MSI route). */
  private injectFired(where: number, flow: number): Step[] {
    const fired = this.fired;
    this.fired = [];
    return fired.flatMap(({ pin, msg, flows }) => [
      timedStep(this.costs, this.k['vmm.irq.inject'], 'vmm.ioctl.irq_line', where, flows[0] ?? flow, this.sim.sid(`KVM_IRQ_LINE GSI ${pin} → MSI route vector 0x${msg.vector.toString(16)}`), { vm: this.vmId }),
      this.irqLineOut.send(where, msg, flows),
    ]);
  }
}
