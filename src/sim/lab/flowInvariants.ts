// What holds for every run (issue 15, "properties that hold for every run"): each raised interrupt is carried by at
// least one hop (its path can be followed), ends delivered, coalesced or dropped — the last with a hop saying why — or
// is listed among the stuck flows with its reason, and its times are in order (raised ≤ delivered ≤ completed).
import { FlowState } from '../core/flows';
import type { Lab } from './lab';

/** The broken invariants of a finished run (empty when all hold), at most `limit` of them. */
export function flowInvariants(lab: Lab, limit = 20): string[] {
  const f = lab.sim.flows;
  const out: string[] = [];
  const bad = (flow: number, why: string) => { if (out.length < limit) out.push(`flow ${flow} (${lab.sim.log.strings.str(f.sourceOf(flow))}): ${why}`); };
  const stuck = new Set(lab.summary().stuck.map((s) => s.flow));
  for (let id = 1; id <= f.count; id++) {
    const state = f.stateOf(id);
    const raised = f.raisedOf(id);
    const delivered = f.deliveredOf(id);
    const completed = f.completedOf(id);
    if (f.lastKindOf(id) === 0) bad(id, 'no hop carries it');
    if ((state === FlowState.Delivered || state === FlowState.Coalesced) && delivered < raised) bad(id, `delivered at ${delivered} before it was raised at ${raised}`);
    if (completed >= 0 && state !== FlowState.Dropped && delivered >= 0 && completed < delivered) bad(id, `completed at ${completed} before its delivery at ${delivered}`);
    const open = state !== FlowState.Dropped && completed < 0;
    if (open && !stuck.has(id)) bad(id, 'neither completed nor dropped, and not listed as stuck with a reason');
  }
  return out;
}
