// What a hop kind declares: the layer it belongs to (the swimlane it is drawn in), its class (whose time it is:
// a host CPU's, a guest's, or nobody's — a device, a bus, a message in flight), the cost entries a step of that kind
// may take its time from, and one line saying what happens. The log's colours, the compare view's per-hop rows, the
// Perfetto export and the legend all read these; nothing classifies a hop by its name.
import type { CostName } from './costs';

/** Where in the stack the hop happens. */
export type HopLayer = 'device' | 'hardirq' | 'softirq' | 'kvm' | 'guest' | 'vmm' | 'lab';

export const HOP_LAYERS: Readonly<Record<HopLayer, string>> = {
  device: 'device, bus and interrupt controller (hardware)',
  hardirq: 'host hard-irq context',
  softirq: 'host softirq, tasklet or kernel thread',
  kvm: 'KVM (VM exits and entries, virtual interrupt controllers)',
  guest: 'guest code',
  vmm: 'userspace VMM (QEMU)',
  lab: 'the lab itself (bookkeeping at the end of a run)',
};

/** host: a host CPU's time; guest: a vCPU running guest code; wire: a device, bus or message in flight (no CPU). */
export type HopClassName = 'host' | 'guest' | 'wire';

export interface HopKindDecl {
  layer: HopLayer;
  class: HopClassName;
  /** Cost entries a step of this kind takes its duration from (empty: the hop marks an instant). */
  costs: readonly CostName[];
  meaning: string;
}

/** `hop('hardirq', 'host', ['x'], '…')`: one catalog entry. */
export function hop<const C extends readonly CostName[]>(layer: HopLayer, cls: HopClassName, costs: C, meaning: string): HopKindDecl & { costs: C } {
  return { layer, class: cls, costs, meaning };
}
