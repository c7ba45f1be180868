// A gpu device under GVT-g: the physical GPU (MSI to its host vector, whose handler is the mediator's pirq
// handler), one vGPU per entry of `gvt.vgpus` (the host's own view included), each VM's msi_trigger eventfd and
// KVM irqfd, the i915 drivers (the host's through the mediator's hooks, each guest's through trapped MMIO): their
// boot (PV INFO detection, fences, ballooning, interrupt enables, pipe enable) and their render requests, the
// display events and their VMM consumer. The design switches are decided here, once: hostInjection in GvtHost,
// displayIrq and the consumer kind when each vGPU's display IRQ is made, pvInfo when each vGPU is made.
import { Arrivals } from '../../core/arrivals';
import { Prng } from '../../core/prng';
import type { RegisterFile } from '../../core/registers';
import { RegisterFile as RegFile } from '../../core/registers';
import { I915_DRIVER_STATE_REGS, recordProbe } from '../../guest/i915State';
import { probeI915Guest, type GuestMmio } from '../../guest/i915Guest';
import { createDisplayIrq, type DisplayEventType } from '../../gvt/displayIrq';
import { DisplayConsumer } from '../../gvt/displayConsumer';
import { GvtHost, type FanoutCounts } from '../../gvt/gvtHost';
import { gen8IrqHandler, type MmioPath } from '../../gvt/i915Irq';
import { MASTER_IRQ_CONTROL } from '../../gvt/interrupt';
import { Mediator } from '../../gvt/mediator';
import type { Vgpu } from '../../gvt/vgpu';
import { Eventfd } from '../../host/eventfd';
import { Irqfd } from '../../host/kvm/irqfd';
import { PCpu } from '../../host/pcpu';
import type { Step } from '../../host/step';
import { LapicPort } from '../../host/x86/lapicPort';
import { Gen8Gpu } from '../../hw/gpu/gen8Gpu';
import { ENGINE_EVENTS, GEN8_MASTER_IRQ, GPU_EVENTS, IRQ_GROUP_INFO, PIPECONF_OFFSET, RING_BASES, RING_ELSP_OFFSET, type GpuEvent, type IrqGroup } from '../../hw/gpu/gen8Registers';
import { programGpuMsi, readMsiCap } from '../../hw/gpu/gpuConfigSpace';
import { VGT_G2V, VGT_PVINFO_PAGE } from '../../hw/gpu/pvInfoRegisters';
import { durationNs } from '../fields';
import type { VgpuSpec } from '../gvtSchema';
import type { DeviceSpec } from '../schema';
import type { WireContext } from './context';

const MiB = 1 << 20;
/** The GGTT the guests balloon in: a 256 MiB aperture in a 4 GiB GGTT (i915Guest's default layout). */
const GGTT = { mappableEnd: 256 * MiB, total: 2 ** 32 };

