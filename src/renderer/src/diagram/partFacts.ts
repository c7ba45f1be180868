// What the diagram says about a part beyond its wires: an interrupt line driven by several devices is shared (one
// pin, its sharers named), a device says how it signals, a VM's band names its vCPUs, vGPUs and devices. A pure
// function of the lab's graph.
import type { MachineGraph, MachineGraphNode } from '../../../shared/protocol';
import { isDevice } from './readingDirection';

const LINE_KINDS: ReadonlySet<string> = new Set(['intx-line', 'irq-line', 'spi']);

/** Each line part driven by more than one device, with those devices' ids (in graph order). */
export function sharedLines(graph: MachineGraph): Map<string, string[]> {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const drivers = new Map<string, string[]>();
  for (const e of graph.edges) {
    const to = byId.get(e.to.node);
    const from = byId.get(e.from.node);
    if (!to || !from || !LINE_KINDS.has(to.kind) || !isDevice(from)) continue;
    const list = drivers.get(to.id) ?? drivers.set(to.id, []).get(to.id)!;
    if (!list.includes(from.id)) list.push(from.id);
  }
  return new Map([...drivers].filter(([, devices]) => devices.length > 1));
}

/** The short form of a device's signalling, from its detail ("PCI function, INTx pin 16, host driver" → "INTx pin 16"). */
export function signalOf(detail: string | undefined): string | null {
  return detail?.split(', ')[1] ?? null;
}

const name = (id: string) => id.slice(id.lastIndexOf('/') + 1);

/** The label a part is drawn with: a device with how it signals, a shared line with its sharers. */
export function drawnLabel(node: MachineGraphNode, shared: ReadonlyMap<string, string[]>): string {
  const sharers = shared.get(node.id);
  if (sharers) return `${node.label} ← ${sharers.map(name).join(', ')}`;
  const signal = isDevice(node) ? signalOf(node.detail) : null;
  return signal ? `${node.label} · ${signal}` : node.label;
}

/** The graph as drawn: labels from drawnLabel (shared lines found in `whole`, the graph before a VM filter). */
export function withDrawnLabels(graph: MachineGraph, whole: MachineGraph = graph): MachineGraph {
  const shared = sharedLines(whole);
  return { nodes: graph.nodes.map((n) => ({ ...n, label: drawnLabel(n, shared) })), edges: graph.edges };
}

/**
 * A band's heading: the VM with its vCPUs, vGPUs and the devices assigned to it ("vm0 · 2 vCPUs · nic0"); the host
 * with its pCPUs and devices.
 */
export function bandTitle(vm: string, graph: MachineGraph): string {
  const own = graph.nodes.filter((n) => n.vm === vm);
  const count = (kind: string, unit: string) => {
    const n = own.filter((p) => p.kind === kind).length;
    return n ? `${n} ${unit}${n === 1 ? '' : 's'}` : null;
  };
  const devices = vm === 'host'
    ? graph.nodes.filter((n) => isDevice(n) && !n.detail?.includes('assigned to ')).map((n) => name(n.id))
    : graph.nodes.filter((n) => isDevice(n) && n.detail?.endsWith(`assigned to ${vm}`)).map((n) => name(n.id));
  const vgpus = own.filter((n) => n.kind === 'vgpu').map((n) => name(n.id));
  const parts = [vm, vm === 'host' ? count('pcpu', 'pCPU') : count('vcpu', 'vCPU'), devices.join(', ') || null, vgpus.length ? `vGPU ${vgpus.join(', ')}` : null];
  return parts.filter((p): p is string => !!p).join(' · ');
}
