// The host's i915 driving the GPU itself, with no mediator (the native twin of a GVT-g scenario, gvt.native): each
// render loop is a host application whose frames i915 submits straight to the engine (execlists_submit_ports: the
// ELSP writes, no trap, no command scan, no vGPU scheduler: each engine runs requests in submission order), the
// GPU's MSI reaches i915's own interrupt handler (gen8_irq_handler: master off, read the master and the GT IIR,
// clear it, master on — straight MMIO, no hooks), and the application's CPU work for the next frame runs on its pCPU
// as a thread. Costs: gpu.mmio.read/write for the handler's accesses, host.driver.handler (scope: the GPU) for its
// body, gpu.frame.render and app.frame.cpu (scope: the loop's VM id, as in the mediated run) for the frame.
// Not modelled: the display engine (no vblank events natively; vsync waits for the refresh period's next multiple),
// GuC submission, i915's request retirement and waits, events other than the engines' completions.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import type { Gen8Gpu } from '../../hw/gpu/gen8Gpu';
import { ENGINE_EVENTS, GEN8_MASTER_IRQ, GPU_EVENTS, IRQ_GROUP_INFO, MASTER_IRQ_CONTROL, type Engine, type GpuEvent } from '../../hw/gpu/gen8Registers';
import { PCpu, type IrqHandler } from '../pcpu';
import type { InPort } from '../../core/wires';
import type { Step } from '../step';
import { RenderLoop } from '../renderLoop';

interface Client {
  name: string;
  engine: Engine;
  loop: RenderLoop;
}

