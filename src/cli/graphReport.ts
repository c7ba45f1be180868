// `virq graph`: the built machine as a graph of named ports — as text (each device's path to the handlers it
// reaches, then every part's wires), Graphviz DOT (a cluster per VM), or JSON.
import type { MachineGraph, MachineGraphEdge } from '../shared/protocol';

const port = (p: { node: string; port: string }) => `${p.node}.${p.port}`;

/** Parts an interrupt ends at: guest handlers, host drivers and the host's own vector handlers. */
const TERMINAL_KINDS = new Set(['guest-handler', 'host-driver']);

/**
 * The chain of wires an interrupt takes from one part to another: the fewest wires, where a plain call (a sharing
 * notice, a forwarding switch) counts as many wires so the path follows lines, messages, vectors and eventfds when it
 * can (Dijkstra over a small graph; ties go to the wire connected first).
 */
export function pathBetween(g: MachineGraph, from: string, to: string): MachineGraphEdge[] | null {
  const out = new Map<string, MachineGraphEdge[]>();
  for (const e of g.edges) (out.get(e.from.node) ?? out.set(e.from.node, []).get(e.from.node)!).push(e);
  const cost = (e: MachineGraphEdge) => (e.kind === 'call' ? 100 : 1);
  const dist = new Map<string, number>([[from, 0]]);
  const prev = new Map<string, MachineGraphEdge | null>([[from, null]]);
  const done = new Set<string>();
  for (;;) {
    let u: string | null = null;
    for (const [id, d] of dist) if (!done.has(id) && (u === null || d < dist.get(u)!)) u = id;
    if (u === null || u === to) break;
    done.add(u);
    for (const e of out.get(u) ?? []) {
      const d = dist.get(u)! + cost(e);
      if (d < (dist.get(e.to.node) ?? Infinity)) {
        dist.set(e.to.node, d);
        prev.set(e.to.node, e);
      }
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

export function formatGraph(name: string, g: MachineGraph, devices: string[], when: string): string {
  const lines = [`${name}: ${g.nodes.length} parts, ${g.edges.length} wires (${when})`, ''];
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
