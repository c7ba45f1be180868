// The scenario's `faults:` list wired into the machine (x86): faults that act by themselves are scheduled here (a
// storm's events, a stuck line, a function that stops honouring DisINTx); those a part meets on its way (a lost EOI,
// a lost unmask) are armed in the simulator's fault points, where the vCPU and VFIO ask for them.
import type { Simulator } from '../../core/simulator';
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
}

export function wireFaults(sim: Simulator, faults: readonly FaultSpec[], targets: ReadonlyMap<string, FaultTarget>): void {
  for (const f of faults) {
    const at = durationNs(f.at);
    switch (f.kind) {
      case 'lost-eoi': sim.faults.arm('lost-eoi', f.vm, at, f.count); break;
      case 'guest-stops-eoi': sim.faults.arm('guest-stops-eoi', f.vm, at); break;
      case 'lost-unmask': sim.faults.arm('lost-unmask', f.device, at, f.count); break;
      case 'storm': storm(sim, targets.get(f.device)!, f.device, at, durationNs(f.for), f.rate); break;
      case 'stuck-line': stuckLine(sim, targets.get(f.device)!, f.device, at); break;
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
