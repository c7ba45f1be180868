// The i915 driver on a (v)GPU, as far as interrupts and GVT-g matter: what it reads and writes, and what it
// concludes. It sees only what a driver sees: its BAR through `GuestMmio` (register offsets from the hardware
// declarations), its PCI function through `GuestPci`, and its own state file. Where it runs, how an access traps and
// what it costs are the host side's (gvt/driverRunner.ts).
// - load (i915_driver_probe, as far as modelled): enable MSI (a guest's, on its virtual function), PV INFO detection,
//   fences and ballooning (i915Guest.ts), recorded in the state file (i915State.ts); then, when the vGPU is active,
//   the PV notifications (execlist context create through g2v, display ready); the interrupt enables of the render
//   engine's user and context-switch events, pipe A's vblank and flip-done (with a display) and the shared events
//   (IMR clear and IER set per group, events in `mask` kept masked in IMR but enabled in IER), the master enable,
//   and pipe A on (with a display).
// - a render request: the engine's execlist submission port takes one context descriptor (four dword writes).
// The same code is the host i915's own driver on its view of the GPU (XenGT-era design, seeds 000/002): it has no
// virtual MSI, uses no PV features and has no display.
// Not modelled: the rest of the driver's load (GuC, display probe, GEM), the contexts' contents, request retirement.
import type { RegisterFile } from '../core/registers';
import {
  CONTEXT_DESCRIPTOR, ELSP_ELEMENT, ELSP_OFFSET, ENGINE_EVENTS, eventField, GEN8_MASTER_IRQ, GGTT_LAYOUT, GPU_EVENTS, IMR_ALL_MASKED,
  IRQ_GROUP_INFO, MASTER_IRQ_CONTROL, PIPECONF, PIPECONF_OFFSET, type Engine, type GpuEvent, type IrqGroup,
} from '../hw/gpu/gen8Registers';
import { pvInfoOffset, VGT_DRV_DISPLAY, VGT_G2V } from '../hw/gpu/pvInfoRegisters';
import { probeI915Guest, type GuestMmio, type GuestProbe } from './i915Guest';
import { FENCES_STATE, recordProbe, VGPU_STATE } from './i915State';

/** The driver's PCI function as its kernel's PCI core offers it. */
export interface GuestPci {
  /** pci_enable_msi: the PCI core programs the MSI capability for `destId`/`vector` and enables it. */
  enableMsi(destId: number, vector: number): void;
}

export interface I915DriverOptions {
  /** The vGPU instance id: its execlist contexts are numbered from it. */
  vgpuId: number;
  /** The virtual MSI the driver asks for (a guest's vGPU), or null (the host's view: its MSI is the physical one). */
  msi: { destId: number; vector: number } | null;
  /** Uses the PV features when the PV INFO page says it runs on a vGPU (a guest's driver). */
  pvFeatures: boolean;
  /** Scans out on pipe A: enables the pipe and its vblank and flip-done events. */
  display: boolean;
  /** The engine its render requests run on. */
  engine: Engine;
  /** Events it keeps masked in IMR (enabled in IER). */
  mask: readonly GpuEvent[];
  /** Physical events no request owns, which it enables too. */
  shared: readonly GpuEvent[];
}

const PV_INFO_OUTCOME = ['not probed', 'gvt', 'native', 'version-mismatch'];

export class I915Driver {
  /** Render requests submitted so far. */
  requests = 0;
  probe: GuestProbe | null = null;

  constructor(readonly opts: I915DriverOptions, readonly state: RegisterFile) {}

  /** The PV INFO detection outcome recorded in the state file: not probed, gvt, native, version-mismatch. */
  get pvInfo(): string {
    return PV_INFO_OUTCOME[VGPU_STATE.outcome.num(this.state.get('VGPU'))]!;
  }

  /** The fence registers the driver uses (0 before its probe). */
  get fences(): number {
    return FENCES_STATE.count.num(this.state.get('FENCES'));
  }

