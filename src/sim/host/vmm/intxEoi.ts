// The design switch of an assigned device's INTx (devices[i].intxEoi): how the guest's end of an interrupt gets back
// to VFIO's unmask, decided once when the device is wired. Facts §B.4, §B.5, F7; Peter Xu, "[PATCH v4 0/5] vfio/pci:
// Fix up breakage against split irqchip and INTx" (QEMU 5.0, cover letter with the TCP_RR matrix).
// - resamplefd (the kernel irqchip's fast path, QEMU's vfio_intx_enable_kvm): VFIO's trigger is a KVM level irqfd with
//   KVM_IRQFD_FLAG_RESAMPLE and KVM's resamplefd is VFIO's unmask eventfd; KVM's IOAPIC EOI de-asserts the GSI and
//   signals it, and virqfd unmasks inline in that EOI exit. QEMU never runs (qemuVfio.ts enableIntxFastPath).
// - qemu-trapped (the slow path: x-no-kvm-intx, or a split irqchip before QEMU 5.0): QEMU's main loop reads the
//   trigger eventfd (hw/vfio/pci.c vfio_intx_interrupt: intx.pending, pci_irq_assert, and the BAR mmaps disabled so
//   that every BAR access traps); the pin goes through the VM's irqchip (KVM_IRQ_LINE, or QEMU's IOAPIC under split);
//   a BAR access while the INTx is pending is taken as its EOI (hw/vfio/common.c vfio_region_read / _write call
//   vfio_eoi after the access: vfio_intx_eoi de-asserts the pin and unmasks with VFIO_DEVICE_SET_IRQS,
//   vfio_unmask_single_irqindex). The guest handler's BAR accesses are MMIO exits to QEMU on the vCPU thread. Under a
//   split irqchip the guest's EOI also exits to QEMU's IOAPIC (KVM_EXIT_IOAPIC_EOI).
// - split-resamplefd (Peter Xu's series, QEMU 5.0): with a split irqchip KVM refuses a RESAMPLE irqfd (kernels ≥ 5.2,
//   commit 654f1f13ea56), so QEMU registers a plain irqfd on the pin's MSI route (kvm_irqchip_assign_irqfd: the
//   resamplefd is kept in kvm_resample_fd_list instead) and kicks the resamplefd from its IOAPIC's EOI broadcast
//   (kvm_resample_fd_notify): injection stays in the kernel, the EOI makes one trip to QEMU, and VFIO unmasks
//   inline in QEMU's write to the resamplefd.
// The BAR accesses of the guest driver's handler, for the trapped path: the lab's NIC is an 82574L (8086:10d3), driven
// by e1000e (drivers/net/ethernet/intel/e1000e/netdev.c): e1000_intr reads its interrupt cause (ICR, read to clear,
// which also auto-masks), and once NAPI's poll is done e1000_irq_enable writes IMS and flushes the write with a read of
// STATUS (e1e_flush) — three accesses per interrupt. (The RX tail write comes once per 16 buffers refilled,
// E1000_RX_BUFFER_WRITE, and the ITR write only when the dynamic ITR changes: not modelled per interrupt.)
// Not modelled: mmap re-enabling after x-intx-mmap-timeout-ms (1,100 ms without an interrupt), the time the memory
// transaction that disables the mmaps takes (once, at the first interrupt).
import type { CostModel } from '../../core/costModel';
import type { FlowGroup } from '../../core/flows';
import type { Simulator } from '../../core/simulator';
import { inPort, outPort } from '../../core/wires';
import type { Eventfd } from '../eventfd';
import { Irqfd } from '../kvm/irqfd';
import type { KvmIoapic } from '../kvm/kvmIoapic';
import type { Vcpu } from '../kvm/vcpu';
import type { Vm } from '../kvm/vm';
import type { PCpu } from '../pcpu';
import { instantStep, silentStep, timedStep, type Step } from '../step';
import type { VfioIntx } from '../vfio/vfioIntx';
import type { VfioPciIrqs } from '../vfio/vfioPciIrqs';
import {
  VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_IRQ_SET_ACTION_UNMASK, VFIO_IRQ_SET_DATA_EVENTFD, VFIO_IRQ_SET_DATA_NONE, VFIO_PCI_INTX_IRQ_INDEX,
} from '../vfio/vfioUapi';
import type { VmmIrqLine } from './irqLine';
import { enableIntxFastPath } from './qemuVfio';
import type { QemuIoapic } from './qemuIoapic';
import type { Vmm } from './vmm';

