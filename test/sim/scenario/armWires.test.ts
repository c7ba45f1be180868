// The ARM machine as a graph of named ports: an assigned platform device's interrupt, the vCPUs' timers, the HW
// deactivation of a forwarded interrupt and the maintenance + resample path of one that is not, each an unbroken
// chain of connections in sim.wires.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { Lab } from '../../../src/sim/lab/lab';
import type { WireGraph, WireKind } from '../../../src/sim/core/wires';

const preset = readFileSync(new URL('../../../resources/presets/arm-forwarding.yaml', import.meta.url), 'utf8');

function wires(set: Record<string, string>): WireGraph {
  const r = Lab.load(preset, { set, untilNs: 3_000_000 });
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  r.lab.runToEnd();
  return r.lab.sim.wires;
}

/** Each consecutive pair of nodes is joined by a connection (of `kind`, when given); the chain is reachable as a path. */
function expectChain(g: WireGraph, nodes: string[], kind?: WireKind): void {
  for (let i = 0; i + 1 < nodes.length; i++) {
    const [from, to] = [nodes[i]!, nodes[i + 1]!];
    const hop = g.outOf(from).filter((e) => e.to.node === to && (kind === undefined || e.kind === kind));
    expect(hop.length, `${from} → ${to}${kind ? ` (${kind})` : ''}`).toBeGreaterThan(0);
  }
  expect(g.path(nodes[0]!, nodes[nodes.length - 1]!)).not.toBeNull();
}

/** The device's interrupt, from its line to the guest driver's handler (the preset: SPI 48 on cpu1, vcpu0 on cpu1). */
const DEVICE_TO_DRIVER = [
  'host/dev0', 'host/gic', 'host/cpu1/gicc', 'host/cpu1', 'host/irq48', 'host/vfio/dev0/irq', 'vm0/eventfd/dev0-irq',
  'vm0/irqfd/gsi48', 'vm0/vgic', 'vm0/vcpu0', 'vm0/guest-idt', 'vm0/guest/dev0 driver',
];

describe('the ARM machine as a wire graph (arm-forwarding)', () => {
  for (const gic of ['v2', 'v3']) {
    for (const forwarding of ['on', 'off']) {
      it(`GIC${gic}, forwarding ${forwarding}: the device's SPI reaches the guest driver through the GIC, genirq, VFIO, the irqfd and the vGIC`, () => {
        const g = wires({ gic, 'devices[0].irqForwarding': forwarding });
        expectChain(g, DEVICE_TO_DRIVER);
        expect(g.outOf('host/dev0').map((e) => `${e.to.node}.${e.to.port}`)).toEqual(['host/gic.spi 48']);
        expect(g.outOf('host/cpu1').some((e) => e.from.port === 'vector 0x30' && e.to.node === 'host/irq48')).toBe(true);
      });
    }

    it(`GIC${gic}: with forwarding, the guest's EOI deactivates the physical SPI: vCPU → its virtualization interface → GIC → VFIO, all EOIs`, () => {
      const g = wires({ gic, 'devices[0].irqForwarding': 'on' });
      const gich = `host/cpu1/${gic === 'v2' ? 'gich' : 'ich'}`;
      expectChain(g, ['vm0/vcpu0', gich, 'host/gic', 'host/vfio/dev0/irq'], 'eoi');
      expect(g.outOf('host/gic').filter((e) => e.to.node === 'host/vfio/dev0/irq').map((e) => e.from.port)).toEqual(['deactivated 48']);
    });

    it(`GIC${gic}: without forwarding, the EOI maintenance interrupt reaches KVM and the resample path reaches VFIO's unmask`, () => {
      const g = wires({ gic, 'devices[0].irqForwarding': 'off' });
      const gich = `host/cpu1/${gic === 'v2' ? 'gich' : 'ich'}`;
      // The maintenance interrupt: PPI 25 of cpu1, taken by KVM's handler.
      expectChain(g, [gich, 'host/gic', 'host/cpu1/gicc', 'host/cpu1', 'host/cpu1/vgic-maintenance']);
      expect(g.outOf(gich).filter((e) => e.to.node === 'host/gic').map((e) => `${e.to.port} (${e.kind})`)).toContain('ppi 25 cpu1 (irq)');
      // The fold's EOI maintenance → the vGIC's ack notifier → the irqfd's resampler → resamplefd → VFIO unmasks.
      expectChain(g, ['vm0/vcpu0', 'vm0/vgic', 'vm0/irqfd/gsi48'], 'eoi');
      expectChain(g, ['vm0/irqfd/gsi48', 'vm0/eventfd/dev0-resample', 'host/vfio/dev0/irq'], 'eventfd');
      expect(g.outOf('vm0/eventfd/dev0-resample').map((e) => `${e.to.node}.${e.to.port}`)).toEqual(['host/vfio/dev0/irq.unmask']);
    });

    it(`GIC${gic}: each vCPU's virtual timer is PPI 27 of its pCPU, through KVM's arch timer handler to the guest's arch_timer`, () => {
      const g = wires({ gic });
      for (const [vcpu, cpu] of [['vm0/vcpu0', 1], ['vm0/vcpu1', 2]] as const) {
        expectChain(g, [`host/cpu${cpu}/vtimer`, 'host/gic', `host/cpu${cpu}/gicc`, `host/cpu${cpu}`, `host/cpu${cpu}/arch-timer`, vcpu, 'vm0/guest-idt', 'vm0/guest/arch_timer']);
        expect(g.outOf(`host/cpu${cpu}/vtimer`).map((e) => e.to.port)).toEqual([`ppi 27 cpu${cpu}`]);
        expectChain(g, ['host/gic', `host/cpu${cpu}/arch-timer`], 'eoi'); // the guest's deactivation ends the tick
      }
    });
  }

  it('kicks a running vCPU with an SGI through the GIC', () => {
    const g = wires({});
    expectChain(g, ['vm0/vgic', 'vm0/vcpu0'], 'ipi');
    expectChain(g, ['vm0/vcpu0', 'host/gic', 'host/cpu1/gicc', 'host/cpu1', 'host/cpu1/ipi-reschedule']);
    expect(g.outOf('vm0/vcpu0').filter((e) => e.to.node === 'host/gic').map((e) => `${e.to.port} (${e.kind})`)).toEqual(['sgi (ipi)']);
  });
});
