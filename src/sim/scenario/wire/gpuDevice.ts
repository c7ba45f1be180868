// A gpu device under GVT-g: the physical GPU (its interrupt output → its MSI → the IOMMU → its host vector, whose
// handler is the mediator's pirq handler), one vGPU per entry of `gvt.vgpus` (the host's own view included), each VM's
// msi_trigger eventfd and KVM irqfd, the i915 driver of each vGPU (guest/i915Driver.ts, run by gvt/driverRunner.ts),
// the shared physical events, and the display events with their display IRQ and VMM consumer. The design switches
// are decided here, once: hostInjection in GvtHost, displayIrq and the consumer kind when each vGPU's display IRQ is
// made, pvInfo when each vGPU is made. This file creates parts and connects their ports; the behaviour is theirs.
import { Prng } from '../../core/prng';
import { RegisterFile } from '../../core/registers';
import { I915Driver } from '../../guest/i915Driver';
import { I915_DRIVER_STATE_REGS } from '../../guest/i915State';
import { createDisplayIrq } from '../../gvt/displayIrq';
import { createDisplayConsumer, type DisplayConsumer } from '../../gvt/displayConsumer';
import { displaySource } from '../../gvt/displaySource';
import { DriverRunner } from '../../gvt/driverRunner';
import { vblankPeriodNs } from '../../gvt/vblank';
import { renderLoopsFigures, type RenderLoop } from '../../host/renderLoop';
import { physicalGpu, wireNativeGpu } from './nativeGpu';
import { gvtFigures } from '../../gvt/figures';
import { GvtHost } from '../../gvt/gvtHost';
import { Mediator } from '../../gvt/mediator';
import { vgpuSlices } from '../../gvt/resources';
import { sharedEventSource } from '../../gvt/sharedEvents';
import { Eventfd } from '../../host/eventfd';
import { Irqfd } from '../../host/kvm/irqfd';
import { LapicPort } from '../../host/x86/lapicPort';
import { durationNs } from '../fields';
import type { DeviceSpec } from '../schema';
import type { WireContext } from './context';

export type { GvtVmFigures } from '../../gvt/figures';

