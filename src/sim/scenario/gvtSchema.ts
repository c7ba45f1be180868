// The scenario's GPU-mediation section (issue 6, seeds 000/001/002): which VMs (and the host) get a vGPU, their
// drivers' choices (PV INFO, vIMR masks, refresh rate), their render and display workloads, and the three design
// switches: hostInjection (seed 000), displayIrq and the display consumer (seed 001), pvInfo (seed 002).
// Kept apart from schema.ts (which includes it as `gvt`) so the device list stays readable.
import { z } from 'zod';
import { GPU_EVENTS, type GpuEvent } from '../hw/gpu/gen8Registers';
import { NS_PER_US } from '../core/time';
import { between, duration, int, oneOf, rate, text } from './fields';

/** Same tag as schema.ts's switchMeta (declared here too to avoid an import cycle). */
const switchMeta = { switch: true } as const;

const vector = () => int(0x20, 0xef).describe('x86 vector 0x20..0xEF');
const GPU_EVENT_NAMES = Object.keys(GPU_EVENTS) as [GpuEvent, ...GpuEvent[]];

const RenderSchema = z.strictObject({
  rate: rate().default(3000).describe('requests per second the driver submits; each completes on the engine with MI_USER_INTERRUPT (2–5 k/s for a busy desktop/3D client)'),
  arrival: oneOf(['periodic', 'poisson'] as const).default('poisson').describe('arrival process of the requests'),
  engine: oneOf(['RCS', 'BCS', 'VCS', 'VECS'] as const).default('RCS').describe('the engine the requests run on (its execlist port takes the submission)'),
});

const RenderLoopSchema = z.strictObject({
  engine: oneOf(['RCS', 'BCS', 'VCS', 'VECS'] as const).default('RCS').describe('the engine the frames run on'),
  vsync: z.boolean().default(false).describe('submit the next frame at the next vblank of the vGPU\'s refresh (refreshHz): each frame is presented there, a display event; false: at once'),
}).describe('closed loop (issue 12): submit a frame (an execlist submission), the engine renders it for "gpu.frame.render", its completion interrupt reaches the driver, the application works "app.frame.cpu" on the CPU, then the next frame (override either per VM, e.g. costs {"gpu.frame.render@vm0": "8ms"}); reports frames/s in the summary (renderLoops)');

const SchedulerSchema = z.strictObject({
  policy: oneOf(['fifo', 'tbs'] as const).default('tbs').meta({ ...switchMeta,
    description: 'design switch — how the engines are shared between vGPUs: fifo (requests run in submission order, whoever sent them) or tbs (gvt/sched_policy.c: the time-based scheduler — an engine runs one vGPU\'s workloads at a time, a 1 ms hrtimer and every submission pick the next busy vGPU with time slice left, in LRU order, and a switch waits for the running workloads)' }),
  timeSlice: duration(NS_PER_US).default('1ms').describe('tbs: the scheduler\'s hrtimer period (GVT_DEFAULT_TIME_SLICE = 1,000,000 ns in gvt/sched_policy.c); every 100 periods each vGPU is given 100 ms × weight / total weight of engine time (gvt_balance_timeslice)'),
  weights: z.array(int(1, 16)).max(8).optional().describe('tbs: the vGPUs\' sched_ctl.weight, in the order of vgpus (default: all equal)'),
}).describe('the GVT-g vGPU scheduler (absent: requests run in submission order, as fifo)');

const BurstSchema = z.strictObject({
  every: duration(NS_PER_US).describe('a burst starts at this period (the first one after one period)'),
  length: duration().describe('how long each burst lasts'),
  flipHz: rate().optional().describe('page-flip rate inside a burst (default: the steady rate)'),
  cursorHz: rate().optional().describe('cursor-update rate inside a burst (default: the steady rate)'),
});

const DisplayWorkSchema = z.strictObject({
  flipHz: rate().default(60).describe('primary-plane page flips per second (each is a display event for the VMM and a flip-done at the next virtual vblank)'),
  cursorHz: rate().default(120).describe('cursor-plane updates per second (each is a display event for the VMM)'),
  vblankEvents: z.boolean().default(false).describe('also signal a display event on every virtual vblank (the RFC\'s "vblank/pageflip")'),
  burst: BurstSchema.optional().describe('periodic bursts (a window being dragged, a game loading): higher flip/cursor rates for a while'),
});

