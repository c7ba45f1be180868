// vCPU scheduling and halt-polling, wired once the VMs are: a run queue on each pCPU that several vCPUs share
// (host.sched present), its tick and reschedule IPIs going to that pCPU's LAPIC, and a halt-poller on every vCPU when
// host.haltPollNs is not 0. Without either, nothing is made and the vCPUs stay pinned alone with no polling.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { HaltPoller, kvmHaltPollParams, type HaltPollStats } from '../../host/sched/haltPoll';
import { PcpuRunQueue } from '../../host/sched/runQueue';
import type { Vcpu } from '../../host/kvm/vcpu';
import type { Vm } from '../../host/kvm/vm';
import type { PCpu } from '../../host/pcpu';
import type { Lapic } from '../../hw/x86/lapic';
import type { HaltPollSummary, SchedSummary, VcpuSchedSummary } from '../../../shared/protocol';
import type { Machine } from '../machine';
import type { Scenario } from '../schema';

export function wireVcpuScheduling(s: Scenario, sim: Simulator, costs: CostModel, machine: Machine, pcpus: PCpu[], lapics: Lapic[], vms: Vm[]): PcpuRunQueue[] {
  const all: Vcpu[] = vms.flatMap((vm) => vm.vcpus);
  const polled = s.host.haltPollNs > 0 ? all : [];
  for (const v of polled) v.haltPoll = new HaltPoller(sim, kvmHaltPollParams(s.host.haltPollNs), v.where, v.vmId);

  const queues: PcpuRunQueue[] = [];
  const sched = s.host.sched;
  if (sched) {
    const byCpu = new Map<number, Vcpu[]>();
    for (const v of all) byCpu.set(v.pcpu.index, [...(byCpu.get(v.pcpu.index) ?? []), v]);
    for (const cpu of [...byCpu.keys()].sort((a, b) => a - b)) {
      const vcpus = byCpu.get(cpu)!;
      if (vcpus.length < 2) continue;
      const rq = new PcpuRunQueue(sim, costs, pcpus[cpu]!, vcpus, {
        sliceNs: sched.sliceUs * 1000,
        wakeupPreemption: sched.wakeupPreemption === 'on',
        wakeupGranularityNs: sched.wakeupGranularityUs * 1000,
      });
      sim.wires.connect(rq.toLapic, lapics[cpu]!.ipiIn);
      rq.start();
      queues.push(rq);
    }
  }
  if (queues.length || polled.length) machine.summaryParts.push(() => ({ sched: schedSummary(queues, polled) }));
  return queues;
}

function schedSummary(queues: readonly PcpuRunQueue[], polled: readonly Vcpu[]): SchedSummary {
  const vcpus: Record<string, VcpuSchedSummary> = {};
  for (const rq of queues) {
    const names = rq.names();
    rq.stats().forEach((st, i) => { vcpus[names[i]!] = { ...st }; });
  }
  let total: HaltPollSummary | undefined;
  for (const v of polled) {
    const name = `${v.vmName}.vcpu${v.index}`;
    const p = v.haltPoll!;
    vcpus[name] = { ...(vcpus[name] ?? { pcpu: v.pcpu.index }), haltPoll: { ...p.stats, windowNs: p.window } };
    total = add(total, p.stats);
  }
  return {
    vmSwitches: queues.reduce((n, q) => n + q.vmSwitches, 0),
    sliceTicks: queues.reduce((n, q) => n + q.sliceTicks, 0),
    wakeupPreemptions: queues.reduce((n, q) => n + q.wakeupPreemptions, 0),
    vcpus,
    ...(total ? { haltPoll: total } : {}),
  };
}

function add(t: HaltPollSummary | undefined, s: HaltPollStats): HaltPollSummary {
  const z = t ?? { attempted: 0, successes: 0, failures: 0, pollNs: 0, failedPollNs: 0, grows: 0, shrinks: 0 };
  return {
    attempted: z.attempted + s.attempted, successes: z.successes + s.successes, failures: z.failures + s.failures,
    pollNs: z.pollNs + s.pollNs, failedPollNs: z.failedPollNs + s.failedPollNs, grows: z.grows + s.grows, shrinks: z.shrinks + s.shrinks,
  };
}
