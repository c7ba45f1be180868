// A device's workload (devices[i].workload): made here once its interrupt source exists, started with the machine's
// sources, told by the device's driver (guest or host) which flows its handler serviced on which CPU, and summed into
// the run summary's `workloads` section.
import { percentiles } from '../../core/metrics';
import { Prng } from '../../core/prng';
import { NS_PER_S } from '../../core/time';
import type { FlowGroup } from '../../core/flows';
import type { Vm } from '../../host/kvm/vm';
import type { Vcpu } from '../../host/kvm/vcpu';
import type { Step } from '../../host/step';
import type { PCpu } from '../../host/pcpu';
import { guestDriverCpu, hostDriverCpu, type DriverCpu } from '../../host/net/driverCpu';
import type { IrqRaiser, NicWorkload } from '../../host/net/nicWorkload';
import { RrWorkload } from '../../host/net/rrWorkload';
import { StreamWorkload } from '../../host/net/streamWorkload';
import type { WorkloadSummary } from '../../../shared/protocol';
import type { Machine } from '../machine';
import type { DeviceSpec } from '../schema';
import { durationNs } from '../fields';

/** The workload of a device that has one, with the driver hooks that feed it. */
export interface DeviceWorkload {
  workload: NicWorkload;
  /** For a guest driver's handler (GuestHandler.onServiced): the vCPU index of `vm` that ran it. */
  /** `barTrap`: how the guest's BAR writes go while QEMU traps them (the INTx slow path), when it may. */
  guestServiced(vm: Vm, barTrap?: (vcpu: Vcpu, flow: number) => Step[]): (vcpu: number, flows: FlowGroup) => void;
  /** For a host driver's handler. */
  hostServiced: (pcpu: PCpu, flows: FlowGroup) => void;
}

/**
 * Makes d's workload (null without one) raising through `raiser`, which may be bound later (the source is made
 * after the drivers). It starts with the machine's sources, in place of the open-loop arrivals.
 */
export function wireWorkload(machine: Machine, d: DeviceSpec, raiser: IrqRaiser): DeviceWorkload | null {
  const spec = d.workload;
  if (!spec) return null;
  const { sim, costs } = machine;
  const startAt = durationNs(d.driver.loadAt);
  let w: RrWorkload | StreamWorkload;
  if (spec.kind === 'rr') {
    w = new RrWorkload(sim, costs, d.id, d.owner, {
      wireNs: durationNs(spec.wireNs), wireJitterNs: durationNs(spec.wireJitter), appWorkNs: durationNs(spec.appWork),
      clients: spec.clients, txIrq: spec.txIrq, startAt,
    }, raiser, Prng.derive(machine.scenario.seed, `${d.id}/rr`));
  } else {
    w = new StreamWorkload(sim, costs, d.id, d.owner, {
      periodNs: (spec.packetBytes * 8) / spec.gbps, moderation: { usecsNs: spec.coalesceUs * 1000, frames: spec.coalesceFrames },
      budget: spec.budget, perPacketNs: durationNs(spec.perPacket), ringSize: spec.ringSize, startAt,
    }, raiser);
  }
  machine.sources.push(w);
  register(machine, () => summarize(machine, d, w, startAt));
  const cpus = new Map<object, DriverCpu>();
  const cpuOf = <T extends object>(key: T, make: (k: T) => DriverCpu) => {
    let c = cpus.get(key);
    if (!c) cpus.set(key, (c = make(key)));
    return c;
  };
  return {
    workload: w,
    guestServiced: (vm, barTrap) => (i, flows) => w.serviced(cpuOf(vm.vcpus[i]!, (v) => guestDriverCpu(sim, v, barTrap)), flows),
    hostServiced: (pcpu, flows) => w.serviced(cpuOf(pcpu, (p) => hostDriverCpu(sim, p)), flows),
  };
}

const parts = new WeakMap<Machine, (() => WorkloadSummary)[]>();

/** One summary part per machine gathers every device's figures (parts merge by their top-level key). */
function register(machine: Machine, part: () => WorkloadSummary): void {
  let list = parts.get(machine);
  if (!list) {
    const all: (() => WorkloadSummary)[] = (list = []);
    parts.set(machine, all);
    machine.summaryParts.push(() => ({ workloads: Object.fromEntries(all.map((p) => { const s = p(); return [s.device, s]; })) }));
  }
  list.push(part);
}

function summarize(machine: Machine, d: DeviceSpec, w: RrWorkload | StreamWorkload, startAt: number): WorkloadSummary {
  const sim = machine.sim;
  const windowNs = Math.max(1, sim.sourcesUntil - startAt);
  const perSec = (n: number) => (n * NS_PER_S) / windowNs;
  const vmExits = d.owner === 'host' ? 0 : sim.exits.summary(d.owner).total;
  const base = {
    device: d.id, owner: d.owner, windowNs, interrupts: w.interrupts, interruptsPerSec: perSec(w.interrupts),
    handlerRuns: w.handlerRuns, vmExits,
  };
  if (w instanceof RrWorkload) {
    const lat = Float64Array.from(w.latencies);
    const mean = lat.length ? Math.round(lat.reduce((a, b) => a + b, 0) / lat.length) : 0;
    return {
      ...base, kind: 'rr',
      rr: {
        clients: w.p.clients, transactions: w.completedInWindow, transactionsPerSec: perSec(w.completedInWindow),
        exitsPerTransaction: lat.length ? vmExits / lat.length : 0,
        latencyNs: { ...percentiles(lat), mean }, maxOutstanding: w.maxOutstanding,
      },
    };
  }
  const spec = d.workload!.kind === 'stream' ? d.workload! : null;
  const bytes = spec?.packetBytes ?? 0;
  return {
    ...base, kind: 'stream',
    stream: {
      offeredGbps: spec?.gbps ?? 0,
      gbps: (w.consumedInWindow * bytes * 8) / windowNs,
      packets: w.consumedInWindow, packetsPerSec: perSec(w.consumedInWindow),
      drops: w.ring.dropped, polls: w.polls,
      packetsPerInterrupt: w.handlerRuns ? w.ring.consumed / w.handlerRuns : 0,
      exitsPerInterrupt: w.interrupts ? vmExits / w.interrupts : 0,
    },
  };
}