export type IntxEoiMode = 'resamplefd' | 'qemu-trapped' | 'split-resamplefd';
export const INTX_EOI_MODES: readonly IntxEoiMode[] = ['resamplefd', 'qemu-trapped', 'split-resamplefd'];

/** The guest handler's accesses to its device's BAR (see the header). */
export const GUEST_INTX_BAR_ACCESSES: readonly { op: 'read' | 'write'; register: string }[] = [
  { op: 'read', register: 'ICR (interrupt cause, read to clear)' },
  { op: 'write', register: 'IMS (interrupt mask set: re-enable)' },
  { op: 'read', register: 'STATUS (e1e_flush: the IMS write posted)' },
];

/** What a path needs from the wiring: the device's VFIO side, its VM and the VM's irqchip as QEMU sees it. */
export interface IntxEoiSetup {
  sim: Simulator;
  costs: CostModel;
  irqs: VfioPciIrqs;
  vfio: VfioIntx;
  vm: Vm;
  trigger: Eventfd;
  resamplefd: Eventfd;
  gsi: number;
  /** The CPU QEMU's setup ioctls run on (today's fast path: the device's host CPU). */
  cpu: PCpu;
  masking: string;
  failed: (call: string, error: string) => void;
  /** The kernel irqchip's IOAPIC (irqchip kernel). */
  kvmIoapic?: KvmIoapic;
  /** QEMU's IOAPIC (irqchip split). */
  qemuIoapic?: QemuIoapic;
  /** How QEMU drives the pin (made on first use). */
  irqLine: () => VmmIrqLine;
  /** The VM's QEMU (made on first use). */
  vmm: () => Vmm;
}

export interface IntxEoiPath {
  readonly mode: IntxEoiMode;
  /** At the device's load time: what QEMU sets up (eventfds, KVM_IRQFD, VFIO_DEVICE_SET_IRQS). */
  enable(o: IntxEoiSetup): void;
  /** The guest handler's work after its body on `vcpu` (trapped BAR accesses), or undefined when none traps. */
  handlerBody(o: IntxEoiSetup, vcpu: Vcpu): (() => Step[]) | undefined;
}

const resamplefd: IntxEoiPath = {
  mode: 'resamplefd',
  enable: (o) => enableIntxFastPath(o.sim, o.costs, {
    irqs: o.irqs, vm: o.vm.name, trigger: o.trigger, resamplefd: o.resamplefd, gsi: o.gsi, irqchip: o.kvmIoapic!, cpu: o.cpu, masking: o.masking, failed: o.failed,
  }),
  handlerBody: () => undefined,
};

/** VFIO_DEVICE_SET_IRQS for the trigger, with -EBUSY reported as the fast path reports it. */
function setTrigger(o: IntxEoiSetup, cpu: PCpu, what: string): { ok: boolean; steps: Step[] } {
  const { sim } = o;
  const device = o.irqs.fn.device;
  const trig = o.irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index: VFIO_PCI_INTX_IRQ_INDEX, start: 0, count: 1, data: [o.trigger] }, cpu);
  if (trig.ok) return { ok: true, steps: trig.steps };
  if (trig.errno !== '-EBUSY') throw new Error(`${device}: VFIO_DEVICE_SET_IRQS refused: ${trig.why}`);
  const call = 'VFIO_DEVICE_SET_IRQS (INTx trigger)';
  o.failed(call, `${trig.errno}: ${trig.why}`);
  return { ok: false, steps: [...(trig.steps ?? []), instantStep(sim.kind('vfio.intx.enable'), cpu.where, 0,
    sim.sid(`${device}: ${call} failed ${trig.errno}; QEMU cannot set up INTx (${what}): ${device} is not realized in ${o.vm.name}`))] };
}

