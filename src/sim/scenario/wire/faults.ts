// The scenario's `faults:` list wired into the machine (x86): faults that act by themselves are scheduled here (a
// storm's events, a stuck line, a function that stops honouring DisINTx); those a part meets on its way (a lost EOI,
// a lost unmask) are armed in the simulator's fault points, where the vCPU and VFIO ask for them.
import type { Simulator } from '../../core/simulator';
import type { Eventfd } from '../../host/eventfd';
import { RESCHEDULE_VECTOR } from '../../host/kvm/kickVectors';
import type { Vm } from '../../host/kvm/vm';
import type { PCpu } from '../../host/pcpu';
import type { IntxLine } from '../../hw/pci/intxLine';
import type { PciFunction } from '../../hw/pci/pciFunction';
import { durationNs } from '../fields';
import type { FaultSpec } from '../faultSchema';

/** What a fault can strike on a device: its events, its function, its INTx line. */
export interface FaultTarget {
  /** Raises one event of the device (a new flow, or 0 when it is quiesced). */
  raise(what: string): number;
  fn: PciFunction;
  line?: IntxLine;
  owner: string;
  /** msi/msix: one message with no cause behind it, `mark` recording the fault's hop on its flow first. */
  raiseSpurious?(mark: (flow: number) => void): number;
  /** A device assigned to a VM: the eventfds its interrupts are signalled on (KVM's irqfds consume them). */
  eventfds?: Eventfd[];
  /** The pCPU its host interrupt goes to. */
  cpu: PCpu;
}

export function wireFaults(sim: Simulator, faults: readonly FaultSpec[], targets: ReadonlyMap<string, FaultTarget>, vms: readonly Vm[]): void {
  for (const f of faults) {
    const at = durationNs(f.at);
    switch (f.kind) {
      case 'lost-eoi': sim.faults.arm('lost-eoi', f.vm, at, f.count); break;
      case 'guest-stops-eoi': sim.faults.arm('guest-stops-eoi', f.vm, at); break;
      case 'lost-unmask': sim.faults.arm('lost-unmask', f.device, at, f.count); break;
      case 'storm': storm(sim, targets.get(f.device)!, f.device, at, durationNs(f.for), f.rate); break;
      case 'stuck-line': stuckLine(sim, targets.get(f.device)!, f.device, at); break;
      case 'spurious-msi': spuriousMsi(sim, targets.get(f.device)!, f.device, at, f.count, f.rate); break;
      case 'vcpu-descheduled': vcpuDescheduled(sim, vms.find((v) => v.name === f.vm)!, f.vcpu, at, durationNs(f.for)); break;
      case 'eventfd-stall': eventfdStall(sim, targets.get(f.device)!, at, durationNs(f.for)); break;
      case 'ignores-disintx': {
        const t = targets.get(f.device)!;
        sim.at(at, () => {
          sim.hop(0, sim.kind('fault.ignores-disintx'), sim.sid(f.device), sim.sid(t.owner), sim.sid(`${f.device} ignores COMMAND.intxDisable from now on`), 0);
          t.fn.ignoresIntxDisable = true;
          t.fn.intx.send();
        });
        break;
      }
    }
  }
}

/** Events every 1/rate s from `at` for `len` ns (periodic), each through the device's own raise. */
function storm(sim: Simulator, t: FaultTarget, device: string, at: number, len: number, rate: number): void {
  const gap = Math.max(1, Math.round(1e9 / rate));
  const end = at + len;
  sim.at(at, () => sim.hop(0, sim.kind('fault.storm'), sim.sid(device), sim.sid(t.owner), sim.sid(`${device}: storm of ${rate}/s for ${len} ns`), 0));
  const tick = (when: number): void => {
    if (when >= end || when >= sim.sourcesUntil) return;
    sim.at(when, () => {
      t.raise('storm event');
      tick(when + gap);
    });
  };
  tick(at);
}

/** The device's line stays asserted from `at` with no cause behind it (one flow stands for the asserted level). */
function stuckLine(sim: Simulator, t: FaultTarget, device: string, at: number): void {
  const line = t.line!;
  let flow = 0;
  line.attach({ device: `${device} (stuck line)`, asserting: () => flow !== 0, intxFlows: () => (flow ? [flow] : []) });
  sim.at(at, () => {
    flow = sim.raiseFlow(sim.sid(`${line.name} stuck`), sim.sid('host'));
    sim.hop(flow, sim.kind('fault.stuck-line'), sim.sid(device), sim.sid('host'), sim.sid(`${line.name} (${device}'s line) stuck asserted, no cause behind it`), 0);
    line.update();
  });
}

/** `count` messages of the device with no cause behind them, 1/rate s apart from `at`. */
function spuriousMsi(sim: Simulator, t: FaultTarget, device: string, at: number, count: number, rate: number): void {
  const gap = Math.max(1, Math.round(1e9 / rate));
  const kind = sim.kind('fault.spurious-msi');
  for (let i = 0; i < count; i++) {
    const when = at + i * gap;
    if (when >= sim.sourcesUntil) break;
    sim.at(when, () => t.raiseSpurious!((flow) => sim.hop(flow, kind, sim.sid(device), sim.sid(t.owner), sim.sid(`${device}: MSI with no cause (spurious ${i + 1} of ${count})`), 0)));
  }
}

/**
 * Another task takes the vCPU's pCPU from `at` for `len` ns. A vCPU in guest mode is first sent a reschedule IPI
 * (kvm_vcpu_kick's way out); the task starts once it has left guest mode, as a kernel thread (hard interrupts still
 * run): the pCPU schedules the vCPU thread out meanwhile (posted: SN set) and back in after.
 */
function vcpuDescheduled(sim: Simulator, vm: Vm, index: number, at: number, len: number): void {
  const vcpu = vm.vcpus[index]!;
  const pcpu = vcpu.pcpu;
  const kind = sim.kind('fault.vcpu-descheduled');
  const start = (): void => {
    if (vcpu.inGuestMode()) {
      sim.after(100, start);
      return;
    }
    pcpu.wakeThread(() => [{ kind, where: pcpu.where, vm: sim.sid(vm.name), flow: 0, dur: len,
      detail: sim.sid(`another task holds cpu${pcpu.index} for ${len} ns: ${vm.name}.vcpu${index} descheduled`) }]);
  };
  sim.at(at, () => {
    if (vcpu.inGuestMode()) vcpu.sendIpi(RESCHEDULE_VECTOR, []);
    start();
  });
}

/** The consumer of the device's interrupt eventfds stalls from `at` for `len` ns; it resumes on the device's pCPU. */
function eventfdStall(sim: Simulator, t: FaultTarget, at: number, len: number): void {
  const stall = sim.kind('fault.eventfd-stall');
  const resume = sim.kind('fault.eventfd-resume');
  sim.at(at, () => {
    for (const efd of t.eventfds ?? []) {
      sim.hop(0, stall, t.cpu.where, sim.sid(t.owner), sim.sid(`${efd.name}: consumer stalls for ${len} ns`), 0);
      efd.stall(at + len, t.cpu.where,
        (flows) => ({ kind: resume, where: t.cpu.where, flow: flows[0] ?? 0, dur: 0, detail: sim.sid(`${efd.name}: consumer resumes, ${flows.length} signals in one wake-up`) }),
        (steps) => t.cpu.raiseSoftirq(() => steps));
    }
  });
}
