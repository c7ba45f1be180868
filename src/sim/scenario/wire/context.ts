// What the wiring steps share while a machine is built from a scenario.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { Vm } from '../../host/kvm/vm';
import type { KvmIoapic } from '../../host/kvm/kvmIoapic';
import type { PCpu } from '../../host/pcpu';
import type { ApicBus } from '../../hw/x86/apicBus';
import type { Ioapic } from '../../hw/x86/ioapic';
import type { InterruptRemapper } from '../../hw/x86/interruptRemapper';
import type { Machine } from '../machine';
import type { Scenario } from '../schema';
import type { VmmParts } from './vmm';
import type { FaultTarget } from './faults';

export interface WireContext extends VmmParts {
  s: Scenario;
  sim: Simulator;
  costs: CostModel;
  bus: ApicBus;
  pcpus: PCpu[];
  ioapic: Ioapic;
  remapper: InterruptRemapper;
  vms: Vm[];
  /** Each VM's in-kernel IOAPIC, made when a device first needs it. */
  vmIoapic(vm: Vm): KvmIoapic;
  machine: Machine;
  /** What the scenario's faults can strike on each device (filled as devices are wired). */
  faultTargets: Map<string, FaultTarget>;
}
