// The machine's wire graph and the hop-kind catalog, as the protocol carries them.
import { HOP_LAYERS } from '../core/catalog/hopKind';
import { HOP_KINDS } from '../core/catalog/hopKinds';
import type { WireGraph } from '../core/wires';
import type { HopCatalogInfo, HopLayerName, MachineGraph } from '../../shared/protocol';

export function machineGraph(wires: WireGraph): MachineGraph {
  return {
    nodes: wires.nodes().map((n) => ({ id: n.id, kind: n.kind, vm: n.vm, label: n.label ?? n.id })),
    edges: wires.edges().map((e) => ({ from: { ...e.from }, to: { ...e.to }, kind: e.kind })),
  };
}

export function hopCatalog(): HopCatalogInfo {
  return {
    layers: (Object.entries(HOP_LAYERS) as [HopLayerName, string][]).map(([layer, label]) => ({ layer, label })),
    kinds: Object.entries(HOP_KINDS).map(([kind, d]) => ({ kind, layer: d.layer, class: d.class, costs: [...d.costs], meaning: d.meaning })),
  };
}
