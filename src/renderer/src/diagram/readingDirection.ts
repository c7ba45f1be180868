// Which way each wire of a machine graph reads. An interrupt starts at a device (or, before the devices are on the
// graph, at a part nothing drives) and moves away from it; a wire into a device, or back to a part much nearer the
// start than its source, runs against that direction (an unmask back to the device, a kick IPI back to a pCPU), and
// so does every EOI wire and any wire that would close a loop. The layout sets those aside for depth; the paths a
// hover lights walk only the forward ones.
import type { MachineGraph, MachineGraphNode } from '../../../shared/protocol';
import { familyOf } from './partStyles';

/** Wire kinds that run against the path whatever the distances say (the guest's EOI back towards the line). */
export const BACKWARD_KINDS: ReadonlySet<string> = new Set(['eoi']);

/** Where interrupts start. */
export const isDevice = (n: MachineGraphNode) => familyOf(n.kind) === 'device';

/** How many parts longer than the shortest route a forward route may be. */
const DETOUR = 3;

export interface ReadingDirection {
  /** Steps from the nearest start, by part id. */
  distance: Map<string, number>;
  /** Per graph edge (same index): true when it reads forward. */
  forward: boolean[];
}

export function readingDirection(graph: MachineGraph, startsAt: (n: MachineGraphNode) => boolean = isDevice): ReadingDirection {
  const ids = graph.nodes.map((n) => n.id);
  const indexOf = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const out: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Uint32Array(n);
  const ends = graph.edges.map((e) => [indexOf.get(e.from.node), indexOf.get(e.to.node)] as const);
  graph.edges.forEach((e, k) => {
    const [a, b] = ends[k]!;
    if (a === undefined || b === undefined || a === b || BACKWARD_KINDS.has(e.kind)) return;
    out[a]!.push(b);
    indegree[b]!++;
  });
  // From the starts (when there are none: from the parts nothing drives); then from the undriven parts the starts
  // do not reach (what only an EOI feeds); then any loop of its own, from where it is first met.
  const dist = new Int32Array(n).fill(-1);
  const queue: number[] = [];
  let q = 0;
  const spread = (seeds: number[]) => {
    for (const i of seeds) {
      if (dist[i] !== -1) continue;
      dist[i] = 0;
      queue.push(i);
    }
    for (; q < queue.length; q++) {
      const u = queue[q]!;
      for (const v of out[u]!) {
        if (dist[v] !== -1) continue;
        dist[v] = dist[u]! + 1;
        queue.push(v);
      }
    }
  };
  const all = [...Array(n).keys()];
  const undriven = all.filter((i) => indegree[i] === 0);
  const given = all.filter((i) => startsAt(graph.nodes[i]!));
  spread(given.length ? given : undriven);
  spread(undriven);
  for (const i of all) spread([i]);
  // Forward: not into a start (what drives a device is feedback: an unmask, a config write), and not back to a part
  // much nearer the start (a kick IPI from a vCPU to a pCPU's handler); a detour a few parts longer than the
  // shortest route still reads forward (an IOAPIC and an IOMMU both feeding the APIC bus).
  const isStart = all.map((i) => startsAt(graph.nodes[i]!));
  const candidate = graph.edges.map((e, k) => {
    const [a, b] = ends[k]!;
    return a !== undefined && b !== undefined && a !== b && !BACKWARD_KINDS.has(e.kind) && !isStart[b] && dist[b]! >= dist[a]! - DETOUR;
  });
  // What is left may still hold a loop: a depth-first walk from the starts sets aside the wire that closes each.
  const next: [number, number][][] = Array.from({ length: n }, () => []);
  candidate.forEach((c, k) => c && next[ends[k]![0]!]!.push([ends[k]![1]!, k]));
  const forward = [...candidate];
  const state = new Uint8Array(n); // 0 unseen, 1 on the walk, 2 done
  const roots = [...all].sort((a, b) => Number(isStart[b]) - Number(isStart[a]) || dist[a]! - dist[b]!);
  for (const root of roots) {
    if (state[root]) continue;
    const walk: [number, number][] = [[root, 0]];
    state[root] = 1;
    while (walk.length) {
      const top = walk[walk.length - 1]!;
      const [u, at] = top;
      if (at >= next[u]!.length) {
        state[u] = 2;
        walk.pop();
        continue;
      }
      top[1]++;
      const [v, k] = next[u]![at]!;
      if (state[v] === 1) forward[k] = false;
      else if (state[v] === 0) {
        state[v] = 1;
        walk.push([v, 0]);
      }
    }
  }
  return { distance: new Map(ids.map((id, i) => [id, dist[i]!])), forward };
}
