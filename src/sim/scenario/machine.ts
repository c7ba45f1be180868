// A built machine: the simulator, the cost model, the host's pCPUs and the VMs, the interrupt sources, and
// every register file (physical and virtual) for the inspector.
import type { CostModel } from '../core/costModel';
import type { RegisterFile } from '../core/registers';
import type { Simulator } from '../core/simulator';
import type { PCpu } from '../host/pcpu';
import type { Scenario } from './schema';
import type { RunSummary, SetupFailure } from '../../shared/protocol';

export class Machine {
  readonly registerFiles: RegisterFile[] = [];
  /** Extra figures a part of the machine adds to the run summary (e.g. GPU mediation, display events). */
  readonly summaryParts: (() => Pick<RunSummary, 'gvt' | 'display'>)[] = [];
  /** Setup calls that failed during the run (request_irq's -EBUSY, VFIO_DEVICE_SET_IRQS refused). */
  readonly setupFailures: SetupFailure[] = [];

  constructor(
    readonly scenario: Scenario,
    readonly sim: Simulator,
    readonly costs: CostModel,
    readonly pcpus: PCpu[],
    readonly vms: { name: string }[],
    /** Everything that raises interrupts: started once, stops at `untilNs`. */
    readonly sources: { start(): void }[],
  ) {}

  /** Sources raise until `untilNs`; then the run drains. */
  start(untilNs: number): void {
    this.sim.sourcesUntil = untilNs;
    for (const s of this.sources) s.start();
    // vCPUs start in guest mode: each pCPU with a vCPU enters it at time 0.
    for (const p of this.pcpus) p.poke();
  }
}
