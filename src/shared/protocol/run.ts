// Run state, flow counts and the run summary: what a lab host reports about a run.
import type { BareMetalSummary, WorkloadSummary } from './workload';
/** Integer nanoseconds of simulated time. */
export type Ns = number;

export type RunState = 'empty' | 'loaded' | 'running' | 'paused' | 'finished';

export interface FlowCounts {
  raised: number;
  delivered: number;
  coalesced: number;
  dropped: number;
  pending: number;
}

export interface Percentiles {
  count: number;
  p50: Ns;
  p90: Ns;
  p99: Ns;
  max: Ns;
}

/** Small, pushed at most ~30 times a second while running. */
export interface LabStatus {
  state: RunState;
  scenario: string | null;
  seed: number;
  simNs: Ns;
  /** Sources stop raising here; the run then drains. */
  untilNs: Ns;
  events: number;
  hops: number;
  flows: FlowCounts;
  /** Events processed per wall-clock second over the last slice (0 when idle). */
  eventsPerSec: number;
  /** Why the run stopped last, e.g. "drained", "paused", "step", "until". */
  stopReason: string | null;
  /** The load's label, when it had one (a Compare side opened in the Log): what the loaded run is. */
  label?: string;
  /** While the lab goes back to an earlier point (re-executing the run, state running): what it does, how far. */
  travel?: string;
}

export interface RunSummary {
  scenario: string;
  seed: number;
  simulatedNs: Ns;
  events: number;
  hops: number;
  hopsOverwritten: number;
  flows: FlowCounts;
  latencyNs: Percentiles;
  completionNs: Percentiles;
  vmExits: { total: number; byReason: Record<string, number> };
  perVm: Record<string, VmSummary>;
  /** Time spent per hop kind, summed over all hops. */
  hopTimeNs: Record<string, { count: number; totalNs: Ns }>;
  /** Where time went: host CPUs (handlers, exits, KVM, VFIO), guest code, and the wire (devices, buses, IPIs in flight). */
  cpuNs: CpuTime;
  /** Flows that can never complete, each with why. */
  stuck: { flow: number; source: string; vm: string; reason: string }[];
  /** Setup calls that failed (a driver's request_irq, QEMU's VFIO_DEVICE_SET_IRQS), when any did: the run went on
   *  without what they would have set up. */
  setupFailures?: SetupFailure[];
  logHash: string;
  /** Present when the run used its whole event budget (`--max-events`) and was stopped there, unfinished. */
  stoppedAtBudget?: { maxEvents: number; message: string };
  /** Display events reaching the VMM (seed 001), when a vGPU has a display workload: raised = consumed + misattributed + lost. */
  display?: DisplaySummary;
  /** GPU mediation (GVT-g, seeds 000/002), when the scenario has a gvt section. */
  gvt?: GvtSummary;
  /** Closed-loop render workloads (gvt.vgpus[i].renderLoop), mediated or native (gvt.native). */
  renderLoops?: RenderLoopsSummary;
  /** Throughput of each device with a workload (request/response or stream), by device id. */
  workloads?: Record<string, WorkloadSummary>;
  /** The bare-metal twin's figures and this run as % of them (when a device assigned to a VM has a workload). */
  bareMetal?: BareMetalSummary;
  /** vCPU scheduling and halt-polling (host.sched, host.haltPollNs), when the scenario uses either. */
  sched?: SchedSummary;
}

/** One render loop: frames through the GPU and back, and what it presented. */
export interface RenderLoopSummary {
  submitted: number;
  /** Frames whose completion interrupt its driver handled. */
  completed: number;
  /** Of those, completed while the sources ran: what framesPerSec counts. */
  completedInWindow: number;
  /** The steady frame rate: (n − 1) / (last − first completion) over the n frames completed while the sources ran. */
  framesPerSec: number;
  /** Mean time from a frame's submission to its driver handling its completion, ns. */
  meanFrameNs: number;
  /** vsync: frames presented at a vblank (display events). */
  flips: number;
  /** The vGPU's virtual vblanks (display events the guest saw; 0 native or without a pipe). */
  vblanks: number;
}

export interface RenderLoopsSummary {
  /** True for the native twin: the host i915 with no mediation. */
  native: boolean;
  /** The vGPU scheduler (tbs), when the scenario has one: engine handovers and each vGPU's engine time. */
  scheduler: { policy: 'fifo' | 'tbs'; switches: number; busyNs: Record<string, number> } | null;
  /** By VM id ("host" for the host's own loop). */
  perVm: Record<string, RenderLoopSummary>;
  /** Sum over the loops. */
  totalFramesPerSec: number;
}

