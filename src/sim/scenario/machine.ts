// A built machine: the simulator, the cost model, the host's pCPUs and the VMs, the interrupt sources, and
// every register file (physical and virtual) for the inspector.
import type { CostModel } from '../core/costModel';
import type { RegisterFile } from '../core/registers';
import type { Simulator } from '../core/simulator';
import type { PCpu } from '../host/pcpu';
import type { Scenario } from './schema';
import type { RunSummary, SetupFailure } from '../../shared/protocol';
import type { Vm } from '../host/kvm/vm';
import type { KvmIoapic } from '../host/kvm/kvmIoapic';
import type { Ioapic } from '../hw/x86/ioapic';
import type { Lapic } from '../hw/x86/lapic';
import type { ArmGic } from '../hw/arm/gic';
import type { ArmVm } from './wire/armHost';
import type { PciFunction } from '../hw/pci/pciFunction';

/** The interrupt parts of an x86 machine by role, for tools that drive them directly (`virq qtest`). */
export interface X86Parts {
  platform: 'x86';
  ioapic: Ioapic;
  lapics: Lapic[];
  vms: Vm[];
  /** A VM's in-kernel IOAPIC (made on first use, as when a device first needs it). */
  vmIoapic(vm: Vm): KvmIoapic;
}

export interface ArmParts {
  platform: 'arm';
  gic: ArmGic;
  vms: ArmVm[];
}

export type MachineParts = (X86Parts | ArmParts) & {
  /** The physical PCI function of each INTx device, by device id (its INTA# can be driven). */
  functions: Map<string, PciFunction>;
};

export class Machine {
  readonly registerFiles: RegisterFile[] = [];
  /** Extra figures a part of the machine adds to the run summary (e.g. GPU mediation, display events). */
  readonly summaryParts: (() => Pick<RunSummary, 'gvt' | 'display' | 'renderLoops' | 'workloads' | 'sched'>)[] = [];
  /** The interrupt controllers and VMs by role (set by the build). */
  parts!: MachineParts;
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

  /** Sources raise until `untilNs`; then the run drains. With `sources` false they stay quiet. */
  start(untilNs: number, sources = true): void {
    this.sim.sourcesUntil = untilNs;
    if (sources) for (const s of this.sources) s.start();
    // vCPUs start in guest mode: each pCPU with a vCPU enters it at time 0.
    for (const p of this.pcpus) p.poke();
  }
}