export const VgpuSchema = z.strictObject({
  vm: text('"host" or a VM id', 64).describe('"host" for the host i915\'s own view of the GPU (seed 000/002), or the VM the vGPU is given to'),
  pvInfo: oneOf(['present', 'absent', 'wrong-version'] as const).default('present').meta({ ...switchMeta,
    appliesUnless: { vm: ['host'] },
    description: 'design switch (seed 002) — the PV INFO page at 0x78000: present (GVT\'s vgt_if, magic + version 1.0), absent (reads 0: the driver stays native) or wrong-version (version_major 0: "VGT interface version mismatch", native fall-back)' }),
  mask: z.array(oneOf(GPU_EVENT_NAMES)).max(GPU_EVENT_NAMES.length, { error: `expected at most ${GPU_EVENT_NAMES.length} events` }).default([]).describe('events the driver keeps masked in its virtual IMR (e.g. RCS_MI_USER_INTERRUPT: i915 masks it while nobody waits)'),
  refreshHz: between(1, 1000, 'Hz').default(60).describe('the VM\'s display refresh: its virtual vblank period is 1e12 / (refreshHz·1000) ns while its pipe A is enabled'),
  fences: int(0, 32).default(4).describe('avail_rs.fence_num the vGPU grants (what a PV-aware guest uses as its fence count)'),
  guestVector: vector().default(0x52).describe('the vector the guest i915 programs into the vGPU\'s virtual MSI'),
  guestVcpu: int(0, 255).default(0).describe('the vCPU the guest i915 targets and submits from'),
  render: RenderSchema.optional().describe('render requests from this driver'),
  renderLoop: RenderLoopSchema.optional(),
  display: DisplayWorkSchema.optional().describe('display events the VMM\'s display consumer must learn about (flips, cursor, vblank)'),
});

export const GvtSchema = z.strictObject({
  gpu: text('the id of a device of kind gpu', 64).describe('the GPU device the mediator owns (its physical MSI goes to the mediator\'s pirq handler)'),
  hostInjection: oneOf(['tasklet', 'hardirq-tail', 'self-ipi'] as const).default('tasklet').meta({ ...switchMeta,
    description: 'design switch (seed 000) — how the mediator kicks the host i915\'s virtual interrupt: tasklet (softirq after hard-irq exit), hardirq-tail (called at the end of the pirq handler, and synchronously inside register emulation: nested emulation) or self-ipi (a second, faked vector raised by a self IPI)' }),
  selfIpiVector: vector().default(0x4e).describe('self-ipi: the faked host vector the host i915 handler is registered on'),
  elspInterrupt: z.boolean().default(true).describe('an ELSP submission to an idle engine raises the context-switch virtual interrupt inside the write emulation (seed 000)'),
  displayIrq: oneOf(['eventfd-partitioned', 'irq-index'] as const).default('eventfd-partitioned').meta({ ...switchMeta,
    description: 'design switch (seed 001) — how display events reach the VMM: one eventfd whose 8-byte value has a byte lane per event type (the RFC), or a device IRQ index with count > 1, one eventfd per type (Alex Williamson)' }),
  consumer: z.strictObject({
    kind: oneOf(['decoder', 'irqfd'] as const).default('decoder').meta({ ...switchMeta,
      description: 'design switch (seed 001) — who reads the display eventfd: the VMM\'s display thread (reads and decodes the value) or a KVM irqfd (its wake-up ignores the value)' }),
    cpu: int(0, 255).default(0).describe('the pCPU the VMM\'s display thread runs on'),
    readPeriod: duration(NS_PER_US).default('16ms').describe('after a read the display thread handles a frame and polls again this much later'),
    stall: duration(NS_PER_US).default('100ms').describe('a stalled frame: the next poll comes this much later instead'),
    stallChance: z.number({ error: 'expected a probability 0..1' }).min(0, { error: 'expected a probability 0..1' }).max(1, { error: 'expected a probability 0..1' })
      .default(0).describe('probability that a frame stalls (drawn per read from the scenario seed)'),
  }).default({ kind: 'decoder', cpu: 0, readPeriod: '16ms', stall: '100ms', stallChance: 0 }).describe('the VMM display consumer of every vGPU with a display workload'),
  sharedEvents: z.array(z.strictObject({
    event: oneOf(GPU_EVENT_NAMES).describe('the physical event'),
    rate: rate().describe('events per second'),
    arrival: oneOf(['periodic', 'poisson'] as const).default('poisson').describe('arrival process'),
  })).max(64, { error: 'expected at most 64 shared events' }).default([]).describe('physical events no request owns (hotplug pulses, PCU, AUX): the pirq handler fans each out to every vGPU, one flow per vGPU; the drivers enable them'),
  scheduler: SchedulerSchema.optional(),
  native: z.boolean().default(false).describe('the native twin (gvtNativeTwin): the host\'s i915 drives the GPU itself, with no mediator, no vGPU and no trap; each vGPU\'s render loop runs as a host application (its CPU work on the pCPU of the vCPU that would have run it); other vGPU workloads are left out'),
  vgpus: z.array(VgpuSchema).min(1, { error: 'expected at least one vGPU' }).describe('the vGPUs: the host\'s view and one per VM given a vGPU (at most 8: BDW/SKL, facts A.3)'),
});

export type GvtSpec = z.output<typeof GvtSchema>;
export type VgpuSpec = GvtSpec['vgpus'][number];
