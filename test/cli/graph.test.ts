// `virq graph`: each device's chain of named ports to the handlers it reaches, as text, DOT and JSON.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { devicePaths, formatDot, formatGraph, pathBetween } from '../../src/cli/graphReport';
import { Lab } from '../../src/sim/lab/lab';

const preset = (name: string) => readFileSync(new URL(`../../resources/presets/${name}.yaml`, import.meta.url), 'utf8');

function graphOf(name: string) {
  const r = Lab.load(preset(name));
  if (!r.ok) throw new Error(name);
  r.lab.runSetup();
  return { lab: r.lab, g: r.lab.machineGraph() };
}

const chain = (g: ReturnType<typeof graphOf>['g'], from: string, to: string) => pathBetween(g, from, to)?.map((e) => `${e.from.node}.${e.from.port}→${e.to.node}`);

describe('virq graph', () => {
  it('msi-emulated: the NIC reaches its guest handler through the IOMMU, the APIC bus, a pCPU, VFIO, an eventfd, an irqfd and a vCPU', () => {
    const { g } = graphOf('msi-emulated');
    expect(chain(g, 'host/nic0', 'vm0/guest/nic0 driver')).toEqual([
      'host/nic0.msi→host/iommu', 'host/iommu.remapped→host/apic-bus', 'host/apic-bus.lapic→host/cpu0/lapic', 'host/cpu0/lapic.irq→host/cpu0',
      'host/cpu0.vector 0x41→host/vfio/nic0/msi0', 'host/vfio/nic0/msi0.trigger→vm0/eventfd/nic0-msi0', 'vm0/eventfd/nic0-msi0.wake→vm0/irqfd/gsi0',
      'vm0/irqfd/gsi0.msi→vm0/apic-bus', 'vm0/apic-bus.vcpu→vm0/vcpu0/vlapic', 'vm0/vcpu0/vlapic.irq→vm0/vcpu0', 'vm0/vcpu0.idt→vm0/guest-idt',
      'vm0/guest-idt.vector 0x51→vm0/guest/nic0 driver',
    ]);
  });

  it('intx-shared-line: the NIC crosses the shared pin, the IOAPIC and genirq to VFIO, KVM\'s IOAPIC and the guest; its EOI comes back as resamplefd to VFIO', () => {
    const { g } = graphOf('intx-shared-line');
    expect(chain(g, 'host/nic0', 'vm0/guest/nic0 driver')?.map((s) => s.split('→')[1])).toEqual([
      'host/pin16', 'host/ioapic', 'host/apic-bus', 'host/cpu0/lapic', 'host/cpu0', 'host/irq16', 'host/vfio/nic0/intx', 'vm0/eventfd/nic0-intx',
      'vm0/irqfd/gsi16', 'vm0/ioapic', 'vm0/apic-bus', 'vm0/vcpu0/vlapic', 'vm0/vcpu0', 'vm0/guest-idt', 'vm0/guest/nic0 driver',
    ]);
    // The guest's EOI: the vLAPIC tells its vCPU (a level vector), whose EOI exit runs KVM's IOAPIC EOI and its ack notifier.
    expect(g.edges.some((e) => e.from.node === 'vm0/vcpu0/vlapic' && e.to.node === 'vm0/vcpu0' && e.kind === 'eoi')).toBe(true);
    const back = pathBetween(g, 'vm0/vcpu0', 'host/vfio/nic0/intx')!;
    expect(back.map((e) => e.to.node)).toEqual(['vm0/ioapic', 'vm0/irqfd/gsi16', 'vm0/eventfd/nic0-resample', 'host/vfio/nic0/intx']);
    expect(back.every((e) => e.kind === 'eoi' || e.kind === 'eventfd')).toBe(true);
    // The disk shares the line: its interrupts reach the disk's own handler too.
    expect(devicePaths(g, ['disk0']).map((p) => p.handler)).toContain('host/disk0/driver');
  });

  it('prints the chains as text and the graph as DOT with a cluster per VM', () => {
    const { lab, g } = graphOf('msi-emulated');
    const text = formatGraph(lab.scenario.name, g, ['nic0', 'disk0'], 'every driver loaded');
    expect(text).toMatch(/^msi-emulated: \d+ parts, \d+ wires \(every driver loaded\)/);
    expect(text).toContain('  nic0 → vm0/guest/nic0 driver\n    host/nic0.msi ─msi→ host/iommu.msi');
    const dot = formatDot(lab.scenario.name, g);
    expect(dot).toMatch(/^digraph "msi-emulated" \{/);
    expect(dot).toContain('label="vm0"');
    expect(dot.split('->').length - 1).toBe(g.edges.length);
  });

  it('runs from the command line: text, --json and --dot', () => {
    const run = (...args: string[]) => spawnSync('node', ['bin/virq.js', 'graph', ...args], { cwd: new URL('../../', import.meta.url).pathname, encoding: 'utf8' });
    const json = run('intx-shared-line', '--json');
    expect(json.status).toBe(0);
    const g = JSON.parse(json.stdout);
    expect(g.nodes.some((n: { id: string }) => n.id === 'host/pin16')).toBe(true);
    expect(run('msi-emulated', '--until', 'soon').status).toBe(2);
  }, 60_000);
});
