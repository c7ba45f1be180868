// The GVT-g vGPU scheduler (gvt.scheduler): which vGPU's workloads the physical engines run, read from
// torvalds/linux drivers/gpu/drm/i915/gvt/sched_policy.c (the time-based scheduler, "tbs") and gvt/scheduler.c:
// - tbs_sched_init: an hrtimer with period GVT_DEFAULT_TIME_SLICE = 1,000,000 ns (facts F12's "1 ms", confirmed in
//   the source); tbs_timer_fn asks the service thread to run tbs_sched_func at each expiry.
// - intel_vgpu_queue_workload (scheduler.c) kicks the scheduler on every submission (intel_gvt_kick_schedule), and
//   complete_current_workload kicks it again when a switch is waiting (need_reschedule).
// - tbs_sched_func: every GVT_TS_BALANCE_PERIOD_MS (100) timer calls, gvt_balance_timeslice gives each vGPU
//   100 ms × weight / total weight (stage 0 of GVT_TS_BALANCE_STAGE_NUM = 10: reset; other stages: added to what is
//   left). Unless a next vGPU is already chosen, find_busy_vgpu takes the first vGPU of the LRU run queue with a
//   pending workload and time slice left, and moves it to the tail; none: the idle vGPU.
// - try_to_schedule_next_vgpu: need_reschedule stops dispatching for the current vGPU; while any engine still runs
//   a workload the switch waits; then the current vGPU's time in is charged to its slice and the next becomes current.
// - workload_thread / pick_next_workload: an idle engine runs the current vGPU's next workload for that engine,
//   unless a switch is waiting.
// When an engine passes from one vGPU's context to another's, GVT switches the render MMIO context
// (gvt/mmio_context.c intel_gvt_switch_mmio): "gvt.sched.switch", the engine idle meanwhile.
// fifo: requests run in submission order on each engine, whoever sent them (today's behaviour without a scheduler).
// The run queue holds every guest vGPU, busy or not (an idle vGPU keeps its share: time slices do not move to the
// busy ones until the next balance), from the start of the run: the timer has run since the vGPUs were activated,
// so the first balance is made at time 0. The host's own view joins only when it renders (as dom0's vGPU did in
// gVirt on Xen; upstream KVMGT's host i915 requests do not go through GVT's scheduler at all).
// Not modelled: the service thread's CPU time, the engine's preemption (GVT waits for workloads to finish), the
// scheduler's per-engine dispatch threads' wake-up latency.
import type { Engine } from '../hw/gpu/gen8Registers';
import type { GvtHops } from './hops';
import type { Vgpu } from './vgpu';

/** GVT_TS_BALANCE_PERIOD_MS (sched_policy.c): timer calls between two balances, and the balance period in ms. */
export const GVT_TS_BALANCE_PERIOD_MS = 100;
/** GVT_TS_BALANCE_STAGE_NUM (sched_policy.c): stage 0 of every this many balances resets the slices. */
export const GVT_TS_BALANCE_STAGE_NUM = 10;
/** GVT_DEFAULT_TIME_SLICE (sched_policy.c), ns. */
export const GVT_DEFAULT_TIME_SLICE = 1_000_000;

/** What the physical GPU needs from a scheduler: it queues submissions and starts the engines. */
export interface EngineScheduler {
  queue(v: Vgpu, engine: Engine): void;
  /** The engine finished the workload it ran. */
  completed(engine: Engine): void;
}

/** The physical engines as the scheduler drives them. */
export interface Engines {
  /** Run `v`'s next workload on `engine` (the ELSP write, the run, the completion). */
  start(v: Vgpu, engine: Engine): void;
}

export interface SchedulerFigures {
  policy: 'fifo' | 'tbs';
  /** Engine handovers between vGPUs (each a render MMIO context switch). */
  switches: number;
  /** Per vGPU: engine time its workloads held, ns. */
  busyNs: Record<string, number>;
}

const IDLE = 'idle' as const;
type Pick = Vgpu | typeof IDLE;

/** tbs: the time-based scheduler of gvt/sched_policy.c. */
export class TbsScheduler implements EngineScheduler {
  private readonly lru: Vgpu[];
  private readonly pending = new Map<Vgpu, Map<Engine, number>>();
  private readonly running = new Map<Engine, Vgpu>();
  private readonly owner = new Map<Engine, Vgpu>();
  private readonly startedAt = new Map<Engine, number>();
  private current: Pick | null = null;
  private next: Pick | null = null;
  private needReschedule = false;
  private readonly leftTs = new Map<Vgpu, number>();
  private readonly allocatedTs = new Map<Vgpu, number>();
  private schedInNs = 0;
  private timerCalls = 0;
  private stage = 0;
  private readonly figures: SchedulerFigures = { policy: 'tbs', switches: 0, busyNs: {} };

