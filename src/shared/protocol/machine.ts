// The built machine as a graph of named ports (what `virq graph` prints and the machine diagram draws), and the
// hop-kind catalog (layer, class, costs, meaning) the log's colours, legend and swimlanes read.

/** What travels on a wire. */
export type WireKindName = 'irq' | 'msi' | 'vector' | 'eventfd' | 'eoi' | 'ipi' | 'mmio' | 'call';

export interface MachineGraphNode {
  id: string;
  /** What the part is: "pci-function", "ioapic", "lapic", "pcpu", "irq-desc", "eventfd", "irqfd", "vcpu", … */
  kind: string;
  /** The VM the part belongs to, or "host". */
  vm: string;
  label: string;
  /** The register files the part owns, by id (what the inspector opens); empty when it has none. */
  registerFiles?: string[];
  /** The log's "where" of the part's own hops (a device, a pCPU, a LAPIC, a vCPU); absent for software parts,
   *  whose hops are logged at the CPU that runs them. */
  logPlace?: string;
  /** A device: what it is and how it signals, from the scenario ("PCI function, INTx pin 16, host driver"). */
  detail?: string;
}

export interface MachineGraphEdge {
  from: { node: string; port: string };
  to: { node: string; port: string };
  kind: WireKindName;
  /** A device's own message wire: where its MSI goes ("MSI → cpu0 vector 0x41"). */
  label?: string;
}

export interface MachineGraph {
  nodes: MachineGraphNode[];
  edges: MachineGraphEdge[];
}

/** A graph, or the problems that kept the text from building one. */
export type MachineGraphResult = ({ ok: true } & MachineGraph) | { ok: false; issues: import('./scenario').ScenarioIssue[] };

/** Where in the stack a hop happens (a swimlane). */
export type HopLayerName = 'device' | 'hardirq' | 'softirq' | 'kvm' | 'guest' | 'vmm' | 'lab';

export interface HopKindInfo {
  kind: string;
  layer: HopLayerName;
  /** host: a host CPU's time; guest: guest code; wire: a device, bus or message in flight. */
  class: 'host' | 'guest' | 'wire';
  costs: string[];
  meaning: string;
}

export interface HopCatalogInfo {
  layers: { layer: HopLayerName; label: string }[];
  kinds: HopKindInfo[];
}
