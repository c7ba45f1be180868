// What travels between KVM/arm's parts on the machine's wiring: a virtual interrupt queued on a vCPU's ap_list, the
// kick that makes the vCPU take it, and the EOI-maintenance acknowledgement a vCPU's fold hands to its vGIC. The vGIC,
// the arch timer and the vCPUs see each other only through these ports.
import type { VirqRequest } from '../../../hw/arm/listRegisterAllocator';
import type { Step } from '../../step';

/** Queue a virtual interrupt on the vCPU's ap_list (vgic_queue_irq_unlock): true when it merged into a pending one. */
export type QueueVirq = (req: VirqRequest) => boolean;

/** The input line of a level vINTID fell (kvm_vgic_inject_irq with level 0): it stops being pending on the vCPU. */
export type LowerVirq = (vintid: number) => void;

/** A vINTID's pending and active state on the vCPU (its ap_list entry or LR), as the guest's distributor reads it. */
export type VirqState = (vintid: number) => { pending: boolean; active: boolean };

/** ICPENDR for a vINTID queued on the vCPU (vgic_mmio_write_cpending): it stops being pending if not yet in an LR. */
export type UnpendVirq = (vintid: number) => void;

/** kvm_vcpu_kick on behalf of `flow`, from the place `from` (an interned CPU or vCPU). */
export type Kick = (flow: number, from: number) => void;

/** The guest EOIed a level, non-HW vINTID (seen on the fold after its EOI maintenance exit): the ack notifiers' steps. */
export type EoiAck = (vintid: number, where: number, flow: number) => Step[];

/** Forward a virtual interrupt with HW = 1 to physical INTID `pintid`, or stop forwarding it (null). */
export type MapPhys = (pintid: number | null) => void;
