// Where each part and wire of a machine graph goes, so the path device → … → guest handler reads left to right:
// columns by depth from the devices (longest path, EOI and other back wires set aside), one horizontal band per
// VM (the host first), parts in a column ordered to keep wires short (barycentre sweeps) and placed level with
// the parts they are wired to where there is room. A VM's band starts at the left edge, not under the host
// columns its path comes after (the drawing wraps: a wire into a VM runs down from the host band). A pure function of the graph: no DOM, no measuring (label
// widths are estimated from a monospace font).
import type { MachineGraph, MachineGraphEdge, MachineGraphNode } from '../../../shared/protocol';
import { naturalCompare } from './naturalOrder';
import { isDevice, readingDirection } from './readingDirection';

export interface LayoutSizes {
  nodeH: number;
  rowGap: number;
  colGap: number;
  /** Width of one label character (monospace). */
  charPx: number;
  labelPadPx: number;
  /** Width of one character of a wire's label. */
  wireCharPx: number;
  minNodeW: number;
  maxNodeW: number;
  /** Left and right margin inside the canvas. */
  marginX: number;
  /** Space above a band's parts for its name, and below them. */
  bandHeadPx: number;
  bandPadPx: number;
  bandGap: number;
}

export const DEFAULT_SIZES: LayoutSizes = {
  nodeH: 24,
  rowGap: 8,
  colGap: 56,
  charPx: 6.7,
  labelPadPx: 18,
  wireCharPx: 5.5,
  minNodeW: 64,
  maxNodeW: 184,
  marginX: 14,
  bandHeadPx: 22,
  bandPadPx: 10,
  bandGap: 10,
};

export interface PlacedPart extends MachineGraphNode {
  x: number;
  y: number;
  w: number;
  h: number;
  column: number;
  /** The label as drawn: shortened with an ellipsis when it does not fit. */
  text: string;
}

export interface PlacedWire {
  /** Index of the edge in the graph's edge list. */
  index: number;
  edge: MachineGraphEdge;
  kind: string;
  /** SVG path from the source's side to the target's side. */
  d: string;
  /** Runs against the reading direction (an EOI going back, an unmask): drawn fainter, looping back when it must. */
  back: boolean;
  /** The wire's label (a device's MSI route), drawn just past its source, above the wire. */
  label?: { text: string; x: number; y: number };
}

export interface PlacedBand {
  vm: string;
  y: number;
  h: number;
  parts: number;
}

export interface DiagramLayout {
  parts: PlacedPart[];
  wires: PlacedWire[];
  bands: PlacedBand[];
  columns: number;
  width: number;
  height: number;
}

const SWEEPS = 4;

