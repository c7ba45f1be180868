// The native twin of a gpu device under GVT-g (gvt.native, made by gvtNativeTwin): the physical GPU with its MSI to
// the host vector, whose handler is the host i915's own (host/i915/nativeI915.ts); one host render loop per vGPU
// that has a renderLoop, its CPU work on the pCPU of the vCPU that runs it in the mediated run (the host's own loop:
// the GPU's CPU). No mediator, no vGPU, no trap, no vGPU scheduler; the other vGPU workloads (open-loop requests,
// display events, shared events) are not run natively.
import { Gen8Gpu } from '../../hw/gpu/gen8Gpu';
import { programGpuMsi } from '../../hw/gpu/gpuConfigSpace';
import { GpuMsi } from '../../hw/gpu/gpuMsi';
import { vblankPeriodNs } from '../../gvt/vblank';
import { NativeI915 } from '../../host/i915/nativeI915';
import { renderLoopsFigures } from '../../host/renderLoop';
import type { Engine } from '../../hw/gpu/gen8Registers';
import type { DeviceSpec } from '../schema';
import type { WireContext } from './context';

/** The physical GPU, its MSI programmed by the host's i915 to the host vector on hostCpu, into the IOMMU. */
export function physicalGpu(c: WireContext, d: DeviceSpec): Gen8Gpu {
  const gpu = new Gen8Gpu(`host/${d.id}`, d.id, 'host');
  programGpuMsi(gpu.config, c.pcpus[d.hostCpu]!.irq.cpuId, d.hostVector);
  c.machine.registerFiles.push(gpu.regs, gpu.config);
  const msi = new GpuMsi(c.sim, c.costs, gpu);
  c.sim.wires.connect(gpu.irq, msi.irqIn);
  c.sim.wires.connect(msi.msi, c.remapper.msiIn);
  return gpu;
}

export function wireNativeGpu(c: WireContext, d: DeviceSpec): void {
  const { s, sim, costs, machine } = c;
  const spec = s.gvt!;
  const pcpu = c.pcpus[d.hostCpu]!;
  const gpu = physicalGpu(c, d);
  const i915 = new NativeI915(sim, costs, gpu, d.id, pcpu);
  pcpu.requestVector(d.hostVector, i915.handler, false);

  const engines: Engine[] = [];
  for (const vs of spec.vgpus) {
    const rl = vs.renderLoop;
    if (!rl) continue;
    if (!engines.includes(rl.engine)) engines.push(rl.engine);
    const vm = c.vms.find((x) => x.name === vs.vm);
    const appCpu = vm ? vm.vcpus[vs.guestVcpu]!.pcpu : pcpu;
    const loop = i915.addLoop(vs.vm, rl.engine, appCpu, rl.vsync ? vblankPeriodNs(Math.round(vs.refreshHz * 1000)) : null);
    // The application starts once i915 has loaded (the mediated run's drivers load at the same time).
    machine.sources.push({ start: () => loop.start() });
  }
  i915.enable(engines);
  if (i915.loops.size) machine.summaryParts.push(() => ({ renderLoops: renderLoopsFigures(i915.loops, () => 0, true, null) }));
}
