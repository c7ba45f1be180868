// What a hovered part lights (the paths through it) and what the VM filter keeps, on full-shape machine graphs.
import { describe, expect, it } from 'vitest';
import { graphOfVm, pathsThrough, vmsOf } from '../../../src/renderer/src/diagram/graphPaths';
import { datacenter, GraphBuilder, intxSharedLine } from './machineFixtures';

describe('paths through a part', () => {
  it('a guest handler lights its whole path back to its device, and not the host disk sharing the line', () => {
    const lit = pathsThrough(intxSharedLine(), 'vm0/guest/nic0 driver').parts;
    for (const id of ['host/nic0', 'host/pin16', 'host/ioapic', 'host/cpu0', 'host/irq16', 'host/vfio/nic0/intx', 'vm0/eventfd/nic0-intx', 'vm0/irqfd/gsi16', 'vm0/ioapic', 'vm0/vcpu0', 'vm0/guest-idt']) {
      expect(lit, id).toContain(id);
    }
    expect(lit).not.toContain('host/disk0/driver');
  });

  it('a device lights the path to its VM\'s handler, through the pCPU that takes its vector', () => {
    const lit = pathsThrough(datacenter(), 'host/nic5').parts;
    expect(lit).toContain('vm5/guest/nic5 driver');
    expect(lit).toContain('host/cpu14');
    expect(lit).toContain('host/cpu14/lapic');
    // Not the other VMs behind the same pCPU or the same APIC bus.
    expect([...lit].filter((id) => /^vm[0-46-7]\//.test(id))).toEqual([]);
    expect(lit).not.toContain('host/vfio/nic3/msix0');
  });

  it('stops at the APIC bus and at a pCPU\'s vectors (hubs) rather than lighting most of the machine', () => {
    const g = datacenter();
    const lit = pathsThrough(g, 'vm3/guest/nic3 driver (queue 0)').parts;
    expect(lit).toContain('host/apic-bus');
    expect(lit).toContain('host/nic3');
    expect(lit.size).toBeLessThan(g.nodes.length / 4);
    expect(lit).not.toContain('host/cpu0/lapic');
  });

  it('a hub itself lights everything it feeds', () => {
    const lit = pathsThrough(datacenter(), 'host/apic-bus').parts;
    for (let c = 0; c < 16; c++) expect(lit).toContain(`host/cpu${c}/lapic`);
  });

  it('lights every wire between two lit parts, EOI wires included', () => {
    const g = intxSharedLine();
    const { parts, wires } = pathsThrough(g, 'vm0/guest/nic0 driver');
    g.edges.forEach((e, i) => expect(wires.has(i)).toBe(parts.has(e.from.node) && parts.has(e.to.node)));
    expect([...wires].some((i) => g.edges[i]!.kind === 'eoi')).toBe(true);
  });

  it('an unknown part lights nothing', () => {
    const p = pathsThrough(intxSharedLine(), 'host/nothing');
    expect(p.parts.size).toBe(0);
    expect(p.wires.size).toBe(0);
  });

  it('with no devices on the graph yet, a handler lights its pCPU', () => {
    const g = new GraphBuilder();
    g.wire(g.part('host/cpu0', 'pcpu'), g.part('host/vfio/nic0/msi0', 'vfio-msi'), 'vector');
    g.wire(g.part('host/cpu0', 'pcpu'), g.part('host/cpu0/reschedule-ipi', 'irq-handler'), 'vector');
    expect([...pathsThrough(g.graph(), 'host/vfio/nic0/msi0').parts].sort()).toEqual(['host/cpu0', 'host/vfio/nic0/msi0']);
  });
});

describe('the diagram seen from one VM', () => {
  it('keeps the VM\'s parts and the host parts on its paths, no other VM', () => {
    const g = graphOfVm(datacenter(), 'vm5');
    expect(vmsOf(g)).toEqual(['host', 'vm5']);
    const ids = g.nodes.map((n) => n.id);
    for (const id of ['host/nic5', 'host/pin16', 'host/irq16', 'host/vfio/nic5/intx', 'vm5/guest/nic5 driver']) expect(ids).toContain(id);
    expect(ids).not.toContain('host/vfio/nic3/msix0');
    expect(ids).not.toContain('host/disk0/driver');
    expect(g.edges.every((e) => ids.includes(e.from.node) && ids.includes(e.to.node))).toBe(true);
  });

  it('with no device parts on the graph yet, the scenario\'s device names tie a VM to its host parts', () => {
    const g = new GraphBuilder();
    g.wire(g.part('host/cpu14', 'pcpu'), g.part('host/vfio/nic3/msix0', 'vfio-msi'), 'vector');
    g.wire(g.part('vm3/eventfd/nic3-msix0', 'eventfd'), g.part('vm3/irqfd/gsi64', 'irqfd'), 'eventfd');
    g.part('host/vfio/nic4/msix0', 'vfio-msi');
    const ids = graphOfVm(g.graph(), 'vm3', ['nic3', 'nic4']).nodes.map((n) => n.id).sort();
    expect(ids).toEqual(['host/cpu14', 'host/vfio/nic3/msix0', 'vm3/eventfd/nic3-msix0', 'vm3/irqfd/gsi64']);
    expect(graphOfVm(g.graph(), 'vm3').nodes.map((n) => n.id).sort()).toEqual(['vm3/eventfd/nic3-msix0', 'vm3/irqfd/gsi64']);
  });

  it('"host" keeps the host alone; no name keeps everything', () => {
    const all = datacenter();
    expect(vmsOf(graphOfVm(all, 'host'))).toEqual(['host']);
    expect(graphOfVm(all, '')).toBe(all);
  });

  it('lists the VMs host first, in natural order', () => {
    expect(vmsOf(datacenter())).toEqual(['host', 'vm0', 'vm1', 'vm2', 'vm3', 'vm4', 'vm5', 'vm6', 'vm7']);
    expect(vmsOf(null)).toEqual([]);
  });
});