/** QEMU's slow path: its main loop takes the interrupt, a trapped BAR access is its EOI. */
class QemuTrapped implements IntxEoiPath {
  readonly mode = 'qemu-trapped' as const;
  /** vdev->intx.pending */
  private pending = false;
  /** The BAR mmaps are disabled (from the first interrupt on). */
  private trapped = false;
  /** The flow of the interrupt QEMU asserted last (its BAR accesses are charged to it). */
  private flow = 0;

  enable(o: IntxEoiSetup): void {
    const { sim } = o;
    const vmm = o.vmm();
    const cpu = vmm.pcpu;
    const device = o.irqs.fn.device;
    const kEnable = sim.kind('vfio.intx.enable');
    cpu.wakeThread(() => [instantStep(kEnable, cpu.where, 0, sim.sid(`${device}: VFIO_DEVICE_SET_IRQS INTx trigger read by QEMU's main loop (slow path, ${o.irqLine().label}), for ${o.vm.name} (${o.masking} masking)`), {
      next: () => {
        const r = setTrigger(o, cpu, 'slow path');
        if (r.ok) vmm.watch(o.trigger, (flows, where) => this.interrupt(o, flows, where));
        // On the graph: QEMU drives the pin, and unmasks through VFIO_DEVICE_SET_IRQS.
        sim.wires.connect(outPort(vmm.node, `pci_irq ${device}`, 'irq', () => {}), o.irqLine().pinPort(o.gsi));
        sim.wires.connect(outPort(vmm.node, `unmask ${device}`, 'call', () => {}), inPort(o.vfio.node, 'set-irqs unmask', 'call', () => {}));
        // The guest's other BAR writes (a doorbell) trap too once the mmaps are disabled.
        vmm.setBarTrap(device, (vcpu, flow) => (this.trapped ? this.barAccess(o, vcpu, 'write', 'doorbell', flow) : []));
        return r.steps;
      },
    })]);
  }

  /** vfio_intx_interrupt on QEMU's main loop. */
  private interrupt(o: IntxEoiSetup, flows: FlowGroup, where: number): Step[] {
    const { sim } = o;
    const vmId = sim.sid(o.vm.name);
    const device = o.irqs.fn.device;
    const flow = flows[0] ?? 0;
    this.flow = flow;
    const steps: Step[] = [instantStep(sim.kind('vmm.vfio.intx'), where, flow, sim.sid(`${device}: INTx pending in QEMU, pci_irq_assert (GSI ${o.gsi})`), {
      vm: vmId, then: () => { this.pending = true; },
    })];
    if (!this.trapped) {
      this.trapped = true;
      steps.push(instantStep(sim.kind('vmm.vfio.mmap'), where, flow, sim.sid(`${device}: BAR mmaps disabled (vfio_mmap_set_enabled): the guest's BAR accesses trap to QEMU`), { vm: vmId }));
    }
    return [...steps, ...o.irqLine().setIrqSteps(o.gsi, true, flows, where, flow)];
  }

  handlerBody(o: IntxEoiSetup, vcpu: Vcpu): () => Step[] {
    return () => GUEST_INTX_BAR_ACCESSES.flatMap((a) => this.barAccess(o, vcpu, a.op, a.register));
  }

  /** A guest BAR access while the mmaps are disabled: an MMIO exit to QEMU, vfio_region_read/_write, then vfio_eoi. */
  barAccess(o: IntxEoiSetup, vcpu: Vcpu, op: 'read' | 'write', register: string, flow = this.flow): Step[] {
    const { sim, costs } = o;
    const vmm = o.vmm();
    const device = o.irqs.fn.device;
    const vmId = sim.sid(o.vm.name);
    const where = vcpu.where;
    return vmm.mmioExitSteps(vcpu, flow, `${device} BAR ${op} ${register}`, () => [
      timedStep(costs, sim.kind('vmm.vfio.region'), 'vmm.vfio.region', where, flow, sim.sid(`vfio_region_${op} ${device} ${register}`), { vm: vmId }),
      silentStep(where, { next: () => this.eoiSteps(o, vcpu) }),
    ]);
  }

