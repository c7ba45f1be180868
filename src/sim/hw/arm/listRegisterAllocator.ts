// The software side a vGIC keeps next to the list registers, in the shape of KVM's ap_list
// (virt/kvm/arm/vgic/vgic.c): every virtual interrupt that is pending or active for the vCPU is an entry;
// on exit `fold` reads each used LR back into its entry and clears it, before entry `flush` writes the
// highest-priority entries into the LRs (active ones first, then by priority, then oldest) and, when more are
// pending than there are LRs, sets HCR.UIE so the underflow maintenance interrupt brings the guest back to EL2
// to refill them. Nothing is lost: an entry leaves the list only when its LR came back invalid.
//
// LR contents follow KVM's vgic_v2/v3_populate_lr (facts §E.3): HW-mapped → HW = 1 + pINTID, never
// pending+active (the pending state is in the physical distributor); level, not HW → EOI bit (maintenance on
// deactivate, to resample the line), never pending+active; edge, not HW → no EOI bit, pending+active allowed.
//
// A level interrupt that is not HW-mapped is pending while its input line is high (vgic_irq_is_pending: for a level
// IRQ, pending_latch || line_level; no software latch is modelled, so pending = line_level). The LR's own pending
// bit is not carried back for it: the fold keeps only the active bit and takes pending from the line
// (vgic-v2.c/vgic-v3.c vgic_v*_fold_lr_state: "Edge is the only case where we preserve the pending bit"). So a line
// that falls before the guest acknowledges the interrupt takes it away: an entry waiting outside the LRs stops being
// pending at once (vgic_target_oracle is NULL for it, vgic_flush_lr_state skips it), one already in an LR is retired
// on the next fold (vgic_prune_ap_list drops it, its LR is cleared); the flows that rode on it are handed back as
// retired (`takeRetired`), never delivered. HW-mapped entries keep their LR's pending state, as the pending state of
// a forwarded interrupt lives in the physical distributor (KVM resamples a mapped level line itself,
// vgic_irq_handle_resampling; not modelled).
//
// This is hardware-facing bookkeeping only: when to fold/flush (exit, entry, maintenance) and what to do with
// the completions (resample, unmask, complete flows) is the host vGIC's business.
import type { FlowGroup } from '../../core/flows';
import { PRIORITY_ALL } from './gicCommon';
import type { GicVirtInterface, ListRegisterInit, LrState } from './virtInterface';

export interface VirqRequest {
  vintid: number;
  priority: number;
  group?: 0 | 1;
  /** Level-sensitive (with HW = 0 the LR gets the EOI bit). */
  level: boolean;
  /** HW-forwarded: the physical INTID the guest's deactivation deactivates. */
  pintid?: number;
  flows?: FlowGroup;
}

export interface VirqEntry {
  readonly vintid: number;
  priority: number;
  group: 0 | 1;
  level: boolean;
  /** −1 when not HW-mapped. */
  pintid: number;
  /** Pending and not (yet) in an LR: software state, written to an LR by flush. */
  pending: boolean;
  /** Active as of the last fold (or when written to an LR active). */
  active: boolean;
  /** Level, not HW-mapped: the input line as last set (vgic_irq.line_level); its pending state follows it. */
  line: boolean;
  pendFlows: FlowGroup;
  actFlows: FlowGroup;
  /** The LR it is in, or −1. */
  lr: number;
  /** What was written to the LR (to tell, on fold, what the guest did). */
  written: { pending: boolean; flows: FlowGroup };
  readonly seq: number;
}

export interface FoldEvent {
  vintid: number;
  lr: number;
  hw: boolean;
  /** The guest deactivated an LR that had the EOI bit (it sat in EISR; the vGIC resamples the level). */
  eoiMaintenance: boolean;
  /** The flows whose interrupt the guest completed (deactivated) while in the LR. */
  completed: FlowGroup;
}

export class ListRegisterAllocator {
  private readonly list: VirqEntry[] = [];
  private seq = 0;
  /** Flows of pending level interrupts whose line fell before the guest took them (see `takeRetired`). */
  private retired: number[] = [];

  constructor(readonly vif: GicVirtInterface) {}

