// The physical GPU as GVT drives it: engines run requests in submission order, completions are owned.
// (The GPU's MSI write is the function's own: hw/gpu/gpuMsi.ts.)
// With a vGPU scheduler (vgpuScheduler.ts, gvt.scheduler) the scheduler decides which vGPU's workload an idle engine
// runs; without one, requests run in submission order. A vGPU with a render loop has its frames rendered for
// "gpu.frame.render" (per VM) and is told when its frame is done.
import { ENGINE_EVENTS, type Engine, type GpuEvent } from '../hw/gpu/gen8Registers';
import type { PendingEvent } from '../hw/gpu/gen8Gpu';
import type { RenderLoop } from '../host/renderLoop';
import type { GvtHops } from './hops';
import type { Mediator } from './mediator';
import type { EngineScheduler } from './vgpuScheduler';
import type { Vgpu } from './vgpu';

export class PhysicalGpu {
  private readonly engineQueue = new Map<Engine, Vgpu[]>();
  private readonly engineBusy = new Set<Engine>();
  /** Per latched event: the vGPUs whose requests completed with it (its render owners). */
  private readonly owners = new Map<GpuEvent, Set<Vgpu>>();

  /** Set when the scenario has a vGPU scheduler: it queues the submissions and starts the engines. */
  private sched: EngineScheduler | null = null;
  /** The vGPUs whose requests are render-loop frames. */
  private readonly loops = new Map<Vgpu, RenderLoop>();

  constructor(
    private readonly hops: GvtHops,
    private readonly mediator: Mediator,
  ) {}

  useScheduler(s: EngineScheduler): void {
    this.sched = s;
  }

  /** `v`'s requests are the frames of `loop`. */
  addLoop(v: Vgpu, loop: RenderLoop): void {
    this.loops.set(v, loop);
  }

  /** GVT dispatches a vGPU's request to the physical engine (in submission order). */
  enqueue(v: Vgpu, engine: Engine): void {
    if (this.sched) {
      this.sched.queue(v, engine);
      return;
    }
    const q = this.engineQueue.get(engine) ?? [];
    q.push(v);
    this.engineQueue.set(engine, q);
    if (!this.engineBusy.has(engine)) this.runNext(engine);
  }

  /** The owners of the events just acknowledged, forgotten here: the next completion starts a new set. */
  claimOwners(events: PendingEvent[]): Map<GpuEvent, Set<Vgpu>> {
    const targets = new Map<GpuEvent, Set<Vgpu>>();
    for (const e of events) {
      const own = this.owners.get(e.event);
      if (own) {
        targets.set(e.event, own);
        this.owners.delete(e.event);
      }
    }
    return targets;
  }

  private runNext(engine: Engine): void {
    const v = this.engineQueue.get(engine)?.shift();
    if (!v) {
      this.engineBusy.delete(engine);
      return;
    }
    this.engineBusy.add(engine);
    this.start(v, engine);
  }

  /** The engine takes `v`'s workload: the ELSP write, the run, the completion (the engine is the caller's to keep busy). */
  start(v: Vgpu, engine: Engine): void {
    const { sim, costs, k, gpuWhere } = this.hops;
    const vmId = sim.sid(v.name);
    const elsp = 4 * costs.ns('gpu.mmio.write');
    sim.hop(0, k['gpu.elsp.write'], gpuWhere, vmId, sim.sid(`${engine}_ELSP ← ${v.name}'s shadow context (4 dwords)`), elsp);
    const loop = this.loops.get(v);
    const run = loop ? costs.nsFor('gpu.frame.render', v.name) : costs.nsFor('gpu.engine.batch', v.name);
    sim.after(elsp, () => {
      if (loop) sim.hop(0, k['gpu.frame.run'], gpuWhere, vmId, sim.sid(`${engine} renders ${v.name}'s frame`), run);
      else sim.hop(0, k['gpu.engine.run'], gpuWhere, vmId, sim.sid(`${engine} runs ${v.name}'s request`), run);
      sim.after(run, () => this.complete(v, engine));
    });
  }

  private complete(v: Vgpu, engine: Engine): void {
    const { sim, k, gpuWhere, gpuId } = this.hops;
    const vmId = sim.sid(v.name);
    const flow = sim.raiseFlow(sim.sid(`${gpuId}.${engine}`), vmId);
    const ev = ENGINE_EVENTS[engine];
    sim.hop(flow, k['gpu.engine.complete'], gpuWhere, vmId, sim.sid(`${ev.user} + ${ev.ctxSwitch} (${v.name})`), 0);
    v.busyEngines.delete(engine);
    this.loops.get(v)?.gpuFinished();
    for (const e of [ev.user, ev.ctxSwitch]) {
      let s = this.owners.get(e);
      if (!s) this.owners.set(e, (s = new Set()));
      s.add(v);
    }
    const out = this.mediator.gpu.completeContext(engine, [flow]);
    if (out.user === 'masked') {
      sim.hop(flow, k['gpu.irq.masked'], gpuWhere, vmId, sim.sid(`${ev.user} masked in the physical IMR: not latched`), 0);
      sim.flows.drop(flow);
    } else if (out.user === 'coalesced') {
      sim.hop(flow, k['gpu.iir.coalesce'], gpuWhere, vmId, sim.sid(`${ev.user} already latched in the physical IIR: rides on it`), 0);
    }
    if (this.sched) this.sched.completed(engine);
    else this.runNext(engine);
  }
}