  /** Driver load: MSI, PV INFO detection, fences, ballooning, then the boot writes (posted on `mmio`). */
  load(mmio: GuestMmio, pci: GuestPci): GuestProbe {
    const o = this.opts;
    // The guest programs its virtual MSI first (config space, through VFIO's config region).
    if (o.msi) pci.enableMsi(o.msi.destId, o.msi.vector);
    const probe = probeI915Guest(mmio, GGTT_LAYOUT);
    recordProbe(this.state, probe);
    this.probe = probe;
    this.bootWrites(mmio, probe.detect.active);
    return probe;
  }

  private bootWrites(mmio: GuestMmio, pvActive: boolean): void {
    const o = this.opts;
    if (pvActive && o.pvFeatures) {
      // PV features: tell GVT about the execlist context (g2v), and that the driver is ready for display.
      const ctx = descriptor(o.vgpuId + 1);
      mmio.write(pvInfoOffset('execlist_context_descriptor_lo'), ELSP_ELEMENT.lower.get(ctx));
      mmio.write(pvInfoOffset('execlist_context_descriptor_hi'), ELSP_ELEMENT.upper.get(ctx));
      mmio.write(pvInfoOffset('g2v_notify'), BigInt(VGT_G2V.EXECLIST_CONTEXT_CREATE));
      mmio.write(pvInfoOffset('display_ready'), BigInt(VGT_DRV_DISPLAY.READY));
    }
    // Interrupt enables: the render engine's user and context-switch events, the pipe A vblank and flip-done for
    // a driver with a display; events in `mask` stay masked in IMR (enabled in IER).
    const wanted: GpuEvent[] = [ENGINE_EVENTS[o.engine].user, ENGINE_EVENTS[o.engine].ctxSwitch];
    if (o.display) wanted.push('PIPE_A_VBLANK', 'PRIMARY_A_FLIP_DONE');
    wanted.push(...o.shared);
    // Per group, in the order the events first name it: IMR from all-masked with the wanted events cleared, IER set.
    const byGroup = new Map<IrqGroup, { imr: bigint; ier: bigint }>();
    for (const e of [...wanted, ...o.mask]) {
      const group = GPU_EVENTS[e].group;
      const bit = eventField(e);
      const x = byGroup.get(group) ?? { imr: IMR_ALL_MASKED, ier: 0n };
      x.ier = bit.set(x.ier, 1);
      if (!o.mask.includes(e)) x.imr = bit.set(x.imr, 0);
      byGroup.set(group, x);
    }
    for (const [g, x] of byGroup) {
      const at = IRQ_GROUP_INFO[g].at;
      mmio.write(at.imr, x.imr);
      mmio.write(at.ier, x.ier);
    }
    mmio.write(GEN8_MASTER_IRQ, MASTER_IRQ_CONTROL.of(1));
    if (o.display) mmio.write(PIPECONF_OFFSET.A, PIPECONF.ENABLE.of(1));
  }

  /** One render request: its context descriptor into the engine's execlist submission port (four posted dwords). */
  submit(mmio: Pick<GuestMmio, 'write'>): void {
    const o = this.opts;
    const elsp = ELSP_OFFSET[o.engine];
    const ctx = descriptor((o.vgpuId + 1) * 0x1000 + (++this.requests % 0x1000));
    // Element 1 (invalid: zero) then element 0, each upper dword first.
    for (const dw of [0n, 0n, ELSP_ELEMENT.upper.get(ctx), ELSP_ELEMENT.lower.get(ctx)]) mmio.write(elsp, dw);
  }
}

/** A valid context descriptor for the context at GGTT page `lrca`. */
function descriptor(lrca: number): bigint {
  return CONTEXT_DESCRIPTOR.lrca.set(CONTEXT_DESCRIPTOR.valid.of(1), lrca);
}
