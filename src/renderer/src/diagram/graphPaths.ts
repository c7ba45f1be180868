// Paths through the machine graph: what a hovered part lights up, and what a VM filter keeps. A walk follows the
// forward wires (readingDirection) downstream and upstream of the parts it starts from, within these limits:
// - a hub (a part that spreads to more than `hubSize` parts the way the walk goes, or to several while gathering
//   from many: the APIC bus, a pCPU's vectors) is lit, but the walk does not go on through it that way: the graph
//   does not say which of its wires an interrupt takes, and following all of them would light most of the machine;
// - a part lights the device it is named after (the id convention: "vm0/eventfd/nic0-msi0" is nic0's), a device
//   the parts named after it, and the walk goes on from those: a guest handler lights its device, a device the
//   path to its VM's handler (only for the parts the walk starts from: a device met on the way, such as a host
//   disk sharing the line, is lit but does not light its own driver);
// - wires against the direction (EOI, an unmask, a kick IPI) are not walked, but one touching a lit part lights the
//   part at its other end;
// - every wire between two lit parts is lit.
import type { MachineGraph } from '../../../shared/protocol';
import { isDevice, readingDirection } from './readingDirection';
import { mentions, partName } from './partNames';

export interface PathSet {
  parts: Set<string>;
  /** Indexes into graph.edges. */
  wires: Set<number>;
}

export interface WalkOptions {
  /** Per edge, true when it reads forward; computed from the graph when not given. */
  forward?: readonly boolean[];
  /** Parts the walk may enter. */
  keep?: (id: string) => boolean;
  hubSize?: number;
  /**
   * Device names known from elsewhere (the scenario's devices): their parts light one another even while the graph
   * has no part for the device itself.
   */
  deviceNames?: readonly string[];
}

export const HUB_SIZE = 2;

/** The parts (one id or several), the parts on the paths through them, and the wires between those. */
export function pathsThrough(graph: MachineGraph, ids: string | readonly string[], opts: WalkOptions = {}): PathSet {
  const forward = opts.forward ?? readingDirection(graph).forward;
  const keep = opts.keep ?? (() => true);
  const hubSize = opts.hubSize ?? HUB_SIZE;
  const known = new Set(graph.nodes.map((n) => n.id));
  const starts = (typeof ids === 'string' ? [ids] : [...ids]).filter((id) => known.has(id));
  const down = new Map<string, number[]>();
  const up = new Map<string, number[]>();
  const against = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, i: number) => (m.get(k) ?? m.set(k, []).get(k)!).push(i);
  graph.edges.forEach((e, i) => {
    if (forward[i]) {
      add(down, e.from.node, i);
      add(up, e.to.node, i);
    } else {
      add(against, e.from.node, i);
      add(against, e.to.node, i);
    }
  });
  const distinct = (edges: number[] | undefined, end: 'from' | 'to') => new Set((edges ?? []).map((i) => graph.edges[i]![end].node)).size;
  // Walking one way, a part is a hub when it spreads that way to many parts, or to several while gathering from
  // many the other way (a bus): a pCPU fed by one LAPIC is walked back through, not forward into its vectors.
  const isHub = (id: string, way: 'down' | 'up' = 'down') => {
    const outs = distinct(down.get(id), 'to');
    const ins = distinct(up.get(id), 'from');
    const [ahead, behind] = way === 'down' ? [outs, ins] : [ins, outs];
    return ahead > hubSize || (ahead > 1 && behind > hubSize);
  };
  const devices: { id: string | null; name: string }[] = graph.nodes.filter(isDevice).map((n) => ({ id: n.id, name: partName(n.id) }));
  for (const name of opts.deviceNames ?? []) if (!devices.some((d) => d.name === name)) devices.push({ id: null, name });

  const parts = new Set<string>(starts);
  const origin = new Set(starts);
  const walk = (from: string[], way: 'down' | 'up', other: (i: number) => string) => {
    const by = way === 'down' ? down : up;
    const seen = new Set(from);
    const queue = [...from];
    for (let q = 0; q < queue.length; q++) {
      const u = queue[q]!;
      if (!origin.has(u) && isHub(u, way)) continue;
      for (const i of by.get(u) ?? []) {
        const v = other(i);
        if (!keep(v)) continue;
        parts.add(v);
        if (!seen.has(v)) {
          seen.add(v);
          queue.push(v);
        }
      }
    }
  };

  // The devices the starting parts are or are named after: their parts are lit and walked from too.
  walk(starts, 'down', (i) => graph.edges[i]!.to.node);
  walk(starts, 'up', (i) => graph.edges[i]!.from.node);
  const named = new Set<string>();
  for (const d of devices) {
    if ((d.id !== null && !keep(d.id)) || !starts.some((id) => mentions(id, d.name))) continue;
    if (d.id !== null) named.add(d.id);
    for (const n of graph.nodes) if (mentions(n.id, d.name) && keep(n.id)) named.add(n.id);
  }
  const more = [...named].filter((id) => !origin.has(id));
  more.forEach((id) => {
    parts.add(id);
    origin.add(id);
  });
  walk(more, 'down', (i) => graph.edges[i]!.to.node);
  walk(more, 'up', (i) => graph.edges[i]!.from.node);
  // Wires against the direction light the part at their other end, and stop there.
  for (const id of [...parts]) {
    for (const i of against.get(id) ?? []) {
      const e = graph.edges[i]!;
      const other = e.from.node === id ? e.to.node : e.from.node;
      if (keep(other)) parts.add(other);
    }
  }

  const wires = new Set<number>();
  graph.edges.forEach((e, i) => {
    if (parts.has(e.from.node) && parts.has(e.to.node)) wires.add(i);
  });
  return { parts, wires };
}

/**
 * The graph seen from one VM: its parts and the host parts on paths through them (walking only that VM's and the
 * host's parts, stopping at hubs). "host" keeps the host's parts alone; an empty name keeps everything.
 */
export function graphOfVm(graph: MachineGraph, vm: string, deviceNames: readonly string[] = []): MachineGraph {
  if (!vm) return graph;
  const own = graph.nodes.filter((n) => n.vm === vm).map((n) => n.id);
  let keep = new Set(own);
  if (vm !== 'host') {
    const vmOf = new Map(graph.nodes.map((n) => [n.id, n.vm]));
    keep = pathsThrough(graph, own, { keep: (id) => vmOf.get(id) === vm || vmOf.get(id) === 'host', deviceNames }).parts;
  }
  return {
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges: graph.edges.filter((e) => keep.has(e.from.node) && keep.has(e.to.node)),
  };
}

/** The VMs of a graph, the host first. */
export function vmsOf(graph: MachineGraph | null): string[] {
  const vms = [...new Set((graph?.nodes ?? []).map((n) => n.vm))];
  return vms.sort((a, b) => (a === 'host' ? -1 : b === 'host' ? 1 : a.localeCompare(b, 'en', { numeric: true })));
}
