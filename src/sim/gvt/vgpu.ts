// A vGPU: the GPU a VM (or, under the XenGT-era design of seeds 000/002, the host's own i915) sees. It is the same
// MMIO declaration as the physical GPU with its own values (marked virtual), a virtual PCI config space with the
// GPU's 32-bit MSI capability, and the PV INFO page, which only exists here.
// Register semantics are GVT's: the interrupt registers' write hooks run the emulation of gvt/interrupt.c
// (interrupt.ts), the execlist ports and pipe configuration run their handlers (emulation.ts). Side effects of a
// write (an injection decision, a submission, the vblank timer switching) are emitted as effects: returned to
// whoever made the access through the mediator, or to the `unsolicited` out-port for writes made elsewhere (inspector).
// On the machine's wiring a vGPU is a node ("host/gvt/vgpu1"): the mediator's pirq handler fans physical events into
// it; its virtual interrupt leaves through `msiTrigger` (a guest's: VFIO's MSI trigger eventfd) or `hostIrq` (the
// host's own view: the host injection strategy); its display events through `display` and `vblank`.
import type { FlowGroup } from '../core/flows';
import { RegisterFile } from '../core/registers';
import { outPort, wireNode, type OutPort, type WireNode } from '../core/wires';
import type { SignalSteps } from '../host/eventfd';
import type { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import { GPU_MMIO_REGS, type Engine, type IrqGroup, type Pipe } from '../hw/gpu/gen8Registers';
import { GPU_PCI_CONFIG_REGS, initGpuConfig, msiEnabled, readMsiCap } from '../hw/gpu/gpuConfigSpace';
import { decodeMsi, type MsiMessage } from '../hw/pci/msiMessage';
import { PVINFO_REGS, VGT_PVINFO_PAGE } from '../hw/gpu/pvInfoRegisters';
import type { DisplayEventType } from './displayIrq/types';
import { installEmulation } from './emulation';
import type { BankIndices, EmulationEffect, VgpuIrqStats, VgpuState } from './vgpuState';

/** The scenario switch for the PV INFO page: GVT's page, no page (native BAR), or a page with version_major 0. */
export type PvInfoMode = 'present' | 'absent' | 'wrong-version';

export type { EmulationEffect, VgpuIrqStats } from './vgpuState';

export interface VgpuOptions {
  /** vGPU instance id (vgt_id). */
  id: number;
  /** The VM's name, or "host" for the host's own view. */
  owner: string;
  pvInfo?: PvInfoMode;
  /** avail_rs: aperture and hidden GM slices (bytes), fence registers. Defaults: slice `id` of a 256 MiB aperture in 64 MiB
   *  steps, a 448 MiB hidden slice above it, 4 fences (so ids 0..3 fit a 256 MiB aperture and a 4 GiB GGTT). */
  mappableBase?: number;
  mappableSize?: number;
  nonmappableBase?: number;
  nonmappableSize?: number;
  fenceNum?: number;
  /** Emulate the idle-to-active context-switch interrupt inside the ELSP write (see emulation.ts). */
  elspScheduleInInterrupt?: boolean;
}

export class Vgpu implements VgpuState {
  readonly name: string;
  readonly isHost: boolean;
  readonly regs: RegisterFile;
  readonly config: RegisterFile;
  /** Null when the switch says the page is absent (a read of 0x78000 is then untracked and returns 0). */
  readonly pvinfo: RegisterFile | null;
  /** INTEL_VGPU_STATUS_ATTACHED: the VFIO device is open and the VM attached (the host view always is). */
  attached: boolean;
  readonly elspScheduleInInterrupt: boolean;
  readonly stats: VgpuIrqStats = { delivered: 0, masked: 0, coalesced: 0, injections: 0, injectBlocked: {}, masterDisabled: 0, maskedByEvent: {} };

  /** The vGPU as a part of the machine's wiring. */
  readonly node: WireNode;
  /** vgpu->msi_trigger: the eventfd VFIO's MSI trigger was set to (normally a KVM irqfd hangs on it); unconnected: none. */
  readonly msiTrigger: OutPort<SignalSteps>;
  /** The host view's virtual interrupt: the host injection strategy's kick, run on `cpu`. */
  readonly hostIrq: OutPort<(flows: FlowGroup, cpu: PCpu) => Step[]>;
  /** Every effect the moment it is emitted, inside the emulation that emits it (a synchronous strategy's hook). */
  readonly emitted: OutPort<(e: EmulationEffect) => void>;
  /** Effects of writes made outside the mediator's access path (e.g. the inspector). */
  readonly unsolicited: OutPort<(e: EmulationEffect) => void>;
  /** Display events the guest's display makes (flips, cursor updates), for the VMM. */
  readonly display: OutPort<(type: DisplayEventType) => void>;
  /** Each virtual vblank, as a display event (when the display IRQ carries vblanks). */
  readonly vblank: OutPort<(type: DisplayEventType) => void>;

  /** Flows riding on each vIIR bit (group index * 32 + bit). */
  readonly flowsByBit = new Map<number, FlowGroup>();
  /** Flows propagated since the last injection decision: the next decision carries them. */
  unannounced: FlowGroup = [];
  /** Engines with a context running for this vGPU (virtual execlist state, simplified). */
  readonly busyEngines = new Set<Engine>();
  readonly elspDwords = new Map<Engine, bigint[]>();
  readonly pendingFlips = new Set<Pipe>();

  private collectors: EmulationEffect[][] = [];
  readonly groupIdx: Record<IrqGroup, BankIndices>;
  readonly masterIdx: number;

  constructor(readonly opts: VgpuOptions) {
    this.isHost = opts.owner === 'host';
    this.name = this.isHost ? 'host' : opts.owner;
    const base = `${opts.owner}/vgpu${opts.id}`;
    this.node = wireNode(`host/gvt/vgpu${opts.id}`, 'vgpu', opts.owner, `vgpu${opts.id} (${this.name})`);
    this.msiTrigger = outPort(this.node, 'msi_trigger', 'eventfd', () => []);
    this.hostIrq = outPort(this.node, 'virq', 'irq', () => []);
    this.emitted = outPort(this.node, 'emit', 'call', () => {});
    this.unsolicited = outPort(this.node, 'unsolicited', 'call', () => {});
    this.display = outPort(this.node, 'display', 'eventfd', () => {});
    this.vblank = outPort(this.node, 'vblank', 'eventfd', () => {});
    this.regs = new RegisterFile(GPU_MMIO_REGS, `${base}/mmio`, opts.owner, `vgpu${opts.id}`, true);
    this.config = new RegisterFile(GPU_PCI_CONFIG_REGS, `${base}/config`, opts.owner, `vgpu${opts.id}`, true);
    initGpuConfig(this.config);
    this.attached = this.isHost;
    this.elspScheduleInInterrupt = opts.elspScheduleInInterrupt ?? true;
    const mode = opts.pvInfo ?? 'present';
    this.pvinfo = mode === 'absent' ? null : new RegisterFile(PVINFO_REGS, `${base}/pvinfo`, opts.owner, `vgpu${opts.id}`, true);
    if (this.pvinfo) populatePvInfo(this.pvinfo, opts, mode);
    const { groupIdx, masterIdx } = installEmulation(this);
    this.groupIdx = groupIdx;
    this.masterIdx = masterIdx;
  }

  /** Runs `fn` collecting the effects it emits. */
  collect<T>(fn: () => T): { value: T; effects: EmulationEffect[] } {
    const sink: EmulationEffect[] = [];
    this.collectors.push(sink);
    try {
      return { value: fn(), effects: sink };
    } finally {
      this.collectors.pop();
    }
  }

  emit(e: EmulationEffect): void {
    this.emitted.send(e);
    const sink = this.collectors[this.collectors.length - 1];
    if (sink) sink.push(e);
    else this.unsolicited.send(e);
  }

  /** The message KVM's MSI route for the vGPU's irqfd takes from the virtual MSI capability (the guest's own). */
  msiRoute(): MsiMessage | { blocked: string } {
    const cap = readMsiCap(this.config);
    if (!msiEnabled(cap)) return { blocked: 'virtual MSI disabled' };
    return decodeMsi(cap.address, cap.data);
  }

  /** PV INFO register by absolute MMIO offset, or -1. */
  pvInfoIndex(offset: number): number {
    if (!this.pvinfo) return -1;
    return this.pvinfo.decl.registers.findIndex((r) => r.offset === offset);
  }
}

/** What gvt/vgpu.c populate_pvinfo_page writes, then the switch's variation. */
function populatePvInfo(f: RegisterFile, o: VgpuOptions, mode: PvInfoMode): void {
  const set = (name: string, v: number | bigint) => f.set(f.index(name), BigInt(v));
  set('vgt_id', o.id);
  set('mappable_gmadr_base', o.mappableBase ?? 0x0400_0000 * o.id);
  set('mappable_gmadr_size', o.mappableSize ?? 0x0400_0000);
  set('nonmappable_gmadr_base', o.nonmappableBase ?? 0x1000_0000 + 0x1c00_0000 * o.id);
  set('nonmappable_gmadr_size', o.nonmappableSize ?? 0x1c00_0000);
  set('fence_num', o.fenceNum ?? 4);
  if (mode === 'wrong-version') set('version_major', 0);
}

export const PVINFO_BASE = VGT_PVINFO_PAGE;