export function wireGpuDevice(c: WireContext, d: DeviceSpec, gsiBase: number): void {
  const { s, sim, costs, machine } = c;
  const spec = s.gvt!;
  const pcpu = c.pcpus[d.hostCpu]!;
  const gpu = new Gen8Gpu(`host/${d.id}`, d.id, 'host');
  programGpuMsi(gpu.config, pcpu.irq.cpuId, d.hostVector);
  machine.registerFiles.push(gpu.regs, gpu.config);
  const mediator = new Mediator(gpu);
  const n = spec.vgpus.length;
  const slice = Math.floor(256 / n) * MiB;
  const hidden = Math.floor((4096 - 256) / n) * MiB;
  const vgpus = spec.vgpus.map((vs, i) => {
    const v = mediator.addVgpu({
      id: i, owner: vs.vm, pvInfo: vs.pvInfo, fenceNum: vs.fences, elspScheduleInInterrupt: spec.elspInterrupt,
      mappableBase: i * slice, mappableSize: slice, nonmappableBase: 256 * MiB + i * hidden, nonmappableSize: hidden,
    });
    v.attached = true;
    machine.registerFiles.push(v.regs, v.config, ...(v.pvinfo ? [v.pvinfo] : []));
    return v;
  });
  const lapic = pcpu.irq instanceof LapicPort ? pcpu.irq.lapic : null;
  if (!lapic) throw new Error(`${d.id}: GVT-g needs an x86 host`);
  const gvt = new GvtHost(sim, costs, mediator, d.id, pcpu, spec.hostInjection, lapic, spec.selfIpiVector,
    (msg, flows) => c.remapper.deliver(d.id, msg, flows));
  pcpu.requestVector(d.hostVector, PCpu.handler(`host/${d.id}/gvt-pirq`, `gvt pirq (${d.id})`, (_v, flows) => gvt.pirqSteps(flows), 'gvt-pirq'), false);

  // Each VM's side: msi_trigger eventfd → KVM irqfd whose MSI route is the vGPU's virtual MSI capability.
  spec.vgpus.forEach((vs, i) => {
    const v = vgpus[i]!;
    if (v.isHost) return;
    const vm = c.vms.find((x) => x.name === vs.vm)!;
    const vcpu = vm.vcpus[vs.guestVcpu]!;
    const trigger = new Eventfd(sim, costs, `${vs.vm}-vgpu-msi`, vs.vm);
    v.msiTrigger = trigger;
    const irqfd = new Irqfd(sim, costs, trigger, gsiBase + i, vm, () => {
      const cap = readMsiCap(v.config);
      if ((cap.control & 1) === 0) return { blocked: 'virtual MSI disabled' };
      return { destId: (cap.address >>> 12) & 0xff, vector: cap.data & 0xff, level: false };
    });
    irqfd.assign(); // KVM_IRQFD: QEMU wires VFIO's MSI trigger for the vGPU to the VM
    gvt.guests.set(v, { vcpu, trigger, irqfd });
  });

  // Display events and their VMM consumer, per vGPU with a display workload.
  const consumers: DisplayConsumer[] = [];
  const consumerOf = new Map<Vgpu, DisplayConsumer>();
  spec.vgpus.forEach((vs, i) => {
    if (!vs.display) return;
    const v = vgpus[i]!;
    const irq = createDisplayIrq(sim, costs, spec.displayIrq, spec.consumer.kind, `${vs.vm}-display`, vs.vm);
    const cons = new DisplayConsumer(sim, costs, irq, vs.vm, c.pcpus[spec.consumer.cpu]!, {
      readPeriodNs: durationNs(spec.consumer.readPeriod), stallNs: durationNs(spec.consumer.stall), stallChance: spec.consumer.stallChance,
    }, Prng.derive(s.seed, `${vs.vm}-display-consumer`));
    consumers.push(cons);
    consumerOf.set(v, cons);
  });
  gvt.onVblank = (v, _flow) => {
    const cons = consumerOf.get(v);
    const vs = spec.vgpus[vgpus.indexOf(v)]!;
    if (cons && vs.display?.vblankEvents) cons.raise('vblank', sim.raiseFlow(sim.sid(`${v.name}.display`), sim.sid(v.name)));
  };

  // Physical events no request owns: one flow per vGPU, all riding on the same physical IIR bit.
  spec.sharedEvents.forEach((se, n) => {
    const arrivals = new Arrivals(se.arrival, se.rate, Prng.derive(s.seed, `${d.id}-shared-${n}`));
    const src = sim.sid(`${d.id}.${se.event}`);
    const kMasked = sim.kind('gpu.irq.masked');
    const where = sim.sid(d.id);
    machine.sources.push({ start: () => {
      const next = () => {
        const t = sim.now + arrivals.nextGap();
        if (t >= sim.sourcesUntil) return;
        sim.at(t, () => {
          const flows = vgpus.map((v) => sim.raiseFlow(src, sim.sid(v.name)));
          if (gpu.raise(se.event, flows) === 'masked') {
            for (const f of flows) { sim.hop(f, kMasked, where, sim.flows.vmOf(f), sim.sid(`${se.event} masked in the physical IMR`), 0); sim.flows.drop(f); }
          }
          next();
        });
      };
      next();
    } });
  });

  const drivers: I915Driver[] = [];
  spec.vgpus.forEach((vs, i) => {
    const v = vgpus[i]!;
    const state = new RegFile(I915_DRIVER_STATE_REGS, `${vs.vm}/i915/state`, vs.vm, 'i915', !v.isHost);
    machine.registerFiles.push(state);
    const drv = new I915Driver(c, gvt, v, vs, state, pcpu, d.id, spec.sharedEvents.map((e) => e.event));
    drivers.push(drv);
    machine.sources.push({ start: () => drv.boot() });
    if (vs.display) machine.sources.push({ start: () => startDisplay(c, gvt, v, vs, consumerOf.get(v)!) });
  });

  machine.summaryParts.push(() => {
    const perVm: Record<string, GvtVmFigures> = {};
    vgpus.forEach((v, i) => {
      const st = drivers[i]!.state;
      const f = gvt.fanout.get(v.name) ?? { delivered: 0, masked: 0, coalesced: 0 };
      perVm[v.name] = {
        ...f,
        vblank: gvt.vblanks.get(v.name) ?? { delivered: 0, masked: 0, coalesced: 0 },
        injections: v.stats.injections,
        injectBlocked: { ...v.stats.injectBlocked },
        maskedByEvent: { ...v.stats.maskedByEvent },
        pvInfo: ['not probed', 'gvt', 'native', 'version-mismatch'][Number(st.getField(st.index('VGPU'), 'outcome'))]!,
        fences: Number(st.getField(st.index('FENCES'), 'count')),
      };
    });
    const display = consumers.length
      ? consumers.reduce((a, x) => {
        const t = x.irq.stats;
        return { raised: a.raised + t.raised, consumed: a.consumed + t.consumed, wakeups: a.wakeups + t.wakeups, misattributed: a.misattributed + t.misattributed, lost: a.lost + t.lost, signals: a.signals + t.signals, stalls: a.stalls + x.stalls };
      }, { raised: 0, consumed: 0, wakeups: 0, misattributed: 0, lost: 0, signals: 0, stalls: 0 })
      : undefined;
    return {
      gvt: {
        hostInjection: spec.hostInjection, displayIrq: spec.displayIrq, pirqs: mediator.stats.pirqs, physicalEdges: gpu.stats.edges,
        guestTraps: mediator.stats.guestTraps, hostHooks: mediator.stats.hostHooks,
        nestedEmulations: gvt.nestedEmulations, nestedAccesses: mediator.stats.nested, perVm,
      },
      ...(display ? { display } : {}),
    };
  });
}

