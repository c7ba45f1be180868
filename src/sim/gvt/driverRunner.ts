// The i915 driver of one vGPU, in time: where it runs, how its register accesses happen and what they cost, its
// interrupt handler and its render requests. The driver's own decisions (what it reads and writes) are
// guest/i915Driver.ts; this is the host side of them.
// Where it runs is decided once, when the runner is made (`DriverPlace`):
// - a guest's driver runs on its vCPU in guest mode; each access traps (EPT_MISCONFIG on GVT's MMIO range), is
//   emulated and KVM re-enters (mmioPaths.ts guestPath); its config-space writes go through VFIO's config region;
// - the host's own i915 runs in a kernel thread on the GPU's CPU; each access goes through the mediator's hooks.
// At load the driver's reads are made at once (each charged afterwards, as the exit or hook it was) and its writes are
// posted: made in program order after them, each through the path. After the boot writes the host i915 sets the
// physical masks to the union of what every vGPU enables (seed 000), and the render requests start.
// A render loop (host/renderLoop.ts) instead of open-loop requests: each frame is one submission through the same
// path; its completion is seen at the end of the driver's interrupt handler, then the application's CPU work runs
// where the driver runs (the vCPU in guest mode, or a host thread) and the next frame follows.
// Not modelled: the MSI programming's own trap (config space), the driver's CPU time between accesses.
import { Arrivals, type ArrivalKind } from '../core/arrivals';
import { Prng } from '../core/prng';
import type { GuestHandler } from '../host/kvm/guestInterruptTable';
import type { PCpu } from '../host/pcpu';
import type { Step } from '../host/step';
import { RenderLoop } from '../host/renderLoop';
import type { Engine } from '../hw/gpu/gen8Registers';
import { programGpuMsi } from '../hw/gpu/gpuConfigSpace';
import type { GvtHost } from './gvtHost';
import { gen8IrqHandler, type MmioPath } from './i915Irq';
import type { Vgpu } from './vgpu';

/** The BAR as a driver sees it (the shape of guest/i915Guest.ts GuestMmio): reads at once, writes posted. */
export interface DriverMmio {
  read(offset: number, bytes: 2 | 4 | 8): bigint;
  write(offset: number, value: bigint): void;
}

/** The driver's PCI function as its kernel's PCI core offers it (guest/i915Driver.ts GuestPci). */
export interface DriverPci {
  enableMsi(destId: number, vector: number): void;
}

/** What the runner runs (guest/i915Driver.ts): the driver's load and its render requests. */
export interface RunnableDriver {
  /** Render requests submitted so far. */
  readonly requests: number;
  /** Driver load: its reads through `mmio` at once, its writes posted; the lines its probe logs. */
  load(mmio: DriverMmio, pci: DriverPci): { log: readonly string[] };
  /** One render request: its writes, posted. */
  submit(mmio: Pick<DriverMmio, 'write'>): void;
}

/** Where a driver runs and how its accesses happen: a guest's vCPU (trapped) or a host kernel thread (hooked). */
interface DriverPlace {
  /** The pCPU it runs on. */
  cpu: PCpu;
  /** Where its hops are logged. */
  where: number;
  probeKind: 'guest.i915.probe' | 'host.i915.probe';
  submitKind: 'guest.i915.submit' | 'host.i915.submit';
  /** Runs `work` there: queued guest work on the vCPU, or a kernel thread woken on the pCPU. */
  run(work: () => Step[]): void;
  /** The cost of an access already made (a load's reads). */
  charge(detail: string): Step[];
  /** The path of its accesses from process context (load, submissions) and from its interrupt handler. */
  path: MmioPath;
  handlerPath: MmioPath;
}

function placeOf(gvt: GvtHost, v: Vgpu, hostCpu: PCpu): DriverPlace {
  const g = gvt.guests.get(v);
  if (g) {
    return {
      cpu: g.vcpu.pcpu, where: g.vcpu.where, probeKind: 'guest.i915.probe', submitKind: 'guest.i915.submit',
      run: (work) => g.vcpu.queueGuestWork(work),
      charge: (detail) => gvt.guestCharge(v, detail),
      path: gvt.guestPath(v, false), handlerPath: gvt.guestPath(v, true),
    };
  }
  const path = gvt.hostPath(hostCpu, v);
  return {
    cpu: hostCpu, where: hostCpu.where, probeKind: 'host.i915.probe', submitKind: 'host.i915.submit',
    run: (work) => hostCpu.wakeThread(work),
    charge: (detail) => gvt.hostCharge(v, detail, hostCpu),
    path, handlerPath: path,
  };
}

/** A render loop's options: vsync with the vGPU's vblank period, or none. */
export interface RenderLoopWork {
  vblankPeriodNs: number | null;
}

export interface RenderWork {
  rate: number;
  arrival: ArrivalKind;
  engine: Engine;
}

/** A silent bookkeeping step: records no hop. */
const silent = (where: number, o: Pick<Step, 'then' | 'next'>): Step => ({ kind: 0, where, flow: 0, detail: 0, dur: 0, silent: true, ...o });

export class DriverRunner {
  private readonly place: DriverPlace;
  /** The vGPU's render loop, when it has one (instead of open-loop requests). */
  readonly loop: RenderLoop | null;