/** The host scheduler's figures: VM switches and slice ticks, and per vCPU its run and steal time and halt-polling. */
export interface SchedSummary {
  /** Switches between vCPU threads on shared pCPUs. */
  vmSwitches: number;
  /** Slices that ended with another thread waiting (the tick forced a switch). */
  sliceTicks: number;
  /** Woken threads that preempted the running one. */
  wakeupPreemptions: number;
  /** Per vCPU ("vm0.vcpu1"): those sharing a pCPU, and all with halt-polling. */
  vcpus: Record<string, VcpuSchedSummary>;
  /** Halt-polling summed over all vCPUs, when host.haltPollNs is not 0. */
  haltPoll?: HaltPollSummary;
}

export interface VcpuSchedSummary {
  pcpu: number;
  /** Time holding its pCPU (guest code, exits, polling): present when it shares its pCPU. */
  runNs?: Ns;
  /** Time runnable but waiting for its pCPU (steal time). */
  waitNs?: Ns;
  switchesIn?: number;
  haltPoll?: HaltPollSummary & { windowNs: Ns };
}

export interface HaltPollSummary {
  /** Halts that polled. */
  attempted: number;
  /** …ended by an event during the poll: no sleep, no wake-up. */
  successes: number;
  /** …that slept after all (the window ran out, or another thread wanted the pCPU). */
  failures: number;
  /** pCPU time burnt polling. */
  pollNs: Ns;
  /** …of which in polls that failed. */
  failedPollNs: Ns;
  grows: number;
  shrinks: number;
}

/** A setup call that failed, e.g. request_irq refused with -EBUSY because one side of a line will not share it. */
export interface SetupFailure {
  atNs: Ns;
  device: string;
  call: string;
  /** The errno and why, e.g. "-EBUSY: disk0-driver and vfio-intx(nic0) must both be IRQF_SHARED …". */
  error: string;
}

export interface DisplaySummary {
  raised: number;
  consumed: number;
  /** Reads that found something (one per consumer wake-up that read). */
  wakeups: number;
  /** Acted on as another type (a byte lane overflowing into the next). */
  misattributed: number;
  /** Never acted on as any type (carried out of the lanes, or the value ignored by an irqfd). */
  lost: number;
  /** eventfd signals (one per raised event). */
  signals: number;
  /** Frames where the consumer stalled. */
  stalls: number;
}

export interface GvtFanoutCounts { delivered: number; masked: number; coalesced: number }

export interface GvtVmSummary extends GvtFanoutCounts {
  /** Virtual vblank flows (timer expiries) by outcome. */
  vblank: GvtFanoutCounts;
  /** Virtual interrupts injected (MSI to the guest, or the host strategy's kick). */
  injections: number;
  injectBlocked: Record<string, number>;
  /** Events dropped by the vIMR, per event name. */
  maskedByEvent: Record<string, number>;
  /** The driver's PV INFO detection outcome: gvt, native, version-mismatch. */
  pvInfo: string;
  /** Fence registers the driver uses. */
  fences: number;
}

export interface GvtSummary {
  hostInjection: string;
  displayIrq: string;
  /** Physical interrupts handled by the mediator's pirq handler, and rising edges of the GPU's output. */
  pirqs: number;
  physicalEdges: number;
  guestTraps: number;
  hostHooks: number;
  /** Times the host i915 handler ran inside another access's emulation (hardirq-tail), and the accesses it made there. */
  nestedEmulations: number;
  nestedAccesses: number;
  /** Per vGPU (VM name, or "host"): physical-event flows through the fan-out by outcome (delivered + masked + coalesced). */
  perVm: Record<string, GvtVmSummary>;
}

export interface CpuTime {
  hostNs: Ns;
  guestNs: Ns;
  wireNs: Ns;
  /** hostNs divided by the flows raised. */
  hostNsPerFlow: Ns;
}

export interface VmSummary {
  /** Time spent on this VM's (or the host's own) flows. */
  cpuNs: CpuTime;
  flows: FlowCounts;
  latencyNs: Percentiles;
  completionNs: Percentiles;
  vmExits: { total: number; byReason: Record<string, number> };
}
