// KVM's vGIC sets a vINTID's line: a rise queues it on its vCPU and kicks it; a fall of a level line tells the vCPU
// (kvm_vgic_inject_irq with level 0: line_level falls, and a level interrupt not yet taken stops being pending).
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../../src/sim/core/costModel';
import { COSTS } from '../../../../../src/sim/core/catalog/costs';
import { Simulator } from '../../../../../src/sim/core/simulator';
import { inPort, wireNode } from '../../../../../src/sim/core/wires';
import { Vgic } from '../../../../../src/sim/host/kvm/arm/vgic';
import type { LowerVirq, QueueVirq } from '../../../../../src/sim/host/kvm/arm/vcpuPorts';

function setup(level: boolean) {
  const sim = new Simulator(16);
  const vgic = new Vgic(sim, new CostModel(COSTS, 2), 'vm0');
  vgic.route(48, { vcpu: 0, priority: 0xa0, level, hwPintid: null });
  const seen: string[] = [];
  const node = wireNode('test/vcpu0', 'vcpu', 'vm0', 'vcpu0');
  const out = vgic.vcpuOut(0);
  sim.wires.connect(out.queue, inPort<QueueVirq>(node, 'virq', 'irq', (r) => (seen.push(`queue ${r.vintid}`), false)));
  sim.wires.connect(out.lower, inPort<LowerVirq>(node, 'line', 'irq', (v) => { seen.push(`lower ${v}`); }));
  return { vgic, seen };
}

describe('vGIC line levels', () => {
  it('a level line that falls tells the vCPU, so the interrupt stops being pending there', () => {
    const { vgic, seen } = setup(true);
    vgic.setIrqNow(48, true, 0);
    vgic.setIrqNow(48, false, 0);
    expect(seen).toEqual(['queue 48', 'lower 48']);
  });

  it('an edge route ignores the fall', () => {
    const { vgic, seen } = setup(false);
    vgic.setIrqNow(48, true, 0);
    vgic.setIrqNow(48, false, 0);
    expect(seen).toEqual(['queue 48']);
  });
});
