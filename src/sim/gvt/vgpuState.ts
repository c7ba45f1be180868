// What GVT's virtual interrupt emulation (interrupt.ts) and register handlers (emulation.ts) work on: a vGPU's
// interrupt state, the effects its emulation emits and the injection decisions it makes. Vgpu (vgpu.ts) is the one
// implementation; declaring the shape here lets the handlers be installed by the vGPU they act on.
import type { FlowGroup } from '../core/flows';
import type { RegisterFile } from '../core/registers';
import type { Engine, GpuEvent, IrqGroup, Pipe } from '../hw/gpu/gen8Registers';

export type PropagateOutcome = 'delivered' | 'masked' | 'coalesced';

export type InjectBlockReason = 'msi-disabled' | 'msi-format' | 'not-attached';

export type InjectDecision =
  | {
    injected: true;
    via: 'msi';
    address: number;
    data: number;
    destId: number;
    vector: number;
    flows: FlowGroup;
  }
  | { injected: true; via: 'host'; flows: FlowGroup }
  | { injected: false; reason: InjectBlockReason; message: string; flows: FlowGroup };

export type CheckPendingResult =
  | { kind: 'master-disabled' }
  | { kind: 'idle' }
  | { kind: 'inject'; decision: InjectDecision };

export type EmulationEffect =
  | { kind: 'inject'; vgpu: string; decision: InjectDecision }
  | { kind: 'check-pending'; vgpu: string; result: CheckPendingResult }
  | { kind: 'submit'; vgpu: string; engine: Engine; element0: bigint; element1: bigint }
  | { kind: 'vblank-timer'; vgpu: string; pipe: Pipe; on: boolean }
  | { kind: 'g2v-notify'; vgpu: string; value: number; name: string }
  | { kind: 'display-ready'; vgpu: string; value: number };

/** Per-VM interrupt accounting (events reaching this vGPU through fan-out or triggerVirtualEvent). */
export interface VgpuIrqStats {
  delivered: number;
  masked: number;
  coalesced: number;
  /** inject_virtual_interrupt reached with an MSI to send (or a host virq). */
  injections: number;
  /** inject_virtual_interrupt refused, by reason. */
  injectBlocked: Record<string, number>;
  /** check_pending_irq returned early because master bit 31 was 0. */
  masterDisabled: number;
  /** Events dropped by vIMR, per event. */
  maskedByEvent: Partial<Record<GpuEvent, number>>;
}

/** Register indices of one interrupt bank in the vGPU's MMIO file. */
export interface BankIndices { isr: number; imr: number; iir: number; ier: number }

export interface VgpuState {
  readonly name: string;
  readonly isHost: boolean;
  readonly regs: RegisterFile;
  readonly config: RegisterFile;
  readonly pvinfo: RegisterFile | null;
  /** INTEL_VGPU_STATUS_ATTACHED. */
  attached: boolean;
  readonly elspScheduleInInterrupt: boolean;
  readonly stats: VgpuIrqStats;
  /** Flows riding on each vIIR bit (group index * 32 + bit). */
  readonly flowsByBit: Map<number, FlowGroup>;
  /** Flows propagated since the last injection decision: the next decision carries them. */
  unannounced: FlowGroup;
  /** Engines with a context running for this vGPU. */
  readonly busyEngines: Set<Engine>;
  readonly elspDwords: Map<Engine, bigint[]>;
  readonly groupIdx: Record<IrqGroup, BankIndices>;
  readonly masterIdx: number;
  /** An effect of the emulation running now. */
  emit(e: EmulationEffect): void;
}
