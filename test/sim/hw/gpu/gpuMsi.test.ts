// The GPU function's MSI: each rising edge of its interrupt output posts the message its capability holds.
import { describe, expect, it } from 'vitest';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import { CostModel } from '../../../../src/sim/core/costModel';
import { Simulator } from '../../../../src/sim/core/simulator';
import { inPort, wireNode } from '../../../../src/sim/core/wires';
import { Gen8Gpu } from '../../../../src/sim/hw/gpu/gen8Gpu';
import { programGpuMsi } from '../../../../src/sim/hw/gpu/gpuConfigSpace';
import { GpuMsi, type MsiSend } from '../../../../src/sim/hw/gpu/gpuMsi';

function gpuWithMsi() {
  const sim = new Simulator(64);
  const costs = new CostModel(COSTS, 3);
  const gpu = new Gen8Gpu('host/gpu0', 'gpu0');
  const msi = new GpuMsi(sim, costs, gpu);
  const sent: [string, number, number, number[]][] = [];
  sim.wires.connect(gpu.irq, msi.irqIn);
  sim.wires.connect(msi.msi, inPort<MsiSend>(wireNode('host/iommu', 'iommu'), 'msi', 'msi', (src, m, flows) => { sent.push([src, m.destId, m.vector, flows]); }));
  const r = gpu.regs;
  r.write(r.index('GT0_IMR'), 0xffff_fffen);
  r.write(r.index('GT0_IER'), 0x1n);
  r.write(r.index('GEN8_MASTER_IRQ'), 0x8000_0000n);
  const hops = () => { const out: string[] = []; for (let i = 0; i < sim.log.held; i++) { const h = sim.log.at(i); out.push(`${h.kind} ${h.detail}`); } return out; };
  return { sim, gpu, sent, hops };
}

describe('GPU MSI', () => {
  it('posts the programmed message after the write\'s cost, with the flows latched in the IIR', () => {
    const t = gpuWithMsi();
    programGpuMsi(t.gpu.config, 2, 0x45);
    t.gpu.raise('RCS_MI_USER_INTERRUPT', [7]);
    expect(t.sent).toEqual([]);
    expect(t.hops()).toEqual(['gpu.msi.write 0xfee02000 ← 0x45']);
    t.sim.runUntil(1e6, 10);
    expect(t.sent).toEqual([['gpu0', 2, 0x45, [7]]]);
  });

  it('sends nothing while MSI Enable is clear, and says so', () => {
    const t = gpuWithMsi();
    t.gpu.raise('RCS_MI_USER_INTERRUPT', [7]);
    t.sim.runUntil(1e6, 10);
    expect(t.sent).toEqual([]);
    expect(t.hops()).toEqual(['gpu.msi.blocked MSI disabled in the physical config space']);
  });

  it('draws as the GPU\'s interrupt output into its MSI capability, and on to the IOMMU', () => {
    const t = gpuWithMsi();
    expect(t.sim.wires.path('host/gpu0', 'host/iommu')?.map((e) => `${e.from.node}.${e.from.port}`)).toEqual(['host/gpu0.irq', 'host/gpu0/msi.msi']);
  });
});
