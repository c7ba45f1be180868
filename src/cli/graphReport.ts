// `virq graph`: the built machine as a graph of named ports — as text (each device's path to the handlers it
// reaches, then every part's wires), Graphviz DOT (a cluster per VM), or JSON.
import type { MachineGraph, MachineGraphEdge } from '../shared/protocol';

const port = (p: { node: string; port: string }) => `${p.node}.${p.port}`;

/** Parts an interrupt ends at: guest handlers, host drivers and the host's own vector handlers. */
const TERMINAL_KINDS = new Set(['guest-handler', 'host-driver']);

/** Breadth-first shortest chain of wires from one part to another (wires in the order they were connected). */
export function pathBetween(g: MachineGraph, from: string, to: string): MachineGraphEdge[] | null {
  const out = new Map<string, MachineGraphEdge[]>();
  for (const e of g.edges) (out.get(e.from.node) ?? out.set(e.from.node, []).get(e.from.node)!).push(e);
  const prev = new Map<string, MachineGraphEdge | null>([[from, null]]);
  const queue = [from];
  while (queue.length) {
    const id = queue.shift()!;
    if (id === to) break;
    for (const e of out.get(id) ?? []) {
      if (prev.has(e.to.node)) continue;
      prev.set(e.to.node, e);
      queue.push(e.to.node);
    }
  }
  if (!prev.has(to)) return null;
  const chain: MachineGraphEdge[] = [];
  for (let e = prev.get(to)!; e; e = prev.get(e.from.node)!) chain.unshift(e);
  return chain;
}

/** Every (device, handler) pair joined by wires, with its chain. */
export function devicePaths(g: MachineGraph, devices: string[]): { device: string; handler: string; chain: MachineGraphEdge[] }[] {
  const handlers = g.nodes.filter((n) => TERMINAL_KINDS.has(n.kind)).map((n) => n.id);
  const out = [];
  for (const d of devices) {
    const from = `host/${d}`;
    for (const h of handlers) {
      const chain = pathBetween(g, from, h);
      if (chain && chain.length) out.push({ device: d, handler: h, chain });
    }
  }
  return out;
}

export function formatGraph(name: string, g: MachineGraph, devices: string[], atNs: number): string {
  const lines = [`${name}: ${g.nodes.length} parts, ${g.edges.length} wires (at ${atNs / 1e6} ms, every driver loaded)`, ''];
  const paths = devicePaths(g, devices);
  lines.push('Paths from each device to the handlers it reaches:');
  if (!paths.length) lines.push('  (none)');
  for (const p of paths) {
    lines.push(`  ${p.device} → ${p.handler}`);
    for (const e of p.chain) lines.push(`    ${port(e.from)} ─${e.kind}→ ${port(e.to)}`);
  }
  lines.push('', 'Wires by part:');
  const byNode = new Map<string, MachineGraphEdge[]>();
  for (const e of g.edges) (byNode.get(e.from.node) ?? byNode.set(e.from.node, []).get(e.from.node)!).push(e);
  for (const n of g.nodes) {
    const out = byNode.get(n.id) ?? [];
    lines.push(`  ${n.id} (${n.kind}${n.label !== n.id ? `, "${n.label}"` : ''})`);
    for (const e of out) lines.push(`    .${e.from.port} ─${e.kind}→ ${port(e.to)}`);
  }
  return lines.join('\n');
}

const COLOUR: Record<string, string> = {
  irq: '#c0392b', msi: '#2471a3', vector: '#7d3c98', eventfd: '#b9770e', eoi: '#1e8449', ipi: '#cb4335', mmio: '#566573', call: '#808b96',
};

const q = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function formatDot(name: string, g: MachineGraph): string {
  const lines = [`digraph ${q(name)} {`, '  rankdir=LR;', '  node [shape=box, fontname="Helvetica", fontsize=10];', '  edge [fontname="Helvetica", fontsize=8];'];
  const vms = [...new Set(g.nodes.map((n) => n.vm))];
  vms.forEach((vm, i) => {
    lines.push(`  subgraph cluster_${i} {`, `    label=${q(vm)};`);
    for (const n of g.nodes.filter((x) => x.vm === vm)) lines.push(`    ${q(n.id)} [label=${q(`${n.label}\n(${n.kind})`)}];`);
    lines.push('  }');
  });
  for (const e of g.edges) lines.push(`  ${q(e.from.node)} -> ${q(e.to.node)} [label=${q(`${e.from.port} → ${e.to.port}`)}, color=${q(COLOUR[e.kind] ?? '#000000')}];`);
  lines.push('}');
  return lines.join('\n');
}