export function layoutGraph(graph: MachineGraph, sizes: LayoutSizes = DEFAULT_SIZES, startsAt: (n: MachineGraphNode) => boolean = isDevice): DiagramLayout {
  const nodes = [...graph.nodes].sort((a, b) => naturalCompare(a.id, b.id));
  const indexOf = new Map(nodes.map((n, i) => [n.id, i]));
  const links = graph.edges
    .map((edge, index) => ({ index, edge, from: indexOf.get(edge.from.node), to: indexOf.get(edge.to.node) }))
    .filter((l): l is { index: number; edge: MachineGraphEdge; from: number; to: number } => l.from !== undefined && l.to !== undefined);

  const direction = readingDirection(graph, startsAt);
  const column = columnsOf(
    nodes.length,
    links.filter((l) => direction.forward[l.index]),
    nodes.map(startsAt),
    nodes.map((n) => direction.distance.get(n.id)!),
  );
  const columns = nodes.length ? Math.max(...column) + 1 : 0;

  // Bands: the host first, then each VM in natural order.
  const vms = [...new Set(nodes.map((n) => n.vm))].sort((a, b) => (a === 'host' ? -1 : b === 'host' ? 1 : naturalCompare(a, b)));
  const bandOf = nodes.map((n) => vms.indexOf(n.vm));
  // cells[band][column]: the parts there, top to bottom.
  const cells: number[][][] = vms.map(() => Array.from({ length: columns }, () => []));
  nodes.forEach((_, i) => cells[bandOf[i]!]![column[i]!]!.push(i));

  const pitch = sizes.nodeH + sizes.rowGap;
  const rowsOf = (b: number) => Math.max(1, ...cells[b]!.map((c) => c.length));
  const bands: PlacedBand[] = [];
  let top = sizes.bandGap;
  vms.forEach((vm, b) => {
    const h = sizes.bandHeadPx + rowsOf(b) * pitch - sizes.rowGap + sizes.bandPadPx;
    bands.push({ vm, y: top, h, parts: cells[b]!.reduce((s, c) => s + c.length, 0) });
    top += h + sizes.bandGap;
  });
  const rowsTop = (b: number) => bands[b]!.y + sizes.bandHeadPx;

  // Neighbours in earlier and in later columns (any wire, both directions of reading).
  const before: number[][] = nodes.map(() => []);
  const after: number[][] = nodes.map(() => []);
  for (const l of links) {
    if (column[l.from]! < column[l.to]!) {
      before[l.to]!.push(l.from);
      after[l.from]!.push(l.to);
    } else if (column[l.from]! > column[l.to]!) {
      before[l.from]!.push(l.to);
      after[l.to]!.push(l.from);
    }
  }

  const y = new Float64Array(nodes.length);
  const stack = () => cells.forEach((band, b) => band.forEach((cell) => cell.forEach((i, k) => (y[i] = rowsTop(b) + k * pitch))));
  stack();
  const mean = (ids: number[]) => (ids.length ? ids.reduce((s, i) => s + y[i]!, 0) / ids.length : null);
  const orderBy = (c: number, neighbours: number[][]) => {
    for (const band of cells) {
      const keyed = band[c]!.map((i) => ({ i, key: mean(neighbours[i]!) ?? y[i]! }));
      keyed.sort((p, q) => p.key - q.key);
      band[c] = keyed.map((k) => k.i);
    }
    stack();
  };
  for (let s = 0; s < SWEEPS; s++) {
    for (let c = 1; c < columns; c++) orderBy(c, before);
    for (let c = columns - 2; c >= 0; c--) orderBy(c, after);
  }

  // Final rows: level with the parts wired in from the left (sources: with what they feed), without overlap.
  for (let c = 0; c < columns; c++) {
    cells.forEach((band, b) => {
      const cell = band[c]!;
      const want = cell.map((i) => mean(before[i]!.length ? before[i]! : after[i]!) ?? y[i]!);
      placeInBand(cell, want, rowsTop(b), rowsOf(b), pitch, y);
    });
  }

  // Columns: as wide as their widest label allows.
  const widthOf = nodes.map((n) => clamp(n.label.length * sizes.charPx + sizes.labelPadPx, sizes.minNodeW, sizes.maxNodeW));
  const colW = Array.from({ length: columns }, () => sizes.minNodeW);
  nodes.forEach((_, i) => (colW[column[i]!] = Math.max(colW[column[i]!]!, widthOf[i]!)));
  // A gap wide enough for the labels of the wires leaving a column (a device's MSI route).
  const gap = Array.from({ length: columns }, () => sizes.colGap);
  for (const l of links) {
    const text = l.edge.label;
    if (text) gap[column[l.from]!] = Math.max(gap[column[l.from]!]!, text.length * sizes.wireCharPx + 24);
  }
  const colX: number[] = [];
  let x = sizes.marginX;
  for (let c = 0; c < columns; c++) {
    colX.push(x);
    x += colW[c]! + gap[c]!;
  }

  // Each VM band shifted left so that its first column starts at the margin (the host band stays as it is).
  const shift = vms.map((vm, b) => {
    if (b === 0 && vm === 'host') return 0;
    const first = cells[b]!.findIndex((c) => c.length > 0);
    return first > 0 ? colX[first]! - sizes.marginX : 0;
  });
  let right = 0;
  const parts: PlacedPart[] = nodes.map((n, i) => {
    const w = colW[column[i]!]!;
    const px = colX[column[i]!]! - shift[bandOf[i]!]!;
    right = Math.max(right, px + w);
    return { ...n, x: px, y: y[i]!, w, h: sizes.nodeH, column: column[i]!, text: fitText(n.label, w - sizes.labelPadPx, sizes.charPx) };
  });
  const width = Math.max(right + sizes.marginX, 240);
  const wires: PlacedWire[] = links.map((l) => {
    // Forward into a band below that starts further left: along the gap above the target's band.
    const down = bandOf[l.from]! < bandOf[l.to]! && direction.forward[l.index] === true ? bands[bandOf[l.to]!]!.y - sizes.bandGap / 2 : undefined;
    const w: PlacedWire = { index: l.index, edge: l.edge, kind: l.edge.kind, d: wirePath(parts[l.from]!, parts[l.to]!, down), back: !direction.forward[l.index] };
    const from = parts[l.from]!;
    if (l.edge.label) w.label = { text: l.edge.label, x: from.x + from.w + 6, y: from.y + from.h / 2 - 4 };
    return w;
  });
  return { parts, wires, bands, columns, width, height: top };
}

/**
 * Columns by depth: over the forward wires (`from` is nearer the start than `to`), each part goes one column right of
 * its deepest predecessor, then, but for the starts, as far right as what it drives allows (a pCPU beside its
 * handlers, an IOMMU beside the IOAPIC, not at the far left with the devices).
 */
