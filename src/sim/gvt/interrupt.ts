// GVT-g virtual interrupt emulation, as torvalds/linux drivers/gpu/drm/i915/gvt/interrupt.c does it (facts A.3):
//   IMR write    → store, check_pending_irq
//   IER write    → store, update_upstream_irq (the group has an upstream), check_pending_irq
//   IIR write    → write-1-to-clear, update_upstream_irq (no check_pending: clearing never injects)
//   MASTER write → only bit 31 (GEN8_MASTER_IRQ_CONTROL) is taken from the write, then check_pending_irq
//   propagate_event        → set the vIIR bit only if the vIMR bit is clear; a masked event is DROPPED (not latched)
//   update_upstream_irq    → val = vIIR & vIER; for every map entry of this group set or clear the master bit;
//                            a non-master upstream would get (set_bits & ~its vIMR) ORed into its vIIR, and the
//                            function recurses while the upstream has an upstream. In the gen8 map every group,
//                            PCH included, feeds the master directly, so the recursion never runs on gen8.
//   gen8_check_pending_irq → master bit 31 clear: return; else update_upstream for every group with vIIR & vIER,
//                            then inject if any master bit other than 31 is set
//   inject_virtual_interrupt → from the vGPU's virtual MSI capability (control cap+2, address cap+4, data cap+8):
//                            MSI Enable clear → nothing; any control bit 15:1 set → WARN "only support one MSI
//                            format"; not ATTACHED → nothing; else eventfd_signal(msi_trigger) if one is set.
// Note what GVT does NOT do: it has no edge detection. Every trigger while a master status bit is set injects again,
// so an event that coalesces in vIIR still produces an MSI (which may then merge in the guest's vLAPIC IRR).
// The decision is returned, not delivered: the caller signals the vGPU's msi_trigger (attached but no trigger set:
// GVT returns success and signals nothing) or runs the host injection strategy, and charges its costs.
import { GEN8_IRQ_MAP, GPU_EVENTS, IRQ_BANK_FIELDS, IRQ_GROUPS, MASTER_IRQ_CONTROL, type GpuEvent, type IrqGroup } from '../hw/gpu/gen8Registers';
import { GPU_MSI_CTRL, msiEnabled, readMsiCap } from '../hw/gpu/gpuConfigSpace';
import { MSI_ADDRESS, MSI_DATA } from '../hw/pci/msiMessage';
import type { FlowGroup } from '../core/flows';
import type { CheckPendingResult, InjectBlockReason, InjectDecision, PropagateOutcome, VgpuState as Vgpu } from './vgpuState';

export type { CheckPendingResult, InjectBlockReason, InjectDecision, PropagateOutcome } from './vgpuState';

function key(g: IrqGroup, bit: number): number {
  return IRQ_GROUPS.indexOf(g) * 32 + bit;
}

/** propagate_event: set the event's vIIR bit only if its vIMR bit is clear. */
export function propagateEvent(v: Vgpu, event: GpuEvent, flows: FlowGroup = []): PropagateOutcome {
  const { group, bit } = GPU_EVENTS[event];
  const x = v.groupIdx[group];
  const r = v.regs;
  if (r.testBit(x.imr, bit)) {
    v.stats.masked++;
    v.stats.maskedByEvent[event] = (v.stats.maskedByEvent[event] ?? 0) + 1;
    return 'masked';
  }
  const k = key(group, bit);
  for (const f of flows) v.unannounced.push(f);
  if (r.testBit(x.iir, bit)) {
    const g = v.flowsByBit.get(k);
    if (g) for (const f of flows) g.push(f);
    else v.flowsByBit.set(k, flows.slice());
    v.stats.coalesced++;
    return 'coalesced';
  }
  r.setBit(x.iir, bit, true);
  v.flowsByBit.set(k, flows.slice());
  v.stats.delivered++;
  return 'delivered';
}

/** update_upstream_irq for one group (gen8: the upstream of every group is the master register). */
export function updateUpstreamIrq(v: Vgpu, group: IrqGroup): void {
  const x = v.groupIdx[group];
  const r = v.regs;
  const val = r.raw(x.iir) & r.raw(x.ier);
  // Upstream is MASTER: its "ISR slot" is GEN8_MASTER_IRQ itself; each map entry of the group sets or clears its bit.
  for (const m of GEN8_IRQ_MAP) {
    if (m.group === group) r.deposit(v.masterIdx, m.master, m.bits.on(val));
  }
}

