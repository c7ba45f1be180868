// Costs of the GPU-mediation hops, in the shape of hostCosts.ts. No primary source measures GVT-g's per-access or
// per-interrupt costs (facts F, G "not found"), so most entries are estimates and say so; the scenario can override.
import type { CostCatalog } from './costEntry';

const F = '../shared/facts/interrupt-virtualization.md';

export const GVT_COSTS = {
  'gpu.mmio.read': {
    value: 424, unit: 'ns', estimate: true,
    source: `${F} §G: a device BAR MMIO read measured 423.7 ns (pcie-lat, a PCIe device; an integrated GPU is on-die and likely faster)`,
    meaning: 'a physical GPU register read (pass-through access, or the pirq handler reading IIRs)',
  },
  'gpu.mmio.write': {
    value: 100, unit: 'ns', estimate: true,
    source: 'estimate: a posted MMIO write retires from the CPU without waiting for the device; ~100 ns to leave the core',
    meaning: 'a physical GPU register write (pass-through access, IIR clear, master enable)',
  },
  'gpu.msi.write': {
    value: 250, unit: 'ns', estimate: true,
    source: `${F} §G: half the measured BAR read (423.7 ns), as pci.msi.write`,
    meaning: 'the GPU posts its MSI write on a rising edge of its interrupt output',
  },
  'gvt.mmio.hostHook': {
    value: 50, unit: 'ns', estimate: true,
    source: 'estimate: seed 002 — the host i915 read/write hook (vgt_mmio_readl) looks the offset up and branches; a few dozen instructions',
    meaning: "the mediator's proactive hook in the host i915 MMIO accessors (no trap possible on KVM's host)",
  },
  'gvt.mmio.emulate': {
    value: 300, unit: 'ns', estimate: true,
    source: 'estimate: intel_vgpu_emulate_mmio_read/write — tracked-MMIO lookup, vgpu_lock, handler on the vreg array',
    meaning: 'GVT emulation of one trapped or redirected MMIO access on the vGPU registers',
  },
  'gvt.irq.propagate': {
    value: 50, unit: 'ns', estimate: true,
    source: `estimate: ${F} §A.3 propagate_event + update_upstream_irq are a few bit operations on the vreg array, per vGPU`,
    meaning: 'propagate one event into one vGPU (vIMR test, vIIR set) and update its master',
  },
  'gvt.pirq.handler': {
    value: 1000, unit: 'ns', estimate: true,
    source: `estimate: seed 000 — the pirq handler reads the master and the pending IIRs (${F} §G: ~424 ns per MMIO read) before the per-VM loop`,
    meaning: "the mediator's physical interrupt handler: read and clear the physical IIRs",
  },
  'gvt.elsp.submit': {
    value: 5000, unit: 'ns', estimate: true,
    source: 'estimate: intel_vgpu_submit_execlist — workload creation, command scan and shadowing are microseconds of work',
    meaning: 'GVT turns four ELSP dwords into a queued workload',
  },
  'gvt.host.tasklet': {
    value: 10000, unit: 'ns', estimate: true,
    source: `${F} F17 [UNVERIFIED]: tasklets run at irq_exit or in ksoftirqd, "tens of µs under load"; taken as 10 µs`,
    meaning: "hostInjection tasklet: delay before the host i915 handler runs from the mediator's tasklet",
  },
  'gvt.host.hardirqTail': {
    value: 100, unit: 'ns', estimate: true,
    source: 'estimate: seed 000 (Daniel Vetter) — calling the i915 handler as the tail of the hardirq handler is a direct call',
    meaning: 'hostInjection hardirq-tail: call the host i915 handler at the end of the mediator hardirq',
  },
  'gvt.host.selfIpi': {
    value: 1500, unit: 'cycles', estimate: true,
    source: 'estimate: seed 000 (Kevin Tian) — a self IPI to a second, faked IRQ: one APIC ICR write plus an interrupt entry, ~1,500 cycles',
    meaning: 'hostInjection self-ipi: raise the faked host IRQ the i915 handler is registered on',
  },
  'gvt.vblank.timer': {
    value: 1000, unit: 'ns', estimate: true,
    source: `estimate: ${F} §A.3 — the per-vGPU hrtimer callback requests the GVT service thread, which runs emulate_vblank`,
    meaning: 'virtual vblank timer expiry to trigger_virtual_event',
  },
  'vfio.display.consumerRead': {
    value: 2000, unit: 'ns', estimate: true,
    source: `estimate: ${F} §B.3 — the VMM's display thread wakes on the eventfd, read(2)s 8 bytes and decodes`,
    meaning: "the display consumer's wake-up and eventfd read",
  },
  'gpu.engine.batch': {
    value: 50000, unit: 'ns', estimate: true,
    source: 'estimate: a workload parameter more than a platform fact — one render request of a desktop/3D client runs tens of µs to ms on the engine; 50 µs is taken (override per VM with "gpu.engine.batch@vm0")',
    meaning: 'the engine executes one submitted request (context) before its completion interrupt',
  },
} satisfies CostCatalog;

export type GvtCostName = keyof typeof GVT_COSTS;