  /** vfio_intx_eoi: only while the INTx is pending. */
  private eoiSteps(o: IntxEoiSetup, vcpu: Vcpu): Step[] {
    if (!this.pending) return [];
    const { sim, costs } = o;
    const device = o.irqs.fn.device;
    const vmId = sim.sid(o.vm.name);
    const flow = this.flow;
    const where = vcpu.where;
    return [
      instantStep(sim.kind('vmm.vfio.eoi'), where, flow, sim.sid(`${device}: BAR access while INTx pending = EOI (vfio_intx_eoi): pci_irq_deassert`), {
        vm: vmId, then: () => { this.pending = false; },
      }),
      ...o.irqLine().setIrqSteps(o.gsi, false, [], where, flow),
      timedStep(costs, sim.kind('vmm.vfio.unmask'), 'vmm.ioctl.set_irqs', where, flow, sim.sid(`${device}: VFIO_DEVICE_SET_IRQS INTx ACTION_UNMASK`), {
        vm: vmId,
        next: () => {
          const r = o.irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK, index: VFIO_PCI_INTX_IRQ_INDEX, start: 0, count: 1 }, vcpu.pcpu);
          if (!r.ok) throw new Error(`${device}: INTx unmask refused: ${r.why}`);
          return r.steps;
        },
      }),
    ];
  }
}

/** Peter Xu's QEMU 5.0 path: a plain irqfd on the pin's MSI route, the resamplefd kicked from QEMU's IOAPIC EOI. */
const splitResamplefd: IntxEoiPath = {
  mode: 'split-resamplefd',
  enable: (o) => {
    const { sim, costs } = o;
    const cpu = o.cpu;
    const device = o.irqs.fn.device;
    const split = o.qemuIoapic!;
    const kEnable = sim.kind('vfio.intx.enable');
    cpu.wakeThread(() => [instantStep(kEnable, cpu.where, 0, sim.sid(`${device}: VFIO_DEVICE_SET_IRQS INTx trigger + unmask eventfd, KVM_IRQFD on GSI ${o.gsi}'s MSI route (no RESAMPLE: split irqchip), resamplefd kicked by QEMU's IOAPIC, for ${o.vm.name} (${o.masking} masking)`), {
      next: () => {
        const r = setTrigger(o, cpu, 'split irqchip');
        if (!r.ok) return r.steps;
        const unmask = o.irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_UNMASK, index: VFIO_PCI_INTX_IRQ_INDEX, start: 0, count: 1, data: [o.resamplefd] }, cpu);
        if (!unmask.ok) throw new Error(`${device}: VFIO_DEVICE_SET_IRQS refused`);
        new Irqfd(sim, costs, o.trigger, o.gsi, o.vm, split.route(o.gsi)).assign();
        split.addResamplefd(o.gsi, o.resamplefd);
        return [...r.steps, ...unmask.steps];
      },
    })]);
  },
  handlerBody: () => undefined,
};

/** The one place the INTx EOI switch is decided (when the device is wired). */
export function createIntxEoiPath(mode: IntxEoiMode): IntxEoiPath {
  switch (mode) {
    case 'resamplefd': return resamplefd;
    case 'qemu-trapped': return new QemuTrapped();
    case 'split-resamplefd': return splitResamplefd;
  }
}

/** What QEMU picks when the scenario does not say: the kernel irqchip's fast path, or the split irqchip's kick. */
export function defaultIntxEoi(irqchip: 'kernel' | 'split'): IntxEoiMode {
  return irqchip === 'split' ? 'split-resamplefd' : 'resamplefd';
}
