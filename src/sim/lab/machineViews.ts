// The machine's wire graph and the hop-kind catalog, as the protocol carries them.
import { HOP_LAYERS } from '../core/catalog/hopKind';
import { HOP_KINDS } from '../core/catalog/hopKinds';
import type { WireGraph } from '../core/wires';
import { durationNs } from '../scenario/fields';
import type { Scenario } from '../scenario/schema';
import type { HopCatalogInfo, HopLayerName, MachineGraph, RegisterFileInfo } from '../../shared/protocol';
import { edgeLabels, partDetails, type DeviceDecl } from './partDetails';

/** What the graph's parts are, besides their wires: the register files and the scenario's devices. */
export interface GraphContext {
  files: readonly Pick<RegisterFileInfo, 'id' | 'owner' | 'device'>[];
  devices: readonly DeviceDecl[];
}

export function machineGraph(wires: WireGraph, ctx: GraphContext = { files: [], devices: [] }): MachineGraph {
  const nodes = wires.nodes().map((n) => ({ id: n.id, kind: n.kind, vm: n.vm, label: n.label ?? n.id }));
  const edges = wires.edges().map((e) => ({ from: { ...e.from }, to: { ...e.to }, kind: e.kind }));
  const details = partDetails(nodes, ctx.files, ctx.devices);
  const labels = edgeLabels(edges, ctx.devices);
  return {
    nodes: nodes.map((n) => ({ ...n, ...details.get(n.id) })),
    edges: edges.map((e, i) => (labels.has(i) ? { ...e, label: labels.get(i)! } : e)),
  };
}

export function hopCatalog(): HopCatalogInfo {
  return {
    layers: (Object.entries(HOP_LAYERS) as [HopLayerName, string][]).map(([layer, label]) => ({ layer, label })),
    kinds: Object.entries(HOP_KINDS).map(([kind, d]) => ({ kind, layer: d.layer, class: d.class, costs: [...d.costs], meaning: d.meaning })),
  };
}

/**
 * When a machine's wiring is complete: some connections are made when a driver loads (VFIO_DEVICE_SET_IRQS,
 * KVM_IRQFD, request_irq), so the graph is read 1 ms after the last driver's load time (within the run's duration).
 */
export function setupEndNs(s: Scenario): number {
  const lastLoad = Math.max(0, ...s.devices.map((d) => durationNs(d.driver.loadAt)));
  return Math.min(lastLoad + 1_000_000, durationNs(s.duration));
}