  /**
   * Queues a virtual interrupt. An entry already pending absorbs it (coalesced); an entry only active becomes
   * pending too (pending+active in the LR on the next flush when the rules allow it). LRs are not touched.
   */
  inject(req: VirqRequest): { coalesced: boolean } {
    const flows = req.flows ?? [];
    const e = this.list.find((x) => x.vintid === req.vintid);
    if (!e) {
      this.list.push({
        vintid: req.vintid, priority: PRIORITY_ALL.num(BigInt(req.priority)), group: req.group ?? 1, level: req.level,
        pintid: req.pintid ?? -1, pending: true, active: false, line: req.level, pendFlows: flows.slice(), actFlows: [],
        lr: -1, written: { pending: false, flows: [] }, seq: this.seq++,
      });
      return { coalesced: false };
    }
    if (req.level) e.line = true;
    if (e.lr >= 0) {
      const st = this.vif.lrRead(e.lr).state;
      if (st === 'pending' || st === 'pending+active') {
        for (const f of flows) { this.vif.lrFlows(e.lr).pending.push(f); e.written.flows.push(f); }
        return { coalesced: true };
      }
    }
    if (e.pending) {
      for (const f of flows) e.pendFlows.push(f);
      return { coalesced: true };
    }
    e.pending = true;
    e.pendFlows = flows.slice();
    return { coalesced: false };
  }

  /**
   * The input line of a level `vintid` fell (kvm_vgic_inject_irq with level 0). A level entry that is not HW-mapped
   * stops being pending: at once when it waits outside the LRs (its pending flows are retired now), on the next
   * fold when it is in an LR (the LR keeps its state until then, as KVM does not touch a running vCPU's LRs).
   */
  lower(vintid: number): void {
    const e = this.list.find((x) => x.vintid === vintid);
    if (!e || !this.followsLine(e)) return;
    e.line = false;
    if (e.lr >= 0 || !e.pending) return;
    this.retire(e.pendFlows);
    e.pending = false;
    e.pendFlows = [];
    if (!e.active) this.list.splice(this.list.indexOf(e), 1);
  }

  /** The flows retired since the last call: their interrupt stopped being pending before the guest took it. */
  takeRetired(): FlowGroup {
    const out = this.retired;
    this.retired = [];
    return out;
  }

  /** Reads every used LR back into its entry and clears the LR; returns what the guest completed. */
  fold(): FoldEvent[] {
    const out: FoldEvent[] = [];
    for (const e of this.list) {
      if (e.lr < 0) continue;
      const n = e.lr;
      const lr = this.vif.lrRead(n);
      const f = this.vif.lrFlows(n);
      const inLrPending = lr.state === 'pending' || lr.state === 'pending+active';
      const inLrActive = lr.state === 'active' || lr.state === 'pending+active';
      const remaining = new Set<number>([...f.pending, ...f.active]);
      const completed = e.written.flows.filter((x) => !remaining.has(x));
      const wasActiveOrPending = e.written.pending || e.active;
      const deactivated = wasActiveOrPending && !inLrActive && (lr.state === 'invalid' || e.active);
      if (deactivated || completed.length > 0) {
        out.push({ vintid: e.vintid, lr: n, hw: lr.hw, eoiMaintenance: lr.state === 'invalid' && lr.eoi, completed });
      }
      e.active = inLrActive;
      e.actFlows = inLrActive ? f.active.slice() : [];
      if (this.followsLine(e)) {
        // Level, not HW: pending is the line, whatever the LR said (the LR's pending bit is not carried back).
        const carried = [...(inLrPending ? f.pending : []), ...e.pendFlows];
        e.pending = e.line;
        e.pendFlows = e.line ? carried : [];
        if (!e.line) this.retire(carried);
      } else if (inLrPending) {
        e.pending = true;
        e.pendFlows = [...f.pending, ...e.pendFlows];
      }
      e.lr = -1;
      this.vif.lrClear(n);
    }
    for (let i = this.list.length - 1; i >= 0; i--) {
      const e = this.list[i]!;
      if (!e.pending && !e.active) this.list.splice(i, 1);
    }
    return out;
  }

