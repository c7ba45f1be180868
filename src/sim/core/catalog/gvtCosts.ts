// Costs of the GPU-mediation hops, in the shape of hostCosts.ts. No primary source measures GVT-g's per-access or
// per-interrupt costs (facts F, G "not found"), so most entries are estimates and say so; the scenario can override.
import type { CostCatalog } from './costEntry';

const F = '../shared/facts/interrupt-virtualization.md';

export const GVT_COSTS = {
  'gpu.mmio.read': {
    value: 424, unit: 'ns', estimate: true,
    source: `${F} §G: a device BAR MMIO read measured 423.7 ns (pcie-lat, a PCIe device; an integrated GPU is on-die and likely faster)`,
    range: [100, 600], rangeWhy: 'facts §G: 423.7 ns measured for a PCIe BAR read; an integrated GPU\'s registers are on-die (faster), a busy uncore slower',
    meaning: 'a physical GPU register read (pass-through access, or the pirq handler reading IIRs)',
  },
  'gpu.mmio.write': {
    value: 100, unit: 'ns', estimate: true,
    source: 'estimate: a posted MMIO write retires from the CPU without waiting for the device; ~100 ns to leave the core',
    range: [20, 200], rangeWhy: 'estimate: a posted write leaves the core in tens of ns; up to a full write buffer',
    meaning: 'a physical GPU register write (pass-through access, IIR clear, master enable)',
  },
  'gpu.msi.write': {
    value: 250, unit: 'ns', estimate: true,
    source: `${F} §G: half the measured BAR read (423.7 ns), as pci.msi.write`,
    range: [100, 450], rangeWhy: 'as pci.msi.write',
    meaning: 'the GPU posts its MSI write on a rising edge of its interrupt output',
  },
  'gvt.mmio.hostHook': {
    value: 50, unit: 'ns', estimate: true,
    source: 'estimate: seed 002 — the host i915 read/write hook (vgt_mmio_readl) looks the offset up and branches; a few dozen instructions',
    range: [20, 200], rangeWhy: 'estimate: a table lookup and a branch',
    meaning: "the mediator's proactive hook in the host i915 MMIO accessors (no trap possible on KVM's host)",
  },
  'gvt.mmio.emulate': {
    value: 300, unit: 'ns', estimate: true,
    source: 'estimate: intel_vgpu_emulate_mmio_read/write — tracked-MMIO lookup, vgpu_lock, handler on the vreg array',
    range: [100, 2000], rangeWhy: 'estimate: a hash lookup and a handler, up to a contended vgpu_lock and a handler with side effects',
    meaning: 'GVT emulation of one trapped or redirected MMIO access on the vGPU registers',
  },
  'gvt.irq.propagate': {
    value: 50, unit: 'ns', estimate: true,
    source: `estimate: ${F} §A.3 propagate_event + update_upstream_irq are a few bit operations on the vreg array, per vGPU`,
    range: [20, 200], rangeWhy: 'estimate: a few bit operations per vGPU',
    meaning: 'propagate one event into one vGPU (vIMR test, vIIR set) and update its master',
  },
  'gvt.pirq.handler': {
    value: 1000, unit: 'ns', estimate: true,
    source: `estimate: seed 000 — the pirq handler reads the master and the pending IIRs (${F} §G: ~424 ns per MMIO read) before the per-VM loop`,
    range: [500, 3000], rangeWhy: 'facts §G: one to several ~424 ns MMIO reads of the master and IIRs plus their clears',
    meaning: "the mediator's physical interrupt handler: read and clear the physical IIRs",
  },
  'gvt.elsp.submit': {
    value: 5000, unit: 'ns', estimate: true,
    source: 'estimate: intel_vgpu_submit_execlist — workload creation, command scan and shadowing are microseconds of work',
    range: [1000, 20000], rangeWhy: 'estimate: workload creation is µs; a command scan of a large batch is tens of µs',
    meaning: 'GVT turns four ELSP dwords into a queued workload',
  },
  'gvt.host.tasklet': {
    value: 10000, unit: 'ns', estimate: true,
    source: `${F} F17 [UNVERIFIED]: tasklets run at irq_exit or in ksoftirqd, "tens of µs under load"; taken as 10 µs`,
    range: [1000, 50000], rangeWhy: 'facts F17 [UNVERIFIED]: a tasklet at irq_exit runs within ~1 µs; in ksoftirqd under load "tens of µs"',
    meaning: "hostInjection tasklet: delay before the host i915 handler runs from the mediator's tasklet",
  },
  'gvt.host.hardirqTail': {
    value: 100, unit: 'ns', estimate: true,
    source: 'estimate: seed 000 (Daniel Vetter) — calling the i915 handler as the tail of the hardirq handler is a direct call',
    range: [20, 500], rangeWhy: 'estimate: a direct call, plus its cache misses',
    meaning: 'hostInjection hardirq-tail: call the host i915 handler at the end of the mediator hardirq',
  },
  'gvt.host.selfIpi': {
    value: 1500, unit: 'cycles', estimate: true,
    source: 'estimate: seed 000 (Kevin Tian) — a self IPI to a second, faked IRQ: one APIC ICR write plus an interrupt entry, ~1,500 cycles',
    range: [500, 5000], rangeWhy: 'estimate: an ICR write and an interrupt entry at least; with a busy APIC several thousand cycles',
    meaning: 'hostInjection self-ipi: raise the faked host IRQ the i915 handler is registered on',
  },
  'gvt.vblank.timer': {
    value: 1000, unit: 'ns', estimate: true,
    source: `estimate: ${F} §A.3 — the per-vGPU hrtimer callback requests the GVT service thread, which runs emulate_vblank`,
    range: [500, 5000], rangeWhy: 'estimate: an hrtimer expiry and a service-thread wake-up (sched.switch 1–3 µs)',
    meaning: 'virtual vblank timer expiry to trigger_virtual_event',
  },
  'vfio.display.consumerRead': {
    value: 2000, unit: 'ns', estimate: true,
    source: `estimate: ${F} §B.3 — the VMM's display thread wakes on the eventfd, read(2)s 8 bytes and decodes`,
    range: [1000, 10000], rangeWhy: 'estimate: a thread wake-up (1–3 µs) and a read(2) syscall, up to a busy VMM',
    meaning: "the display consumer's wake-up and eventfd read",
  },
  'gpu.engine.batch': {
    value: 50000, unit: 'ns', estimate: true,
    source: 'estimate: a workload parameter more than a platform fact — one render request of a desktop/3D client runs tens of µs to ms on the engine; 50 µs is taken (override per VM with "gpu.engine.batch@vm0")',
    range: [10000, 1000000], rangeWhy: 'estimate: a workload parameter — a request runs "tens of µs to ms" on the engine',
    meaning: 'the engine executes one submitted request (context) before its completion interrupt',
  },
  'gpu.frame.render': {
    value: 4_000_000, unit: 'ns', estimate: true,
    source: 'estimate: a workload parameter — the GPU time of one frame of a GPU-bound 3D client (a render loop, gvt.vgpus[i].renderLoop); 4 ms is a 250 frames/s GPU-bound benchmark (override per VM with "gpu.frame.render@vm0")',
    range: [500_000, 30_000_000], rangeWhy: 'estimate: a light frame renders in under a millisecond, a heavy one at 30 frames/s in 30 ms',
    meaning: 'the engine renders one frame of a render loop before its completion (user) interrupt',
  },
  'app.frame.cpu': {
    value: 500_000, unit: 'ns', estimate: true,
    source: 'estimate: a workload parameter — the application\'s CPU work per frame of a render loop (game logic, command building), after the completion interrupt and before the next submission; 0.5 ms keeps the loop GPU-bound (override per VM with "app.frame.cpu@vm0")',
    range: [50_000, 10_000_000], rangeWhy: 'estimate: from a trivial benchmark loop (50 µs) to a CPU-heavy game frame (10 ms)',
    meaning: 'the application\'s CPU work for one frame (guest vCPU or host thread)',
  },
  'gvt.sched.switch': {
    value: 20_000, unit: 'ns', estimate: true,
    source: 'estimate: gvt/scheduler.c + mmio_context.c — when an engine passes from one vGPU to another, GVT switches the render MMIO context (intel_gvt_switch_mmio: save/restore of a few dozen engine registers through MMIO, ~424 ns per read per facts §G) and loads the next shadow context; tens of µs',
    range: [5_000, 100_000], rangeWhy: 'estimate: a few dozen MMIO accesses at ~0.1–0.4 µs each (facts §G) up to a full context save/restore with a TLB flush',
    meaning: 'an engine passes from one vGPU to another (GVT-g scheduler): render MMIO context switch, the engine idle meanwhile',
  },
} satisfies CostCatalog;

export type GvtCostName = keyof typeof GVT_COSTS;
