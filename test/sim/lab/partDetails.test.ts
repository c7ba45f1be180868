// The machine graph's part details: every register file of a preset belongs to one part, every place the log names
// belongs to a part, devices say how they signal (from the scenario, not their id), and device MSI wires are labelled.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Lab } from '../../../src/sim/lab/lab';
import { deviceDetail, logPlaceOf, msiRouteLabel, ownerOf } from '../../../src/sim/lab/partDetails';
import type { MachineGraph } from '../../../src/shared/protocol';

const PRESETS = join(import.meta.dirname, '../../../resources/presets');

/** A preset, "name+gic=v3" with one `--set`. */
function lab(preset: string): Lab {
  const [name, set] = preset.split('+');
  const [path, value] = (set ?? '').split('=');
  const r = Lab.load(readFileSync(join(PRESETS, `${name}.yaml`), 'utf8'), set ? { set: { [path!]: value! } } : {});
  if (!r.ok) throw new Error(`${preset} does not load`);
  r.lab.runSetup();
  return r.lab;
}

const part = (g: MachineGraph, id: string) => g.nodes.find((n) => n.id === id)!;

describe('machine graph part details', () => {
  for (const preset of ['msi-emulated', 'intx-shared-line', 'datacenter-8vm', 'gvt-three-vms', 'arm-forwarding', 'arm-forwarding+gic=v3', 'vfio-display-irq']) {
    it(`${preset}: every register file belongs to exactly one part, and every place the log names is a part's`, () => {
      const l = lab(preset);
      const g = l.machineGraph();
      const owned = g.nodes.flatMap((n) => n.registerFiles ?? []);
      expect([...owned].sort()).toEqual(l.registerFiles().map((f) => f.id).sort());
      l.advance(100_000);
      const places = new Set(g.nodes.map((n) => n.logPlace).filter((p) => p !== undefined));
      expect(l.logVocabulary().places.filter((p) => !places.has(p))).toEqual([]);
    });
  }

  it('intx-shared-line: the files and places of the parts a user clicks', () => {
    const g = lab('intx-shared-line').machineGraph();
    expect(part(g, 'host/ioapic')).toMatchObject({ registerFiles: ['host/ioapic0/ioapic'], logPlace: 'ioapic0' });
    expect(part(g, 'host/cpu0/lapic')).toMatchObject({ registerFiles: ['host/cpu0/lapic'], logPlace: 'cpu0.lapic' });
    expect(part(g, 'host/nic0')).toMatchObject({ registerFiles: ['host/nic0/config', 'vm0/nic0/config'], logPlace: 'nic0' });
    expect(part(g, 'vm0/vcpu0')).toMatchObject({ registerFiles: [], logPlace: 'vm0.vcpu0' });
    expect(part(g, 'vm0/ioapic').registerFiles).toEqual(['vm0/ioapic']);
    expect(part(g, 'host/irq16')).toEqual({ id: 'host/irq16', kind: 'irq-desc', vm: 'host', label: 'irq 16 (IO-APIC pin 16)', registerFiles: [] });
    // disk0 is a nic by the schema's default kind: the diagram says what the scenario says, a PCI function on INTx.
    expect(part(g, 'host/disk0').detail).toBe('PCI function, INTx pin 16, host driver');
    expect(part(g, 'host/nic0').detail).toBe('PCI function, INTx pin 16, assigned to vm0');
  });

  it('datacenter-8vm: vGPUs, posted descriptors and IRTEs (the IOMMU\'s) land on their parts; MSI wires out of devices are labelled', () => {
    const g = lab('datacenter-8vm').machineGraph();
    expect(part(g, 'host/gvt/vgpu1').registerFiles).toEqual(['vm0/vgpu1/mmio', 'vm0/vgpu1/config', 'vm0/vgpu1/pvinfo']);
    expect(part(g, 'vm4/vcpu0/pi-desc').registerFiles).toEqual(['vm4/vcpu0/pi-desc']);
    expect(part(g, 'host/iommu').registerFiles).toEqual(['host/nic4/irte0', 'host/nic4/irte1', 'host/nic4/irte2', 'host/nic4/irte3']);
    expect(part(g, 'host/nic4').registerFiles).toEqual(['host/nic4/config', 'host/nic4/msix-table', 'host/nic4/msix-pba', 'vm4/nic4/config', 'vm4/nic4/msix-table', 'vm4/nic4/msix-pba']);
    expect(part(g, 'host/iommu').logPlace).toBe('iommu');
    expect(part(g, 'host/gpu0').detail).toBe('GPU, MSI, host driver');
    const labelled = g.edges.filter((e) => e.label).map((e) => [e.from.node, e.label]);
    expect(labelled).toEqual(expect.arrayContaining([['host/nic3', 'MSI-X ×4 → vectors 0x41–0x44'], ['host/nic7', expect.stringMatching(/^MSI → cpu\d+ vector 0x/)]]));
    expect(g.edges.filter((e) => e.label && e.kind !== 'msi')).toEqual([]);
  });

  it('arm-forwarding: the GIC owns the distributor and its banks, the vGIC the guest\'s', () => {
    const g = lab('arm-forwarding').machineGraph();
    expect(part(g, 'host/gic').registerFiles).toEqual(['host/gicd', 'host/cpu0/gicd-bank', 'host/cpu1/gicd-bank', 'host/cpu2/gicd-bank', 'host/cpu3/gicd-bank']);
    expect(part(g, 'vm0/vgic').registerFiles).toEqual(['vm0/gicd', 'vm0/vcpu0/gicd-bank', 'vm0/vcpu1/gicd-bank']);
    expect(part(g, 'host/cpu1/vtimer').registerFiles).toEqual(['vm0/cpu1/cntv']);
    expect(part(g, 'host/gic').logPlace).toBe('gicd');
    expect(part(g, 'host/dev0').detail).toBe('platform device, SPI 48, assigned to vm0');
  });

  it('the pure rules', () => {
    expect(logPlaceOf({ id: 'host/cpu12', kind: 'pcpu', vm: 'host', label: 'cpu12' })).toBe('cpu12');
    expect(logPlaceOf({ id: 'vm3/vcpu1', kind: 'vcpu', vm: 'vm3', label: 'vm3.vcpu1' })).toBe('vm3.vcpu1');
    expect(logPlaceOf({ id: 'host/vfio/nic0/intx', kind: 'vfio-intx', vm: 'vm0', label: 'vfio-intx(nic0)' })).toBeUndefined();
    expect(ownerOf({ id: 'vm9/nic9/config', owner: 'vm9', device: 'nic9' }, [])).toBeUndefined();
    const dev = { id: 'nic1', kind: 'nic', irq: 'msix', owner: 'vm1', vectors: 2, spi: 48, pin: 16, hostCpu: 3, hostVector: 0x60 } as const;
    expect(deviceDetail(dev)).toBe('PCI function, MSI-X ×2, assigned to vm1');
    expect(msiRouteLabel(dev)).toBe('MSI-X ×2 → vectors 0x60–0x61');
    expect(msiRouteLabel({ ...dev, irq: 'msi' })).toBe('MSI → cpu3 vector 0x60');
    expect(msiRouteLabel({ ...dev, irq: 'intx' })).toBeUndefined();
  });
});