export interface GvtVmFigures extends FanoutCounts {
  vblank: FanoutCounts;
  injections: number;
  injectBlocked: Record<string, number>;
  maskedByEvent: Partial<Record<GpuEvent, number>>;
  pvInfo: string;
  fences: number;
}

/** An i915 driver on one vGPU: the host's (through the mediator's hooks, on the GPU's CPU) or a guest's (trapped). */
class I915Driver {
  private readonly path: MmioPath;
  private readonly cpu: PCpu;
  private seq = 0;

  constructor(
    private readonly c: WireContext,
    private readonly gvt: GvtHost,
    private readonly v: Vgpu,
    private readonly spec: VgpuSpec,
    readonly state: RegisterFile,
    hostCpu: PCpu,
    gpuId: string,
    private readonly shared: GpuEvent[],
  ) {
    const g = gvt.guests.get(v);
    this.cpu = g ? g.vcpu.pcpu : hostCpu;
    this.path = g ? gvt.guestPath(v, false) : gvt.hostPath(hostCpu, v);
    const handlerPath = g ? gvt.guestPath(v, true) : this.path;
    if (g) {
      const vm = c.vms.find((x) => x.name === spec.vm)!;
      vm.guestIdt.set(spec.guestVector, {
        name: `i915 (vgpu${v.opts.id})`, cost: 'guest.driver.handler', scope: gpuId, completesOnEoi: false,
        // The handler services what its vIIR bits hold; its IIR reads and clears (trapped) deliver and complete.
        service: () => { const f = gvt.pendingFlows(v); gvt.hooks().serviced(f); return []; },
        body: () => gen8IrqHandler(handlerPath, v, gvt.hooks()),
      });
    }
    if (spec.refreshHz) gvt.setRefresh(v, spec.refreshHz);
  }

