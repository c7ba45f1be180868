// "% of bare metal" (issue 12, item 2): a run next to its bare-metal twin (scenario/nativeTwin.ts), run with the same
// seed and the same window of sources. Throughput is this run's over the twin's (transactions/s, or Gbit/s for a
// stream); latency is this run's mean (and p99) transaction latency over the twin's, so above 100 % is slower.
// The lab runs the twin when asked (LabOptions.bareMetal), and by default only for a scenario where a device a VM
// owns has a workload (open-loop latency studies do not pay for a second run).
import type { BareMetalSummary, RunSummary, WorkloadSummary } from '../../shared/protocol';

const pct = (a: number, b: number) => (b > 0 ? (a / b) * 100 : 0);

function throughputOf(w: WorkloadSummary): number {
  return w.rr ? w.rr.transactionsPerSec : w.stream?.gbps ?? 0;
}

export function bareMetalSection(run: RunSummary, twin: RunSummary): BareMetalSummary {
  const pctOfBareMetal: BareMetalSummary['pctOfBareMetal'] = {};
  for (const [id, w] of Object.entries(run.workloads ?? {})) {
    const t = twin.workloads?.[id];
    if (!t) continue;
    pctOfBareMetal[id] = {
      throughput: pct(throughputOf(w), throughputOf(t)),
      ...(w.rr && t.rr ? { latencyMean: pct(w.rr.latencyNs.mean, t.rr.latencyNs.mean), latencyP99: pct(w.rr.latencyNs.p99, t.rr.latencyNs.p99) } : {}),
    };
  }
  return {
    scenario: twin.scenario,
    logHash: twin.logHash,
    latencyNs: twin.latencyNs,
    completionNs: twin.completionNs,
    workloads: twin.workloads ?? {},
    pctOfBareMetal,
  };
}
