// Flows: each physical interrupt assertion gets an id that every later hop carries. The table keeps, per flow,
// when it was raised, delivered (its servicing handler started) and completed (EOI/unmask/deactivate).
import type { Ns } from './time';

/** The flows riding on one interrupt: the first is the one it carries, the rest merged into it. */
export type FlowGroup = number[];

export const enum FlowState {
  Pending = 0,
  Delivered = 1,
  /** Merged into an interrupt already pending (same IRR bit, same eventfd count): serviced by that one's handler. */
  Coalesced = 2,
  Dropped = 3,
}

export class FlowTable {
  private raisedAt = new Float64Array(1024);
  private deliveredAt = new Float64Array(1024);
  private completedAt = new Float64Array(1024);
  private state = new Uint8Array(1024);
  private source = new Uint32Array(1024);
  private vm = new Uint32Array(1024);
  private lastKind = new Uint32Array(1024);
  /** Flows raised; ids are 1..count. */
  count = 0;
  /** Flows in each FlowState, and completed flows not dropped: kept as flows change, so a status costs O(1). */
  private readonly byState = new Float64Array(4);
  private completedCount = 0;

  /** A new flow: returns its id (≥ 1). `sourceId` and `vmId` are interned strings. */
  raise(at: Ns, sourceId: number, vmId: number): number {
    const i = this.count;
    if (i === this.raisedAt.length) this.grow();
    this.raisedAt[i] = at;
    this.deliveredAt[i] = -1;
    this.completedAt[i] = -1;
    this.state[i] = FlowState.Pending;
    this.source[i] = sourceId;
    this.vm[i] = vmId;
    this.count++;
    this.byState[FlowState.Pending]!++;
    return i + 1;
  }

  /** The flow's servicing handler started; `coalesced` when it rode on another flow's interrupt. */
  deliver(flow: number, at: Ns, coalesced = false): void {
    const i = flow - 1;
    if (this.deliveredAt[i]! >= 0) return;
    this.deliveredAt[i] = at;
    this.setState(i, coalesced ? FlowState.Coalesced : FlowState.Delivered);
  }

  complete(flow: number, at: Ns): void {
    const i = flow - 1;
    if (this.completedAt[i]! >= 0) return;
    this.completedAt[i] = at;
    if (this.state[i] !== FlowState.Dropped) this.completedCount++;
  }

  drop(flow: number): void {
    const i = flow - 1;
    if (this.state[i] === FlowState.Dropped) return;
    if (this.completedAt[i]! >= 0) this.completedCount--;
    this.setState(i, FlowState.Dropped);
  }

  /** Counts over every flow so far (pending: neither completed nor dropped). */
  counts(): { raised: number; delivered: number; coalesced: number; dropped: number; pending: number } {
    const dropped = this.byState[FlowState.Dropped]!;
    return {
      raised: this.count,
      delivered: this.byState[FlowState.Delivered]!,
      coalesced: this.byState[FlowState.Coalesced]!,
      dropped,
      pending: this.count - dropped - this.completedCount,
    };
  }

  private setState(i: number, s: FlowState): void {
    this.byState[this.state[i]!]!--;
    this.byState[s]!++;
    this.state[i] = s;
  }

  noteHop(flow: number, kindId: number): void {
    if (flow > 0) this.lastKind[flow - 1] = kindId;
  }

  stateOf(flow: number): FlowState { return this.state[flow - 1] as FlowState; }
  raisedOf(flow: number): Ns { return this.raisedAt[flow - 1]!; }
  deliveredOf(flow: number): Ns { return this.deliveredAt[flow - 1]!; }
  completedOf(flow: number): Ns { return this.completedAt[flow - 1]!; }
  sourceOf(flow: number): number { return this.source[flow - 1]!; }
  vmOf(flow: number): number { return this.vm[flow - 1]!; }
  lastKindOf(flow: number): number { return this.lastKind[flow - 1]!; }

  private grow(): void {
    const n = this.raisedAt.length * 2;
    const f64 = (a: Float64Array) => { const b = new Float64Array(n); b.set(a); return b; };
    const u32 = (a: Uint32Array) => { const b = new Uint32Array(n); b.set(a); return b; };
    this.raisedAt = f64(this.raisedAt);
    this.deliveredAt = f64(this.deliveredAt);
    this.completedAt = f64(this.completedAt);
    const s = new Uint8Array(n); s.set(this.state); this.state = s;
    this.source = u32(this.source);
    this.vm = u32(this.vm);
    this.lastKind = u32(this.lastKind);
  }
}