export function columnsOf(n: number, forward: readonly { from: number; to: number }[], starts: readonly boolean[], distance: readonly number[]): number[] {
  const out: number[][] = Array.from({ length: n }, () => []);
  const indegree = new Uint32Array(n);
  for (const l of forward) {
    out[l.from]!.push(l.to);
    indegree[l.to]!++;
  }
  // The forward wires hold no loop (readingDirection sets aside the wire that closes one), but a detour may end
  // nearer the start than it began: take a topological order of them (Kahn), nearest the start first among equals.
  const byDistance = [...Array(n).keys()].sort((a, b) => distance[a]! - distance[b]! || a - b);
  const order: number[] = [];
  const ready = byDistance.filter((i) => indegree[i] === 0);
  while (ready.length) {
    const u = ready.shift()!;
    order.push(u);
    for (const v of out[u]!) if (--indegree[v]! === 0) ready.splice(insertAt(ready, v, distance), 0, v);
  }
  const column = new Array<number>(n).fill(0);
  for (const u of order) for (const v of out[u]!) column[v] = Math.max(column[v]!, column[u]! + 1);
  const rightFirst = [...order].sort((a, b) => column[b]! - column[a]!);
  for (const u of rightFirst) {
    if (!starts[u] && out[u]!.length) column[u] = Math.max(column[u]!, Math.min(...out[u]!.map((v) => column[v]!)) - 1);
  }
  const least = n ? Math.min(...column) : 0;
  return column.map((c) => c - least);
}

/** Where `v` goes in `ready` (kept sorted by distance, then index). */
function insertAt(ready: number[], v: number, distance: readonly number[]): number {
  let k = 0;
  while (k < ready.length && (distance[ready[k]!]! < distance[v]! || (distance[ready[k]!]! === distance[v]! && ready[k]! < v))) k++;
  return k;
}

/** Rows for one cell: each part as near its wanted height as the parts above and below it allow, on the grid. */
function placeInBand(cell: number[], want: number[], top: number, rows: number, pitch: number, y: Float64Array): void {
  const slots = cell.map((_, k) => k);
  const wantRow = want.map((w) => clamp(Math.round((w - top) / pitch), 0, rows - 1));
  // Down the cell: no higher than wanted, below the part above; then up from the bottom: inside the band.
  for (let k = 0; k < cell.length; k++) slots[k] = Math.max(k === 0 ? 0 : slots[k - 1]! + 1, wantRow[k]!);
  for (let k = cell.length - 1; k >= 0; k--) slots[k] = Math.min(slots[k]!, k === cell.length - 1 ? rows - 1 : slots[k + 1]! - 1);
  cell.forEach((i, k) => (y[i] = top + slots[k]! * pitch));
}

/**
 * A wire from the source's right side to the target's left side; against the reading direction it loops back.
 * `gapY`: into a band below that starts further left (the host into a VM): out to the right of the source, down to
 * the gap above the target's band, along it, and down into the target's left side, with rounded corners.
 */
export function wirePath(a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }, gapY?: number): string {
  const ay = a.y + a.h / 2;
  const by = b.y + b.h / 2;
  if (gapY !== undefined && b.x <= a.x + a.w) {
    const out = a.x + a.w + 10; // inside the right margin (14 px): the drop stays on the canvas
    const inX = b.x - 8;
    return roundedPath([[a.x + a.w, ay], [out, ay], [out, gapY], [inX, gapY], [inX, by], [b.x, by]], 6);
  }
  if (b.x > a.x) {
    const x1 = a.x + a.w;
    const x2 = b.x;
    const k = Math.max(24, (x2 - x1) / 2);
    return `M${x1},${ay} C${x1 + k},${ay} ${x2 - k},${by} ${x2},${by}`;
  }
  if (b.x === a.x) {
    const x1 = a.x + a.w;
    const k = 22 + Math.min(60, Math.abs(by - ay) / 4);
    return `M${x1},${ay} C${x1 + k},${ay} ${x1 + k},${by} ${x1},${by}`;
  }
  // Back to an earlier column: leave from the left side, arrive on the target's right side.
  const x1 = a.x;
  const x2 = b.x + b.w;
  const dip = ay === by ? 16 : 0;
  return `M${x1},${ay} C${x1 - 26},${ay + dip} ${x2 + 26},${by + dip} ${x2},${by}`;
}

/** A polyline of horizontal and vertical runs, its corners rounded (radius at most half of either run). */
function roundedPath(pts: readonly (readonly [number, number])[], r: number): string {
  let d = `M${pts[0]![0]},${pts[0]![1]}`;
  for (let i = 1; i < pts.length - 1; i++) {
    const [px, py] = pts[i - 1]!;
    const [x, y] = pts[i]!;
    const [nx, ny] = pts[i + 1]!;
    const k = Math.min(r, Math.hypot(x - px, y - py) / 2, Math.hypot(nx - x, ny - y) / 2);
    const ux = Math.sign(x - px);
    const uy = Math.sign(y - py);
    const vx = Math.sign(nx - x);
    const vy = Math.sign(ny - y);
    d += ` L${x - ux * k},${y - uy * k} Q${x},${y} ${x + vx * k},${y + vy * k}`;
  }
  const [lx, ly] = pts[pts.length - 1]!;
  return `${d} L${lx},${ly}`;
}

export function fitText(label: string, px: number, charPx: number): string {
  const max = Math.max(3, Math.floor(px / charPx + 1e-6));
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