  /**
   * Writes entries not yet in an LR into the free LRs, active first, then by priority, then oldest; sets
   * HCR.UIE while some stay out. Returns the LRs written and how many entries are left out.
   */
  flush(): { written: number[]; overflow: number } {
    const waiting = this.list.filter((e) => e.lr < 0).sort((a, b) =>
      (Number(b.active) - Number(a.active)) || (a.priority - b.priority) || (a.seq - b.seq));
    // Free = empty in ELRSR and not still owned by an entry that has not been folded yet.
    const owned = new Set(this.list.filter((e) => e.lr >= 0).map((e) => e.lr));
    const free = this.vif.freeLrs().filter((n) => !owned.has(n));
    const written: number[] = [];
    for (const e of waiting) {
      const n = free.shift();
      if (n === undefined) break;
      const hw = e.pintid >= 0;
      const allowPending = !(e.active && (hw || e.level));
      const pend = e.pending && allowPending;
      const state: LrState = e.active ? (pend ? 'pending+active' : 'active') : 'pending';
      if (!e.active && !pend) continue; // pending held back with nothing active: cannot happen, kept safe
      const init: ListRegisterInit = { state, vintid: e.vintid, priority: e.priority, group: e.group, hw, pintid: hw ? e.pintid : 0, eoi: !hw && e.level };
      const flows = pend ? e.pendFlows : e.actFlows;
      this.vif.lrWrite(n, init, flows);
      if (e.active && pend) {
        // The active part keeps its flows: put them back on the LR's active side.
        const a = this.vif.lrFlows(n).active;
        a.length = 0;
        for (const x of e.actFlows) a.push(x);
      }
      e.lr = n;
      e.written = { pending: pend, flows: [...(pend ? e.pendFlows : []), ...e.actFlows] };
      if (pend) {
        e.pending = false;
        e.pendFlows = [];
      }
      written.push(n);
    }
    const overflow = this.list.filter((e) => e.lr < 0).length;
    this.vif.setHcr({ UIE: overflow > 0 });
    return { written, overflow };
  }

  /** Pending and active as the guest's distributor reads them (vgic_mmio_read_pending/active): the entry or its LR. */
  stateOf(vintid: number): { pending: boolean; active: boolean } {
    const e = this.list.find((x) => x.vintid === vintid);
    if (!e) return { pending: false, active: false };
    const st = e.lr >= 0 ? this.vif.lrRead(e.lr).state : 'invalid';
    return {
      pending: e.pending || st === 'pending' || st === 'pending+active',
      active: e.active || st === 'active' || st === 'pending+active',
    };
  }

  /**
   * ICPENDR (vgic_mmio_write_cpending: pending_latch cleared): an entry waiting outside the LRs stops being pending
   * at once (its flows are retired); one already in an LR keeps its state, as KVM does not reach into a running
   * vCPU's LRs (and vgic_v*_fold_lr_state carries an edge LR's pending bit back).
   */
  unpend(vintid: number): void {
    const e = this.list.find((x) => x.vintid === vintid);
    if (!e || e.lr >= 0 || !e.pending) return;
    this.retire(e.pendFlows);
    e.pending = false;
    e.pendFlows = [];
    if (!e.active) this.list.splice(this.list.indexOf(e), 1);
  }

  /** Level-sensitive and not HW-mapped: its pending state is its line's level. */
  private followsLine(e: VirqEntry): boolean {
    return e.level && e.pintid < 0;
  }

  private retire(flows: FlowGroup): void {
    for (const f of flows) this.retired.push(f);
  }

  /** fold then flush: what KVM does between an exit and the next entry. */
  sync(): { folded: FoldEvent[]; written: number[]; overflow: number } {
    const folded = this.fold();
    return { folded, ...this.flush() };
  }

  /** Entries pending or active, in an LR or not. */
  get size(): number {
    return this.list.length;
  }

  /** Entries waiting outside the LRs. */
  get overflow(): number {
    return this.list.filter((e) => e.lr < 0).length;
  }

  entries(): readonly Readonly<VirqEntry>[] {
    return this.list;
  }
}
