// The GPU mediation's interrupt path as the built machine's wire graph: the GPU's MSI, the mediator's pirq handler
// fanning out to every vGPU, each vGPU's msi_trigger eventfd and the KVM irqfd on it, the host's own virtual interrupt
// through its injection strategy, and the display events through the display IRQ to the VMM's consumer.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import type { WireEdge, WireGraph } from '../../../src/sim/core/wires';
import { Lab } from '../../../src/sim/lab/lab';

const preset = (name: string) => readFileSync(new URL(`../../../resources/presets/${name}.yaml`, import.meta.url), 'utf8');

function wires(name: string, set: Record<string, string> = {}): WireGraph {
  const r = Lab.load(preset(name), { set, untilNs: 1_000_000 });
  if (!r.ok) throw new Error(r.issues.map((i) => i.message).join('; '));
  return r.lab.sim.wires;
}

/** A chain as "node.port → node.port" steps. */
const chain = (edges: WireEdge[] | null) => edges?.map((e) => `${e.from.node}.${e.from.port} → ${e.to.node}.${e.to.port}`) ?? null;

describe('the GVT-g interrupt path as wires (gvt-three-vms)', () => {
  const g = wires('gvt-three-vms');

  it('the GPU\'s interrupt output reaches the IOMMU through its MSI capability', () => {
    expect(chain(g.path('host/gpu0', 'host/iommu'))).toEqual([
      'host/gpu0.irq → host/gpu0/msi.irq',
      'host/gpu0/msi.msi → host/iommu.msi',
    ]);
  });

  it('the pirq handler on the GPU\'s host vector fans out to every vGPU, the host\'s view first', () => {
    expect(g.outOf('host/cpu0').map((e) => `${e.from.port} → ${e.to.node}`)).toContain('vector 0x45 → host/gpu0/gvt-pirq');
    expect(g.outOf('host/gpu0/gvt-pirq').map((e) => e.to.node)).toEqual(['host/gvt/vgpu0', 'host/gvt/vgpu1', 'host/gvt/vgpu2', 'host/gvt/vgpu3']);
  });

  it('each guest\'s vGPU signals its VM\'s msi_trigger eventfd, whose wait queue holds the VM\'s KVM irqfd', () => {
    expect(chain(g.path('host/gpu0/gvt-pirq', 'vm0/irqfd/gsi2'))).toEqual([
      'host/gpu0/gvt-pirq.vgpu → host/gvt/vgpu1.pirq',
      'host/gvt/vgpu1.msi_trigger → vm0/eventfd/vm0-vgpu-msi.signal',
      'vm0/eventfd/vm0-vgpu-msi.wake → vm0/irqfd/gsi2.wake',
    ]);
    for (const [vgpu, vm, gsi] of [[2, 'vm1', 3], [3, 'vm2', 4]] as const) {
      expect(chain(g.path(`host/gvt/vgpu${vgpu}`, `${vm}/irqfd/gsi${gsi}`))).toHaveLength(2);
    }
  });

  it('each guest\'s IDT leads the vGPU\'s vector to its i915 handler', () => {
    expect(g.outOf('vm0/guest-idt').map((e) => `${e.from.port} → ${e.to.node}`)).toContain('vector 0x52 → vm0/guest/i915 (vgpu1)');
  });

  it('the host\'s own vGPU kicks the host injection strategy, which calls the host i915 handler', () => {
    expect(g.node('host/gvt/host-injection')?.kind).toBe('tasklet');
    expect(chain(g.path('host/gvt/vgpu0', 'host/gpu0/i915'))).toEqual([
      'host/gvt/vgpu0.virq → host/gvt/host-injection.kick',
      'host/gvt/host-injection.handler → host/gpu0/i915.irq',
    ]);
    expect(g.outOf('host/gvt/vgpu0').some((e) => e.from.port === 'msi_trigger')).toBe(false);
  });

  it('hardirq-tail also hears the host vGPU\'s emulation (nested), self-ipi leads to its faked vector instead', () => {
    const tail = wires('gvt-three-vms', { 'gvt.hostInjection': 'hardirq-tail' });
    expect(tail.outOf('host/gvt/vgpu0').map((e) => `${e.from.port} → ${e.to.node}.${e.to.port}`)).toContain('emit → host/gvt/host-injection.emulating');
    const ipi = wires('gvt-three-vms', { 'gvt.hostInjection': 'self-ipi' });
    expect(ipi.node('host/gvt/host-injection')?.kind).toBe('self-ipi');
    expect(ipi.outOf('host/cpu0').map((e) => `${e.from.port} → ${e.to.node}`)).toContain('vector 0x4e → host/gpu0/i915-self-ipi');
  });
});

describe('the display events as wires (vfio-display-irq)', () => {
  it('eventfd-partitioned: the vGPU\'s display events → its display IRQ → one eventfd → the VMM display thread\'s poll()', () => {
    expect(chain(wires('vfio-display-irq').path('host/gvt/vgpu1', 'vm0/vmm-display'))).toEqual([
      'host/gvt/vgpu1.display → host/vfio/vgpu1/display.raise',
      'host/vfio/vgpu1/display.trigger → vm0/eventfd/vm0-display.add',
      'vm0/eventfd/vm0-display.notify → vm0/vmm-display.poll',
    ]);
  });

  it('irq-index: one eventfd per type, each polled; an irqfd consumer hangs a KVM irqfd on each instead', () => {
    const g = wires('vfio-display-irq', { 'gvt.displayIrq': 'irq-index' });
    expect(g.outOf('host/vfio/vgpu1/display').map((e) => e.to.node)).toEqual(['vm0/eventfd/vm0-display[primary-flip]', 'vm0/eventfd/vm0-display[cursor]', 'vm0/eventfd/vm0-display[vblank]']);
    const irqfd = wires('vfio-display-irq', { 'gvt.displayIrq': 'irq-index', 'gvt.consumer.kind': 'irqfd' });
    expect(irqfd.outOf('vm0/eventfd/vm0-display[cursor]').map((e) => e.to.node)).toEqual(['vm0/irqfd/vm0-display[cursor]']);
    expect(irqfd.node('vm0/vmm-display')).toBeUndefined();
  });
});
