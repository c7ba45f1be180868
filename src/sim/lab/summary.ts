// The run summary: flow counts and latency percentiles (overall and per VM), exits, time per hop kind, stuck flows.
import { flowFiguresByVm } from '../core/metrics';
import { HOST } from '../core/simulator';
import type { Machine } from '../scenario/machine';
import type { CpuTime, RunSummary, VmSummary } from '../../shared/protocol';

export interface StuckFlow { flow: number; source: string; vm: string; reason: string }

function cpu(t: { hostNs: number; guestNs: number; wireNs: number }, flows: number): CpuTime {
  return { ...t, hostNsPerFlow: flows ? Math.round(t.hostNs / flows) : 0 };
}

export function summarize(m: Machine, stuck: StuckFlow[]): RunSummary {
  const sim = m.sim;
  const names = [HOST, ...m.vms.map((v) => v.name)];
  const ids = names.map((name) => sim.log.strings.find(name));
  const { all, byVm } = flowFiguresByVm(sim.flows, ids);
  const perVm: Record<string, VmSummary> = {};
  for (const [i, name] of names.entries()) {
    const id = ids[i]!;
    const f = byVm[i]!;
    perVm[name] = { cpuNs: cpu(sim.log.classTotals(id < 0 ? -1 : id), f.counts.raised), flows: f.counts, latencyNs: f.latency, completionNs: f.completion, vmExits: sim.exits.summary(name) };
  }
  return {
    scenario: m.scenario.name,
    seed: m.scenario.seed,
    simulatedNs: sim.now,
    events: sim.events,
    hops: sim.log.total,
    hopsOverwritten: sim.log.overwritten,
    flows: all.counts,
    latencyNs: all.latency,
    completionNs: all.completion,
    vmExits: sim.exits.summary(),
    perVm,
    hopTimeNs: sim.log.kindTotals(),
    cpuNs: cpu(sim.log.classTotals(), all.counts.raised),
    stuck,
    ...(m.setupFailures.length ? { setupFailures: m.setupFailures.slice() } : {}),
    logHash: sim.log.hash(),
    ...Object.assign({}, ...m.summaryParts.map((part) => part())),
  };
}