export function wireGpuDevice(c: WireContext, d: DeviceSpec, gsiBase: number): void {
  const { s, sim, costs, machine } = c;
  const spec = s.gvt!;
  if (spec.native) {
    wireNativeGpu(c, d);
    return;
  }
  const pcpu = c.pcpus[d.hostCpu]!;
  // The host i915 enables MSI on the physical function, to its host vector.
  const gpu = physicalGpu(c, d);
  const mediator = new Mediator(gpu);
  const vgpus = spec.vgpus.map((vs, i) => {
    const v = mediator.addVgpu({
      id: i, owner: vs.vm, pvInfo: vs.pvInfo, fenceNum: vs.fences, elspScheduleInInterrupt: spec.elspInterrupt,
      ...vgpuSlices(i, spec.vgpus.length),
    });
    v.attached = true;
    machine.registerFiles.push(v.regs, v.config, ...(v.pvinfo ? [v.pvinfo] : []));
    return v;
  });
  const lapic = pcpu.irq instanceof LapicPort ? pcpu.irq.lapic : null;
  if (!lapic) throw new Error(`${d.id}: GVT-g needs an x86 host`);
  const gvt = new GvtHost(sim, costs, mediator, d.id, pcpu, spec.hostInjection, lapic, spec.selfIpiVector);
  pcpu.requestVector(d.hostVector, gvt.pirqHandler, false);
  if (spec.scheduler?.policy === 'tbs') {
    const hostView = spec.vgpus.find((x) => x.vm === 'host');
    gvt.useTbsScheduler(durationNs(spec.scheduler.timeSlice), spec.scheduler.weights ?? [], !!(hostView?.render || hostView?.renderLoop));
  }

  // Each VM's side: msi_trigger eventfd → KVM irqfd whose MSI route is the vGPU's virtual MSI capability.
  spec.vgpus.forEach((vs, i) => {
    const v = vgpus[i]!;
    if (v.isHost) return;
    const vm = c.vms.find((x) => x.name === vs.vm)!;
    const vcpu = vm.vcpus[vs.guestVcpu]!;
    const trigger = new Eventfd(sim, costs, `${vs.vm}-vgpu-msi`, vs.vm);
    sim.wires.connect(v.msiTrigger, trigger.signalIn); // VFIO_DEVICE_SET_IRQS: the vGPU's MSI trigger
    const irqfd = new Irqfd(sim, costs, trigger, gsiBase + i, vm, () => v.msiRoute());
    irqfd.assign(); // KVM_IRQFD: QEMU wires VFIO's MSI trigger for the vGPU to the VM
    gvt.guests.set(v, { vcpu, trigger, irqfd });
  });

  // Display events, their display IRQ and its VMM consumer, per vGPU with a display workload.
  const consumers: DisplayConsumer[] = [];
  spec.vgpus.forEach((vs, i) => {
    if (!vs.display) return;
    const v = vgpus[i]!;
    const irq = createDisplayIrq(sim, costs, spec.displayIrq, `${vs.vm}-display`, vs.vm, `vgpu${v.opts.id}`);
    sim.wires.connect(v.display, irq.raiseIn);
    if (vs.display.vblankEvents) sim.wires.connect(v.vblank, irq.raiseIn);
    const cons = createDisplayConsumer(spec.consumer.kind, sim, costs, irq, vs.vm, c.pcpus[spec.consumer.cpu]!, {
      readPeriodNs: durationNs(spec.consumer.readPeriod), stallNs: durationNs(spec.consumer.stall), stallChance: spec.consumer.stallChance,
    }, Prng.derive(s.seed, `${vs.vm}-display-consumer`));
    consumers.push(cons);
  });

  spec.sharedEvents.forEach((se, n) => {
    machine.sources.push(sharedEventSource(sim, gpu, d.id, vgpus, se, Prng.derive(s.seed, `${d.id}-shared-${n}`)));
  });

  // The i915 driver of each vGPU: the host's (through the mediator's hooks) and each guest's (trapped).
  const drivers = spec.vgpus.map((vs, i) => {
    const v = vgpus[i]!;
    const state = new RegisterFile(I915_DRIVER_STATE_REGS, `${vs.vm}/i915/state`, vs.vm, 'i915', !v.isHost);
    machine.registerFiles.push(state);
    const g = gvt.guests.get(v);
    const driver = new I915Driver({
      vgpuId: v.opts.id, msi: g ? { destId: g.vcpu.vlapic.apicId, vector: vs.guestVector } : null,
      pvFeatures: !v.isHost, display: !v.isHost, engine: vs.render?.engine ?? vs.renderLoop?.engine ?? 'RCS', mask: vs.mask,
      shared: spec.sharedEvents.map((e) => e.event),
    }, state);
    const loop = vs.renderLoop ? { vblankPeriodNs: vs.renderLoop.vsync ? vblankPeriodNs(Math.round(vs.refreshHz * 1000)) : null } : null;
    const runner = new DriverRunner(gvt, v, driver, pcpu, vs.render ?? null, s.seed, loop);
    if (g) c.vms.find((x) => x.name === vs.vm)!.guestIdt.set(vs.guestVector, runner.irqHandler(d.id));
    if (vs.refreshHz) gvt.setRefresh(v, vs.refreshHz);
    machine.sources.push({ start: () => runner.boot() });
    const w = vs.display;
    if (w) {
      const burst = w.burst ? { every: durationNs(w.burst.every), length: durationNs(w.burst.length), flipHz: w.burst.flipHz, cursorHz: w.burst.cursorHz } : null;
      machine.sources.push(displaySource(sim, v, gvt.vblank.get(v)!, { flipHz: w.flipHz, cursorHz: w.cursorHz, burst }));
    }
    return driver;
  });

  if (gvt.loops.size) {
    const byName = new Map<string, RenderLoop>([...gvt.loops].map(([v, l]) => [v.name, l]));
    const sched = gvt.schedulerFigures;
    machine.summaryParts.push(() => ({
      renderLoops: renderLoopsFigures(byName, (name) => {
        const b = gvt.vblanks.get(name);
        return b ? b.delivered + b.masked + b.coalesced : 0;
      }, false, sched ? gvt.schedulerFigures : null),
    }));
  }
  machine.summaryParts.push(() => gvtFigures(gvt, drivers, consumers, { hostInjection: spec.hostInjection, displayIrq: spec.displayIrq }));
}