  /** Runs `work` where this driver runs: the guest's vCPU in guest mode, or a host kernel thread. */
  private run(work: () => Step[]): void {
    const g = this.gvt.guests.get(this.v);
    if (g) g.vcpu.queueGuestWork(work);
    else this.cpu.wakeThread(work);
  }

  private hop(kind: 'host.i915.probe' | 'guest.i915.probe' | 'host.i915.submit' | 'guest.i915.submit', detail: string): Step {
    const sim = this.c.sim;
    return { kind: sim.kind(kind), where: this.gvt.guests.get(this.v)?.vcpu.where ?? this.cpu.where, vm: sim.sid(this.v.name), flow: 0, dur: 0, detail: sim.sid(detail) };
  }

  /** Driver load: PV INFO detection, fences and ballooning, g2v notifications, interrupt enables, pipe enable. */
  boot(): void {
    const probeKind = this.gvt.guests.has(this.v) ? 'guest.i915.probe' : 'host.i915.probe';
    this.run(() => [{ kind: 0, where: this.cpu.where, flow: 0, detail: 0, dur: 0, silent: true, next: () => {
      const g = this.gvt.guests.get(this.v);
      // The guest programs its virtual MSI first (config space, through VFIO's config region).
      if (g) programGpuMsi(this.v.config, g.vcpu.vlapic.apicId, this.spec.guestVector);
      const reads: string[] = [];
      const mmio: GuestMmio = {
        read: (offset, bytes) => {
          const a = this.gvt.mediator.read(this.v, offset);
          const val = bytes === 8 ? a.value : a.value & ((1n << BigInt(bytes * 8)) - 1n);
          reads.push(`read ${a.register ? `vgt_if.${a.register}` : `0x${offset.toString(16)}`} (${a.outcome}) = 0x${val.toString(16)}`);
          return val;
        },
      };
      const probe = probeI915Guest(mmio, GGTT);
      recordProbe(this.state, probe);
      const steps: Step[] = [];
      for (const r of reads) steps.push(...this.gvt.chargeAccess(this.v, r, this.cpu));
      for (const line of probe.log) steps.push(this.hop(probeKind, line));
      steps.push({ kind: 0, where: this.cpu.where, flow: 0, detail: 0, dur: 0, silent: true, next: () => this.afterProbe(probe.detect.active) });
      return steps;
    } }]);
  }

