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
  ENGINE_EVENTS, GEN8_MASTER_IRQ, GGTT_LAYOUT, GPU_EVENTS, IRQ_GROUP_INFO, PIPECONF_OFFSET, RING_BASES, RING_ELSP_OFFSET,
  type Engine, type GpuEvent, type IrqGroup,
} from '../hw/gpu/gen8Registers';
import { VGT_G2V, VGT_PVINFO_PAGE } from '../hw/gpu/pvInfoRegisters';
import { probeI915Guest, type GuestMmio, type GuestProbe } from './i915Guest';
import { recordProbe } from './i915State';

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
    return PV_INFO_OUTCOME[Number(this.state.getField(this.state.index('VGPU'), 'outcome'))]!;
  }

  /** The fence registers the driver uses (0 before its probe). */
  get fences(): number {
    return Number(this.state.getField(this.state.index('FENCES'), 'count'));
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
    const P = VGT_PVINFO_PAGE;
    if (pvActive && o.pvFeatures) {
      // PV features: tell GVT about the execlist context (g2v), and that the driver is ready for display.
      mmio.write(P + 0x858, BigInt(0x1000 * (o.vgpuId + 1)) | 1n);
      mmio.write(P + 0x85c, 0n);
      mmio.write(P + 0x818, BigInt(VGT_G2V.EXECLIST_CONTEXT_CREATE));
      mmio.write(P + 0x804, 1n);
    }
    // Interrupt enables: the render engine's user and context-switch events, the pipe A vblank and flip-done for
    // a driver with a display; events in `mask` stay masked in IMR (enabled in IER).
    const wanted: GpuEvent[] = [ENGINE_EVENTS[o.engine].user, ENGINE_EVENTS[o.engine].ctxSwitch];
    if (o.display) wanted.push('PIPE_A_VBLANK', 'PRIMARY_A_FLIP_DONE');
    wanted.push(...o.shared);
    const byGroup = new Map<IrqGroup, { ier: number; unmasked: number }>();
    for (const e of [...wanted, ...o.mask]) {
      const { group, bit } = GPU_EVENTS[e];
      const x = byGroup.get(group) ?? { ier: 0, unmasked: 0 };
      x.ier |= 1 << bit;
      if (!o.mask.includes(e)) x.unmasked |= 1 << bit;
      byGroup.set(group, x);
    }
    for (const [g, x] of byGroup) {
      const info = IRQ_GROUP_INFO[g];
      mmio.write(info.base + 4, 0xffffffffn & ~BigInt(x.unmasked >>> 0));
      mmio.write(info.base + 0xc, BigInt(x.ier >>> 0));
    }
    mmio.write(GEN8_MASTER_IRQ, 1n << 31n);
    if (o.display) mmio.write(PIPECONF_OFFSET.A, 1n << 31n);
  }

  /** One render request: its context descriptor into the engine's execlist submission port (four posted dwords). */
  submit(mmio: Pick<GuestMmio, 'write'>): void {
    const o = this.opts;
    const elsp = RING_BASES[o.engine] + RING_ELSP_OFFSET;
    const ctx = BigInt((o.vgpuId + 1) * 0x1000 + (++this.requests % 0x1000)) << 12n | 1n;
    for (const dw of [0n, 0n, ctx >> 32n, ctx & 0xffffffffn]) mmio.write(elsp, dw);
  }
}