  constructor(
    private readonly gvt: GvtHost,
    readonly v: Vgpu,
    readonly driver: RunnableDriver,
    hostCpu: PCpu,
    private readonly render: RenderWork | null,
    /** The scenario's seed: the render requests' arrivals are drawn from it. */
    private readonly seed: number,
    loop: RenderLoopWork | null = null,
  ) {
    this.place = placeOf(gvt, v, hostCpu);
    this.loop = loop ? this.renderLoop(loop) : null;
  }

  private renderLoop(w: RenderLoopWork): RenderLoop {
    const { gvt, v, place } = this;
    const guest = gvt.guests.has(v);
    const loop = new RenderLoop(gvt.hops.sim, v.name, {
      cpuWork: (frame, done) => place.run(() => [gvt.hops.step(guest ? 'guest.frame.cpu' : 'host.frame.cpu', 'app.frame.cpu', 0, `${v.name}: frame ${frame}'s CPU work`, {
        where: place.where, vm: v.name, scope: v.name, then: done,
      })]),
      submit: (frame) => this.submitWrites(`frame ${frame}`),
    }, w.vblankPeriodNs);
    gvt.addRenderLoop(v, loop);
    return loop;
  }

  /** One submission: the driver's ELSP writes, posted, made from where it runs. */
  private submitWrites(what: string): void {
    const writes: [number, bigint][] = [];
    this.driver.submit({ write: (offset, value) => { writes.push([offset, value]); } });
    this.place.run(() => [this.hop(this.place.submitKind, `${what} → ELSP`), ...this.writeChain(writes, 0, () => [])]);
  }

  /** The driver's interrupt handler as its guest's IDT holds it (a guest's driver). */
  irqHandler(scope: string): GuestHandler {
    const { gvt, v } = this;
    return {
      name: `i915 (vgpu${v.opts.id})`, cost: 'guest.driver.handler', scope, completesOnEoi: false,
      // The handler services what its vIIR bits hold; its IIR reads and clears (trapped) deliver and complete.
      service: () => { const f = gvt.pendingFlows(v); gvt.hooks().serviced(f); return []; },
      body: () => {
        const steps = gen8IrqHandler(this.place.handlerPath, v, gvt.hooks());
        const loop = this.loop;
        return loop ? [...steps, silent(this.place.where, { then: () => loop.handled() })] : steps;
      },
    };
  }

  /** Driver load, from where the driver runs: its reads now, charged; its writes after them; then its requests. */
  boot(): void {
    const { gvt, v, place } = this;
    const where = place.cpu.where;
    place.run(() => [silent(where, { next: () => {
      const reads: string[] = [];
      const writes: [number, bigint][] = [];
      const mmio: DriverMmio = {
        read: (offset, bytes) => {
          if (writes.length) throw new Error(`${v.name}: a read after posted writes is not modelled`);
          const a = gvt.mediator.read(v, offset);
          const val = bytes === 8 ? a.value : BigInt.asUintN(bytes * 8, a.value);
          reads.push(`read ${a.register ? `vgt_if.${a.register}` : `0x${offset.toString(16)}`} (${a.outcome}) = 0x${val.toString(16)}`);
          return val;
        },
        write: (offset, value) => { writes.push([offset, value]); },
      };
      const pci: DriverPci = { enableMsi: (destId, vector) => programGpuMsi(v.config, destId, vector) };
      const probe = this.driver.load(mmio, pci);
      const steps: Step[] = [];
      for (const r of reads) steps.push(...place.charge(r));
      for (const line of probe.log) steps.push(this.hop(place.probeKind, line));
      steps.push(silent(where, { next: () => this.writeChain(writes, 0, () => [silent(where, { then: () => {
        // The host i915 owns the physical masks: the union of what every vGPU enables (seed 000).
        gvt.mediator.syncPhysicalMasks();
        this.startRender();
        this.loop?.start();
      } })]) }));
      return steps;
    } })]);
  }

  private writeChain(writes: [number, bigint][], i: number, end: () => Step[]): Step[] {
    if (i === writes.length) return end();
    const [offset, value] = writes[i]!;
    return this.place.path.access('write', offset, value, () => this.writeChain(writes, i + 1, end));
  }

  private hop(kind: DriverPlace['probeKind'] | DriverPlace['submitKind'], detail: string): Step {
    return this.gvt.hops.step(kind, null, 0, detail, { where: this.place.where, vm: this.v.name });
  }

  private startRender(): void {
    const r = this.render;
    if (!r) return;
    const sim = this.gvt.hops.sim;
    const arrivals = new Arrivals(r.arrival, r.rate, Prng.derive(this.seed, `${this.v.name}-render`));
    const next = () => {
      const t = sim.now + arrivals.nextGap();
      if (t >= sim.sourcesUntil) return;
      sim.at(t, () => {
        const writes: [number, bigint][] = [];
        this.driver.submit({ write: (offset, value) => { writes.push([offset, value]); } });
        // The detail names the driver's latest request when the work runs (a request queued behind another shows
        // the later number, as before the driver moved here).
        this.place.run(() => [this.hop(this.place.submitKind, `request ${this.driver.requests} → ${r.engine}_ELSP`),
          ...this.writeChain(writes, 0, () => [])]);
        next();
      });
    };
    next();
  }
}