export class NativeI915 {
  /** request_irq on the GPU's host vector: i915's own handler. */
  readonly handler: InPort<IrqHandler>;
  readonly loops = new Map<string, RenderLoop>();
  private readonly queues = new Map<Engine, Client[]>();
  private readonly busy = new Set<Engine>();
  /** Per latched completion event: the clients whose frame completed with it. */
  private readonly owners = new Map<GpuEvent, Set<Client>>();
  private readonly k;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    private readonly gpu: Gen8Gpu,
    private readonly gpuId: string,
    /** The CPU the GPU's MSI targets. */
    private readonly cpu: PCpu,
  ) {
    this.k = sim.kinds(['host.i915.irq.native', 'host.i915.handler', 'host.i915.submit', 'host.frame.cpu', 'gpu.elsp.write', 'gpu.frame.run', 'gpu.engine.complete', 'gpu.iir.coalesce', 'gpu.irq.masked'] as const);
    this.handler = PCpu.handler(`host/${gpuId}/i915`, `i915 (${gpuId}, native)`, (_v, flows) => this.irqSteps(flows));
  }

  /** i915's interrupt setup for the engines it uses: their completion and context-switch events enabled, master on. */
  enable(engines: readonly Engine[]): void {
    const r = this.gpu.regs;
    for (const e of engines) {
      for (const name of [ENGINE_EVENTS[e].user, ENGINE_EVENTS[e].ctxSwitch]) {
        const info = GPU_EVENTS[name];
        const g = IRQ_GROUP_INFO[info.group];
        r.setBit(r.index(g.imr), info.bit, false);
        r.setBit(r.index(g.ier), info.bit, true);
      }
    }
    r.write(r.index('GEN8_MASTER_IRQ'), MASTER_IRQ_CONTROL.of(1));
  }

  /** A host application's render loop: its CPU work on `appCpu`, its frames on `engine`. */
  addLoop(name: string, engine: Engine, appCpu: PCpu, vblankPeriodNs: number | null): RenderLoop {
    const sim = this.sim;
    const where = appCpu.where;
    const client: Client = { name, engine, loop: null as unknown as RenderLoop };
    client.loop = new RenderLoop(sim, name, {
      cpuWork: (frame, done) => appCpu.wakeThread(() => [{
        kind: this.k['host.frame.cpu'], where, flow: 0, vm: sim.sid(name), detail: sim.sid(`${name}: frame ${frame}'s CPU work`),
        dur: this.costs.nsFor('app.frame.cpu', name), then: done,
      }]),
      submit: (frame) => appCpu.wakeThread(() => [{
        kind: this.k['host.i915.submit'], where, flow: 0, vm: sim.sid(name), detail: sim.sid(`frame ${frame} → ${engine}_ELSP (native)`), dur: 0,
        then: () => this.enqueue(client),
      }]),
    }, vblankPeriodNs);
    this.loops.set(name, client.loop);
    return client.loop;
  }

  private enqueue(c: Client): void {
    const q = this.queues.get(c.engine) ?? [];
    q.push(c);
    this.queues.set(c.engine, q);
    if (!this.busy.has(c.engine)) this.runNext(c.engine);
  }

  private runNext(engine: Engine): void {
    const c = this.queues.get(engine)?.shift();
    if (!c) {
      this.busy.delete(engine);
      return;
    }
    this.busy.add(engine);
    const { sim, costs, k } = this;
    const at = sim.sid(this.gpuId);
    const vm = sim.sid(c.name);
    const elsp = 4 * costs.ns('gpu.mmio.write');
    sim.hop(0, k['gpu.elsp.write'], at, vm, sim.sid(`${engine}_ELSP ← ${c.name}'s context (4 dwords)`), elsp);
    const run = costs.nsFor('gpu.frame.render', c.name);
    sim.after(elsp, () => {
      sim.hop(0, k['gpu.frame.run'], at, vm, sim.sid(`${engine} renders ${c.name}'s frame`), run);
      sim.after(run, () => this.complete(c));
    });
  }

  private complete(c: Client): void {
    const { sim, k } = this;
    const at = sim.sid(this.gpuId);
    const vm = sim.sid(c.name);
    const flow = sim.raiseFlow(sim.sid(`${this.gpuId}.${c.engine}`), vm);
    const ev = ENGINE_EVENTS[c.engine];
    sim.hop(flow, k['gpu.engine.complete'], at, vm, sim.sid(`${ev.user} + ${ev.ctxSwitch} (${c.name})`), 0);
    c.loop.gpuFinished();
    let own = this.owners.get(ev.user);
    if (!own) this.owners.set(ev.user, (own = new Set()));
    own.add(c);
    const out = this.gpu.completeContext(c.engine, [flow]);
    if (out.user === 'masked') {
      sim.hop(flow, k['gpu.irq.masked'], at, vm, sim.sid(`${ev.user} masked in the IMR: not latched`), 0);
      sim.flows.drop(flow);
    } else if (out.user === 'coalesced') {
      sim.hop(flow, k['gpu.iir.coalesce'], at, vm, sim.sid(`${ev.user} already latched in the IIR: rides on it`), 0);
    }
    this.runNext(c.engine);
  }

  /** gen8_irq_handler, native: its register accesses, then its body; the completed frames' loops go on. */
  private irqSteps(flows: FlowGroup): Step[] {
    const { sim, costs, k, cpu } = this;
    const flow = flows[0] ?? 0;
    let served: Client[] = [];
    const accesses = 2 * costs.ns('gpu.mmio.read') + 3 * costs.ns('gpu.mmio.write');
    return [{
      kind: k['host.i915.irq.native'], where: cpu.where, flow, detail: sim.sid(`master off, read 0x${GEN8_MASTER_IRQ.toString(16)} and the GT IIR, clear it, master on`),
      dur: accesses,
      then: () => {
        for (const e of this.gpu.acknowledge()) {
          for (const f of e.flows) { sim.flows.deliver(f, sim.now, false); sim.flows.complete(f, sim.now); }
          const own = this.owners.get(e.event);
          if (own) { served.push(...own); this.owners.delete(e.event); }
        }
      },
      next: () => {
        const mine = served;
        served = [];
        return [{
          kind: k['host.i915.handler'], where: cpu.where, flow, vm: sim.sid('host'), detail: sim.sid(`i915: ${mine.length} frame${mine.length === 1 ? '' : 's'} done (native)`),
          dur: costs.nsFor('host.driver.handler', this.gpuId),
          then: () => { for (const c of mine) c.loop.handled(); },
        }];
      },
    }];
  }
}