  constructor(
    private readonly hops: GvtHops,
    private readonly engines: Engines,
    vgpus: readonly Vgpu[],
    private readonly timeSliceNs: number,
    private readonly weights: readonly number[],
    /** The host's view renders (it then takes part like a vGPU). */
    hostRenders: boolean,
  ) {
    // tbs_sched_start_schedule: each vGPU joins the tail of the run queue when it is activated.
    this.lru = vgpus.filter((v) => !v.isHost || hostRenders);
    for (const v of vgpus) {
      this.pending.set(v, new Map());
      this.leftTs.set(v, 0);
      this.allocatedTs.set(v, 0);
      this.figures.busyNs[v.name] = 0;
    }
    this.startTimer();
  }

  queue(v: Vgpu, engine: Engine): void {
    const q = this.pending.get(v);
    if (!q) throw new Error(`${v.name} is not in the vGPU scheduler's run queue`);
    q.set(engine, (q.get(engine) ?? 0) + 1);
    this.schedule(); // intel_gvt_kick_schedule
    this.dispatch();
  }

  completed(engine: Engine): void {
    const v = this.running.get(engine)!;
    this.running.delete(engine);
    const q = this.pending.get(v)!;
    q.set(engine, q.get(engine)! - 1);
    this.figures.busyNs[v.name]! += this.hops.sim.now - this.startedAt.get(engine)!;
    if (this.needReschedule) this.schedule();
    this.dispatch();
  }

  get stats(): SchedulerFigures {
    return { ...this.figures, busyNs: { ...this.figures.busyNs } };
  }

  /** The hrtimer (tbs_timer_fn), from the start: runs while the sources run or a workload waits. */
  private startTimer(): void {
    const sim = this.hops.sim;
    const tick = () => {
      if (sim.now >= sim.sourcesUntil && !this.anyPending()) return;
      if (++this.timerCalls % GVT_TS_BALANCE_PERIOD_MS === 0) this.balance();
      this.schedule();
      this.dispatch();
      sim.after(this.timeSliceNs, tick);
    };
    this.balance();
    sim.after(this.timeSliceNs, tick);
  }

  /** gvt_balance_timeslice. */
  private balance(): void {
    const stage = this.stage++ % GVT_TS_BALANCE_STAGE_NUM;
    if (stage === 0) {
      const total = this.lru.reduce((a, v) => a + this.weightOf(v), 0);
      for (const v of this.lru) {
        const fair = (GVT_TS_BALANCE_PERIOD_MS * 1_000_000 * this.weightOf(v)) / total;
        this.allocatedTs.set(v, fair);
        this.leftTs.set(v, fair);
      }
    } else {
      for (const v of this.lru) this.leftTs.set(v, this.leftTs.get(v)! + this.allocatedTs.get(v)!);
    }
  }

  /** sched_ctl.weight: gvt.scheduler.weights is in the order of gvt.vgpus (a vGPU's id is its index there). */
  private weightOf(v: Vgpu): number {
    return this.weights[v.opts.id] ?? 1;
  }

  /** tbs_sched_func (without its timer bookkeeping). */
  private schedule(): void {
    if (this.lru.length && !this.next) {
      const v = this.lru.find((x) => this.hasPending(x) && this.leftTs.get(x)! > 0);
      if (v) {
        this.next = v;
        this.lru.splice(this.lru.indexOf(v), 1);
        this.lru.push(v);
      } else this.next = IDLE;
    }
    if (this.next) this.tryNext();
  }

  /** try_to_schedule_next_vgpu. */
  private tryNext(): void {
    this.needReschedule = true;
    if (this.running.size > 0) return;
    const now = this.hops.sim.now;
    const cur = this.current;
    if (cur && cur !== IDLE) this.leftTs.set(cur, this.leftTs.get(cur)! - (now - this.schedInNs));
    this.schedInNs = now;
    this.current = this.next;
    this.next = null;
    this.needReschedule = false;
  }

  /** workload_thread: each idle engine takes the current vGPU's next workload for it. */
  private dispatch(): void {
    const v = this.current;
    if (!v || v === IDLE || this.needReschedule) return;
    for (const [engine, n] of this.pending.get(v)!) {
      if (n <= 0 || this.running.has(engine)) continue;
      this.running.set(engine, v);
      this.startOn(v, engine);
    }
  }

  /** The engine takes v's workload, after a render MMIO context switch if another vGPU's context held it. */
  private startOn(v: Vgpu, engine: Engine): void {
    const { sim, costs, k, gpuWhere } = this.hops;
    const prev = this.owner.get(engine);
    this.owner.set(engine, v);
    this.startedAt.set(engine, sim.now);
    if (!prev || prev === v) {
      this.engines.start(v, engine);
      return;
    }
    this.figures.switches++;
    const dur = costs.ns('gvt.sched.switch');
    sim.hop(0, k['gvt.sched.switch'], gpuWhere, sim.sid(v.name), sim.sid(`${engine}: ${prev.name} → ${v.name} (render MMIO context switch)`), dur);
    sim.after(dur, () => this.engines.start(v, engine));
  }

  private hasPending(v: Vgpu): boolean {
    for (const n of this.pending.get(v)!.values()) if (n > 0) return true;
    return false;
  }

  private anyPending(): boolean {
    return this.lru.some((v) => this.hasPending(v));
  }
}