  private afterProbe(pvActive: boolean): Step[] {
    const P = VGT_PVINFO_PAGE;
    const ops: [number, bigint][] = [];
    if (pvActive && !this.v.isHost) {
      // PV features: tell GVT about the execlist context (g2v), and that the driver is ready for display.
      ops.push([P + 0x858, BigInt(0x1000 * (this.v.opts.id + 1)) | 1n], [P + 0x85c, 0n], [P + 0x818, BigInt(VGT_G2V.EXECLIST_CONTEXT_CREATE)], [P + 0x804, 1n]);
    }
    // Interrupt enables: the render engine's user and context-switch events, the pipe A vblank and flip-done for
    // a guest with a display; events in `mask` stay masked in IMR (enabled in IER).
    const engine = this.spec.render?.engine ?? 'RCS';
    const wanted: GpuEvent[] = [ENGINE_EVENTS[engine].user, ENGINE_EVENTS[engine].ctxSwitch];
    if (!this.v.isHost) wanted.push('PIPE_A_VBLANK', 'PRIMARY_A_FLIP_DONE');
    wanted.push(...this.shared);
    const byGroup = new Map<IrqGroup, { ier: number; unmasked: number }>();
    for (const e of [...wanted, ...this.spec.mask]) {
      const { group, bit } = GPU_EVENTS[e];
      const x = byGroup.get(group) ?? { ier: 0, unmasked: 0 };
      x.ier |= 1 << bit;
      if (!this.spec.mask.includes(e)) x.unmasked |= 1 << bit;
      byGroup.set(group, x);
    }
    for (const [g, x] of byGroup) {
      const info = IRQ_GROUP_INFO[g];
      ops.push([info.base + 4, 0xffffffffn & ~BigInt(x.unmasked >>> 0)], [info.base + 0xc, BigInt(x.ier >>> 0)]);
    }
    ops.push([GEN8_MASTER_IRQ, MASTER_IRQ_CONTROL]);
    if (!this.v.isHost) ops.push([PIPECONF_OFFSET.A, 1n << 31n]);
    const chain = (i: number): Step[] => {
      if (i === ops.length) {
        return [{ kind: 0, where: this.cpu.where, flow: 0, detail: 0, dur: 0, silent: true, then: () => {
          // The host i915 owns the physical masks: the union of what every vGPU enables (seed 000).
          this.gvt.mediator.syncPhysicalMasks();
          this.startRender();
        } }];
      }
      return this.path.access('write', ops[i]![0], ops[i]![1], () => chain(i + 1));
    };
    return chain(0);
  }

  private startRender(): void {
    const r = this.spec.render;
    if (!r) return;
    const sim = this.c.sim;
    const arrivals = new Arrivals(r.arrival, r.rate, Prng.derive(this.c.s.seed, `${this.v.name}-render`));
    const elsp = RING_BASES[r.engine] + RING_ELSP_OFFSET;
    const next = () => {
      const t = sim.now + arrivals.nextGap();
      if (t >= sim.sourcesUntil) return;
      sim.at(t, () => {
        const ctx = BigInt((this.v.opts.id + 1) * 0x1000 + (++this.seq % 0x1000)) << 12n | 1n;
        const dwords = [0n, 0n, ctx >> 32n, ctx & 0xffffffffn];
        const chain = (i: number): Step[] => (i === dwords.length ? [] : this.path.access('write', elsp, dwords[i]!, () => chain(i + 1)));
        this.run(() => [this.hop(this.v.isHost ? 'host.i915.submit' : 'guest.i915.submit', `request ${this.seq} → ${r.engine}_ELSP`), ...chain(0)]);
        next();
      });
    };
    next();
  }
}

/** Flips and cursor updates of one VM's display: each a display event for the VMM, a flip also a flip-done. */
function startDisplay(c: WireContext, gvt: GvtHost, v: Vgpu, vs: VgpuSpec, cons: DisplayConsumer): void {
  const { sim } = c;
  const d = vs.display!;
  const vb = gvt.vblank.get(v)!;
  const burst = d.burst ? { every: durationNs(d.burst.every), length: durationNs(d.burst.length) } : null;
  const inBurst = (t: number) => burst !== null && t >= burst.every && t % burst.every < burst.length;
  const source = (type: DisplayEventType, steady: number, bursty: number | undefined) => {
    const next = () => {
      const hz = inBurst(sim.now) && bursty ? bursty : steady;
      const t = sim.now + Math.max(1, Math.round(1e9 / hz));
      if (t >= sim.sourcesUntil) return;
      sim.at(t, () => {
        const flow = sim.raiseFlow(sim.sid(`${v.name}.display`), sim.sid(v.name));
        if (type === 'primary-flip') vb.queueFlip('A');
        cons.raise(type, flow);
        next();
      });
    };
    next();
  };
  source('primary-flip', d.flipHz, d.burst?.flipHz);
  source('cursor', d.cursorHz, d.burst?.cursorHz);
}
