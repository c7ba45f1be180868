// What the diagram says about parts beyond their wires: a line driven by several devices is shared and names them,
// a device says how it signals, a band names its VM's vCPUs, devices and vGPUs; and which log filter shows a part.
import { describe, expect, it } from 'vitest';
import { bandTitle, drawnLabel, sharedLines, signalOf, withDrawnLabels } from '../../../src/renderer/src/diagram/partFacts';
import { partLogFilter } from '../../../src/renderer/src/diagram/partLogFilter';
import { layoutGraph } from '../../../src/renderer/src/diagram/graphLayout';
import { GraphBuilder, intxSharedLine } from './machineFixtures';
import { inProcessLab, presetText } from '../support/inProcessLab';

describe('part facts', () => {
  it('a line driven by two devices is shared, and its label names both; a line of one device is not', () => {
    const g = new GraphBuilder();
    const pin16 = g.part('host/pin16', 'intx-line');
    const pin17 = g.part('host/pin17', 'intx-line');
    g.wire(g.part('host/nic0', 'pci-function'), pin16, 'irq');
    g.wire(g.part('host/disk0', 'pci-function'), pin16, 'irq');
    g.wire(g.part('host/nic1', 'pci-function'), pin17, 'irq');
    g.wire('host/nic0', pin16, 'irq', 'again'); // a second wire from the same device is not a second sharer
    const graph = g.graph();
    const shared = sharedLines(graph);
    expect([...shared]).toEqual([['host/pin16', ['host/nic0', 'host/disk0']]]);
    expect(drawnLabel(graph.nodes.find((n) => n.id === 'host/pin16')!, shared)).toBe('pin16 ← nic0, disk0');
    expect(drawnLabel(graph.nodes.find((n) => n.id === 'host/pin17')!, shared)).toBe('pin17');
  });

  it('a device is labelled with how the scenario says it signals, never with a kind guessed from its id', () => {
    expect(signalOf('PCI function, INTx pin 16, host driver')).toBe('INTx pin 16');
    expect(signalOf(undefined)).toBeNull();
    const disk = { id: 'host/disk0', kind: 'pci-function', vm: 'host', label: 'disk0', detail: 'PCI function, INTx pin 16, host driver' };
    expect(drawnLabel(disk, new Map())).toBe('disk0 · INTx pin 16');
    expect(drawnLabel({ ...disk, detail: undefined }, new Map())).toBe('disk0');
    // Only devices: an eventfd with a detail keeps its label.
    expect(drawnLabel({ ...disk, kind: 'eventfd' }, new Map())).toBe('disk0');
  });

  it('band titles: the VM\'s vCPUs, its assigned devices and vGPUs; the host\'s pCPUs and own devices', () => {
    const g = new GraphBuilder();
    g.part('host/cpu0', 'pcpu');
    g.part('host/cpu1', 'pcpu');
    g.nodes.push({ id: 'host/nic0', kind: 'pci-function', vm: 'host', label: 'nic0', detail: 'PCI function, MSI, assigned to vm1' });
    g.nodes.push({ id: 'host/disk0', kind: 'pci-function', vm: 'host', label: 'disk0', detail: 'PCI function, INTx pin 16, host driver' });
    g.part('vm0/vcpu0', 'vcpu');
    g.nodes.push({ id: 'host/gvt/vgpu1', kind: 'vgpu', vm: 'vm0', label: 'vgpu1 (vm0)' });
    g.part('vm1/vcpu0', 'vcpu');
    g.part('vm1/vcpu1', 'vcpu');
    const graph = g.graph();
    expect(bandTitle('host', graph)).toBe('host · 2 pCPUs · disk0');
    // A VM whose only device is a vGPU says so, not "devices: none".
    expect(bandTitle('vm0', graph)).toBe('vm0 · 1 vCPU · vGPU vgpu1');
    expect(bandTitle('vm1', graph)).toBe('vm1 · 2 vCPUs · nic0');
    expect(bandTitle('vm1', graph)).not.toContain('vm10');
  });

  it('intx-shared-line as the lab builds it: pin16 shared by nic0 and disk0, both labelled INTx pin 16', async () => {
    const lab = inProcessLab();
    const r = await lab.call('machineGraph', { text: presetText('intx-shared-line') });
    if (!r.ok) throw new Error('does not build');
    const drawn = withDrawnLabels(r);
    const label = (id: string) => drawn.nodes.find((n) => n.id === id)!.label;
    expect(label('host/pin16')).toBe('pin16 ← nic0, disk0');
    expect(label('host/disk0')).toBe('disk0 · INTx pin 16');
    expect(label('host/nic0')).toBe('nic0 · INTx pin 16');
    expect(bandTitle('vm0', r)).toBe('vm0 · 2 vCPUs · nic0');
  });

  it('the log filter of a part: its own place, else the device it serves, else its VM; a host part with neither has none', () => {
    const devices = ['nic0', 'disk0'];
    expect(partLogFilter({ id: 'host/cpu0/lapic', vm: 'host', logPlace: 'cpu0.lapic' }, devices)).toMatchObject({ vm: '', device: 'cpu0.lapic' });
    expect(partLogFilter({ id: 'host/vfio/nic0/intx', vm: 'host' }, devices)).toMatchObject({ vm: '', device: 'nic0' });
    expect(partLogFilter({ id: 'vm0/eventfd/nic0-resample', vm: 'vm0' }, devices)).toMatchObject({ vm: '', device: 'nic0' });
    expect(partLogFilter({ id: 'vm0/irqfd/gsi16', vm: 'vm0' }, devices)).toMatchObject({ vm: 'vm0', device: '' });
    expect(partLogFilter({ id: 'host/apic-bus', vm: 'host' }, devices)).toBeNull();
    // nic1 is not nic10's device.
    expect(partLogFilter({ id: 'host/vfio/nic10/msi0', vm: 'host' }, ['nic1'])).toBeNull();
  });

  it('the layout widens the gap after a column whose wires carry labels, and places each label past its source', () => {
    const g = new GraphBuilder();
    g.wire(g.part('host/nic0', 'pci-function'), g.part('host/iommu', 'iommu'), 'msi');
    const plain = layoutGraph(g.graph());
    g.edges[0]!.label = 'MSI-X ×4 → vectors 0x41–0x44';
    const labelled = layoutGraph(g.graph());
    const x = (l: typeof plain, id: string) => l.parts.find((p) => p.id === id)!.x;
    expect(x(labelled, 'host/iommu') - x(plain, 'host/iommu')).toBeGreaterThan(80);
    const nic = labelled.parts.find((p) => p.id === 'host/nic0')!;
    expect(labelled.wires[0]!.label).toEqual({ text: 'MSI-X ×4 → vectors 0x41–0x44', x: nic.x + nic.w + 6, y: nic.y + nic.h / 2 - 4 });
    expect(plain.wires[0]!.label).toBeUndefined();
  });

  it('the hand-made intx fixture (no details) keeps its labels but for the shared pin', () => {
    const drawn = withDrawnLabels(intxSharedLine());
    const changed = drawn.nodes.filter((n, i) => n.label !== intxSharedLine().nodes[i]!.label).map((n) => n.id);
    expect(changed).toEqual(['host/pin16']);
  });
});
