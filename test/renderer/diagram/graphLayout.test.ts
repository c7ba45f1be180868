// The machine diagram's layout, as a pure function of the graph: the path reads left to right, each VM is a band
// below the host, nothing overlaps, and it holds up at the datacenter's size.
import { describe, expect, it } from 'vitest';
import { columnsOf, DEFAULT_SIZES, fitText, layoutGraph, type DiagramLayout, type PlacedPart } from '../../../src/renderer/src/diagram/graphLayout';
import { readingDirection } from '../../../src/renderer/src/diagram/readingDirection';
import { datacenter, GraphBuilder, intxSharedLine, msiNicMachine } from './machineFixtures';
import { inProcessLab, presets } from '../support/inProcessLab';

const column = (l: DiagramLayout, id: string) => l.parts.find((p) => p.id === id)!.column;
const part = (l: DiagramLayout, id: string) => l.parts.find((p) => p.id === id)!;

function overlaps(parts: PlacedPart[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    for (let j = i + 1; j < parts.length; j++) {
      const a = parts[i]!;
      const b = parts[j]!;
      if (a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h) out.push(`${a.id} × ${b.id}`);
    }
  }
  return out;
}

describe('machine diagram layout', () => {
  it('reads the INTx path left to right: device, line, IOAPIC, LAPIC, pCPU, genirq, VFIO, eventfd, irqfd, vIOAPIC, vCPU, IDT, handler', () => {
    const l = layoutGraph(intxSharedLine());
    const path = [
      'host/nic0', 'host/pin16', 'host/ioapic', 'host/apic-bus', 'host/cpu0/lapic', 'host/cpu0', 'host/irq16', 'host/vfio/nic0/intx',
      'vm0/eventfd/nic0-intx', 'vm0/irqfd/gsi16', 'vm0/ioapic', 'vm0/vcpu0/vlapic', 'vm0/vcpu0', 'vm0/guest-idt', 'vm0/guest/nic0 driver',
    ];
    const cols = path.map((id) => column(l, id));
    expect(cols).toEqual([...cols].sort((a, b) => a - b));
    expect(new Set(cols).size).toBe(path.length);
    expect(column(l, 'host/nic0')).toBe(0);
    expect(column(l, 'host/disk0')).toBe(0);
  });

  it('sets the wires that run back aside: EOI, the unmask into the device, the kick IPI to a pCPU', () => {
    const g = intxSharedLine();
    const l = layoutGraph(g);
    const back = (from: string, to: string) => l.wires.find((w) => w.edge.from.node === from && w.edge.to.node === to)!.back;
    expect(back('vm0/guest/nic0 driver', 'vm0/vcpu0/vlapic')).toBe(true);
    expect(back('host/vfio/nic0/intx', 'host/nic0')).toBe(true);
    expect(back('vm0/vcpu0/vlapic', 'host/cpu1/reschedule-ipi')).toBe(true);
    expect(back('host/irq16', 'host/vfio/nic0/intx')).toBe(false);
    // Every forward wire goes to a later column.
    for (const w of l.wires) if (!w.back) expect(column(l, w.edge.to.node)).toBeGreaterThan(column(l, w.edge.from.node));
  });

  it('a route a part longer than another into the same part still reads forward (IOAPIC and IOMMU into the APIC bus)', () => {
    const g = datacenter();
    const forward = readingDirection(g).forward;
    const i = g.edges.findIndex((e) => e.from.node === 'host/ioapic' && e.to.node === 'host/apic-bus');
    const j = g.edges.findIndex((e) => e.from.node === 'host/iommu' && e.to.node === 'host/apic-bus');
    expect([forward[i], forward[j]]).toEqual([true, true]);
  });

  it('puts the host first and each VM in its own band below, in natural order, every part inside its band', () => {
    const l = layoutGraph(datacenter());
    expect(l.bands.map((b) => b.vm)).toEqual(['host', 'vm0', 'vm1', 'vm2', 'vm3', 'vm4', 'vm5', 'vm6', 'vm7']);
    for (let k = 1; k < l.bands.length; k++) expect(l.bands[k]!.y).toBeGreaterThanOrEqual(l.bands[k - 1]!.y + l.bands[k - 1]!.h);
    for (const p of l.parts) {
      const band = l.bands.find((b) => b.vm === p.vm)!;
      expect(p.y).toBeGreaterThanOrEqual(band.y);
      expect(p.y + p.h).toBeLessThanOrEqual(band.y + band.h);
      expect(p.x + p.w).toBeLessThanOrEqual(l.width);
    }
    expect(l.bands.reduce((s, b) => s + b.parts, 0)).toBe(l.parts.length);
  });

  it('wraps: each VM band starts at the left margin, and a wire from the host into a VM runs along the gap above the VM band', () => {
    const l = layoutGraph(intxSharedLine());
    const vmParts = l.parts.filter((p) => p.vm === 'vm0');
    expect(Math.min(...vmParts.map((p) => p.x))).toBe(DEFAULT_SIZES.marginX);
    // Still read by column: the VM's parts come after the host's in the reading order.
    expect(column(l, 'vm0/eventfd/nic0-intx')).toBeGreaterThan(column(l, 'host/vfio/nic0/intx'));
    const into = l.wires.find((w) => w.edge.from.node === 'host/vfio/nic0/intx' && w.edge.to.node === 'vm0/eventfd/nic0-intx')!;
    const from = l.parts.find((p) => p.id === 'host/vfio/nic0/intx')!;
    const to = l.parts.find((p) => p.id === 'vm0/eventfd/nic0-intx')!;
    // Out of the source's right side, along the gap above the VM's band (no part there), into the target's left side.
    expect(into.d.startsWith(`M${from.x + from.w},${from.y + from.h / 2}`)).toBe(true);
    expect(into.d.endsWith(`L${to.x},${to.y + to.h / 2}`)).toBe(true);
    const band = l.bands.find((b) => b.vm === 'vm0')!;
    expect(into.d).toContain(`,${band.y - DEFAULT_SIZES.bandGap / 2}`);
    // The drawing is as wide as its widest band, no wider.
    expect(l.width).toBe(Math.max(240, Math.max(...l.parts.map((p) => p.x + p.w)) + DEFAULT_SIZES.marginX));
  });

  it('keeps parts apart, for every fixture and every preset-sized machine', () => {
    for (const g of [msiNicMachine(), intxSharedLine(), datacenter()]) expect(overlaps(layoutGraph(g).parts)).toEqual([]);
  });

  it('lays out the graph the lab builds for every shipped preset: every part placed, none overlapping, forward wires rightwards', async () => {
    const lab = inProcessLab();
    for (const p of presets) {
      const g = await lab.call('machineGraph', { text: p.text });
      if (!g.ok) throw new Error(`${p.name} does not build`);
      const l = layoutGraph(g);
      expect(l.parts, p.name).toHaveLength(g.nodes.length);
      expect(overlaps(l.parts), p.name).toEqual([]);
      for (const w of l.wires) if (!w.back) expect(column(l, w.edge.to.node), p.name).toBeGreaterThan(column(l, w.edge.from.node));
    }
  });

  it('lays out the datacenter (a few hundred parts) with every part and wire placed', () => {
    const g = datacenter();
    expect(g.nodes.length).toBeGreaterThan(150);
    const l = layoutGraph(g);
    expect(l.parts.length).toBe(g.nodes.length);
    expect(l.wires.length).toBe(g.edges.length);
    expect(l.wires.every((w) => w.d.startsWith('M') && !w.d.includes('NaN'))).toBe(true);
  });

  it('places a chain level: each part at the height of the part that drives it', () => {
    const g = new GraphBuilder();
    g.part('host/nic0', 'pci-function');
    g.part('host/pin16', 'intx-line');
    g.part('host/ioapic', 'ioapic');
    g.wire('host/nic0', 'host/pin16', 'irq');
    g.wire('host/pin16', 'host/ioapic', 'irq');
    const l = layoutGraph(g.graph());
    expect(new Set(l.parts.map((p) => p.y)).size).toBe(1);
  });

  it('a pCPU with nothing driving it yet sits just left of its handlers, not with the devices', () => {
    const g = new GraphBuilder();
    g.part('host/nic0', 'pci-function');
    g.part('host/pin16', 'intx-line');
    g.part('host/ioapic', 'ioapic');
    g.part('host/irq16', 'irq-desc');
    g.part('host/cpu0', 'pcpu');
    g.part('host/nic0/driver', 'host-driver');
    g.wire('host/nic0', 'host/pin16', 'irq');
    g.wire('host/pin16', 'host/ioapic', 'irq');
    g.wire('host/ioapic', 'host/irq16', 'call');
    g.wire('host/irq16', 'host/nic0/driver', 'call');
    g.wire('host/cpu0', 'host/nic0/driver', 'vector');
    const l = layoutGraph(g.graph());
    expect(column(l, 'host/cpu0')).toBe(column(l, 'host/nic0/driver') - 1);
  });

  it('draws today\'s partial graph too (pCPUs and handlers, no devices): pCPUs first', () => {
    const g = new GraphBuilder();
    for (const c of [0, 1]) for (const h of ['reschedule-ipi', 'posted-intr-ipi']) g.wire(g.part(`host/cpu${c}`, 'pcpu'), g.part(`host/cpu${c}/${h}`, 'irq-handler'), 'vector');
    g.wire(g.part('vm0/guest-idt', 'guest-idt'), g.part('vm0/guest/nic0 driver', 'guest-handler'), 'vector');
    const l = layoutGraph(g.graph());
    expect(column(l, 'host/cpu0')).toBe(0);
    expect(column(l, 'host/cpu1/posted-intr-ipi')).toBe(1);
    // Each pCPU level with its handlers.
    const cpu = part(l, 'host/cpu1');
    const handlers = ['host/cpu1/reschedule-ipi', 'host/cpu1/posted-intr-ipi'].map((id) => part(l, id).y);
    expect(cpu.y).toBeGreaterThanOrEqual(Math.min(...handlers));
    expect(cpu.y).toBeLessThanOrEqual(Math.max(...handlers));
  });

  it('an empty graph is an empty drawing', () => {
    const l = layoutGraph({ nodes: [], edges: [] });
    expect(l.parts).toEqual([]);
    expect(l.columns).toBe(0);
  });

  it('ignores a wire to a part the graph does not list', () => {
    const g = new GraphBuilder();
    g.part('host/cpu0', 'pcpu');
    g.wire('host/cpu0', 'host/nowhere', 'vector');
    expect(layoutGraph(g.graph()).wires).toEqual([]);
  });

  it('orders a column by natural name when nothing else decides (cpu2 before cpu10)', () => {
    const g = new GraphBuilder();
    for (const c of [10, 2, 1]) g.part(`host/cpu${c}`, 'pcpu');
    const l = layoutGraph(g.graph());
    expect([...l.parts].sort((a, b) => a.y - b.y).map((p) => p.id)).toEqual(['host/cpu1', 'host/cpu2', 'host/cpu10']);
  });

  it('columnsOf: longest path over the forward wires, starts kept in the first column', () => {
    // 0 → 1 → 2 → 3 and 0 → 3: 3 goes after 2.
    const cols = columnsOf(4, [{ from: 0, to: 1 }, { from: 1, to: 2 }, { from: 2, to: 3 }, { from: 0, to: 3 }], [true, false, false, false], [0, 1, 2, 1]);
    expect(cols).toEqual([0, 1, 2, 3]);
  });

  it('shortens a label that does not fit, with an ellipsis', () => {
    expect(fitText('nic3 driver (queue 0)', 80, 6.7)).toBe('nic3 drive…');
    expect(fitText('cpu0', 80, 6.7)).toBe('cpu0');
  });
});