/** gen8_check_pending_irq. */
export function checkPendingIrq(v: Vgpu): CheckPendingResult {
  const r = v.regs;
  if (!MASTER_IRQ_CONTROL.on(r.raw(v.masterIdx))) {
    v.stats.masterDisabled++;
    return { kind: 'master-disabled' };
  }
  for (const g of IRQ_GROUPS) {
    const x = v.groupIdx[g];
    if ((r.raw(x.iir) & r.raw(x.ier)) !== 0n) updateUpstreamIrq(v, g);
  }
  if (MASTER_IRQ_CONTROL.set(r.raw(v.masterIdx), 0) !== 0n) return { kind: 'inject', decision: injectVirtualInterrupt(v) };
  return { kind: 'idle' };
}

/** inject_virtual_interrupt: what would be injected from the vGPU's virtual MSI, or why not. */
export function injectVirtualInterrupt(v: Vgpu): InjectDecision {
  const flows = v.unannounced;
  v.unannounced = [];
  const block = (reason: InjectBlockReason, message: string): InjectDecision => {
    v.stats.injectBlocked[reason] = (v.stats.injectBlocked[reason] ?? 0) + 1;
    return { injected: false, reason, message, flows };
  };
  if (v.isHost) {
    // The host's own i915 has no virtual MSI: the mediator kicks it through the host injection strategy (seed 000).
    v.stats.injections++;
    return { injected: true, via: 'host', flows };
  }
  const cap = readMsiCap(v.config);
  if (!msiEnabled(cap)) return block('msi-disabled', 'MSI Enable is 0 in the virtual MSI control: no MSI generated');
  // Any control bit 15:1 set: GVT refuses every format but one 32-bit message.
  if (GPU_MSI_CTRL.enable.set(cap.control, 0) !== 0n) return block('msi-format', 'only support one MSI format (multi-message or 64-bit control bits set)');
  if (!v.attached) return block('not-attached', 'vGPU not ATTACHED: nothing injected');
  v.stats.injections++;
  // GVT signals the trigger without decoding the message (no check of the 0xFEE base); the fields are for the log.
  return {
    injected: true,
    via: 'msi',
    address: Number(cap.address),
    data: Number(cap.data),
    destId: MSI_ADDRESS.destId.num(cap.address),
    vector: MSI_DATA.vector.num(cap.data),
    flows,
  };
}

/** intel_vgpu_trigger_virtual_event: the event's virtual handler (propagate_event), then check_pending_irq. */
export function triggerVirtualEvent(v: Vgpu, event: GpuEvent, flows: FlowGroup = []): { outcome: PropagateOutcome; pending: CheckPendingResult } {
  const outcome = propagateEvent(v, event, flows);
  const pending = checkPendingIrq(v);
  if (pending.kind === 'inject') v.emit({ kind: 'inject', vgpu: v.name, decision: pending.decision });
  return { outcome, pending };
}

// ---- register write handlers (called from the vGPU file's write hooks; `written` is what the driver wrote) ----

export function imrWrite(v: Vgpu, group: IrqGroup, written: bigint): CheckPendingResult {
  v.regs.set(v.groupIdx[group].imr, written);
  return emitPending(v, checkPendingIrq(v));
}

export function ierWrite(v: Vgpu, group: IrqGroup, written: bigint): CheckPendingResult {
  v.regs.set(v.groupIdx[group].ier, written);
  updateUpstreamIrq(v, group);
  return emitPending(v, checkPendingIrq(v));
}

export function iirWrite(v: Vgpu, group: IrqGroup, old: bigint, written: bigint): void {
  const i = v.groupIdx[group].iir;
  const cleared = old & written;
  v.regs.set(i, old & ~written);
  // Flows ride only on named event bits: those cleared are done.
  for (const f of IRQ_BANK_FIELDS[group]) if (f.on(cleared)) v.flowsByBit.delete(key(group, f.lsb));
  updateUpstreamIrq(v, group);
}

export function masterWrite(v: Vgpu, old: bigint, written: bigint): CheckPendingResult {
  v.regs.set(v.masterIdx, MASTER_IRQ_CONTROL.set(old, MASTER_IRQ_CONTROL.get(written)));
  return emitPending(v, checkPendingIrq(v));
}

function emitPending(v: Vgpu, result: CheckPendingResult): CheckPendingResult {
  v.emit({ kind: 'check-pending', vgpu: v.name, result });
  if (result.kind === 'inject') v.emit({ kind: 'inject', vgpu: v.name, decision: result.decision });
  return result;
}

/** vIIR & vIER of every group, and the master register (for logs and tests). */
export function virtualIrqState(v: Vgpu): { master: bigint; pending: Partial<Record<IrqGroup, bigint>> } {
  const pending: Partial<Record<IrqGroup, bigint>> = {};
  for (const g of IRQ_GROUPS) {
    const x = v.groupIdx[g];
    const p = v.regs.raw(x.iir) & v.regs.raw(x.ier);
    if (p !== 0n) pending[g] = p;
  }
  return { master: v.regs.raw(v.masterIdx), pending };
}
