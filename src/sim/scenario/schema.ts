// The scenario schema: the one source of the TypeScript types, the JSON Schema (resources/scenario.schema.json)
// and validation. A field tagged `switch` is a design alternative from the seed threads: one workload, run both ways.
import { z } from 'zod';
import { between, costValue, duration, id, int, oneOf, rate, show, text } from './fields';
import { FaultSchema } from './faultSchema';
import { GvtSchema } from './gvtSchema';
import { WorkloadSchema } from './workloadSchema';

/** Metadata a field carries into the JSON Schema: `switch: true` marks a design switch. */
export const switchMeta = { switch: true } as const;

const vector = () => int(0x20, 0xef).describe('x86 vector 0x20..0xEF');

export const DeviceSchema = z.strictObject({
  id: id().describe('device id, e.g. nic0'),
  kind: oneOf(['nic', 'gpu'] as const).default('nic').describe('nic: a PCI network function that signals MSI; gpu: an Intel gen8+ GPU (interrupt banks, execlists, pipes) signalling MSI to its host vector, mediated as the `gvt` section says'),
  bdf: text('a PCI address such as "00:03.0"').regex(/^[0-9a-f]{2}:[0-9a-f]{2}\.[0-7]$/, { error: 'expected a PCI address such as "00:03.0"' }).optional()
    .describe('PCI bus:device.function'),
  irq: oneOf(['msi', 'msix', 'intx', 'spi'] as const).default('msi').describe('how the device signals: msi, msix (a table of vectors, one per queue), intx (a level line into an IOAPIC pin, possibly shared), or spi (arm: a platform device on a level GIC SPI)'),
  vectors: int(1, 32).default(4).describe('msix: table size; events go to the vectors in turn; vector i uses hostVector + i and guestVector + i on vCPU guestVcpu + i'),
  spi: int(32, 95).default(48).describe('spi: the GIC INTID of its SPI (the guest sees the same vINTID)'),
  irqForwarding: oneOf(['on', 'off'] as const).default('off').meta({ ...switchMeta,
    appliesWhen: { irq: ['spi'] }, appliesUnless: { owner: ['host'] },
    description: 'design switch (seed 004, ARM) — spi assigned to a VM: forward the physical IRQ to the vCPU (LR HW = 1, the guest deactivates it) or not (EOI maintenance interrupt + host unmask)' }),
  forwardingChangeAt: duration().optional().describe('spi: flip irqForwarding at this time (the run-time user API; applied once the IRQ is quiescent)'),
  pin: int(0, 23).default(16).describe('intx: the IOAPIC pin (= GSI) of its line; devices on the same pin share the line'),
  pci23: z.boolean().default(true).describe('intx: the function implements PCI 2.3 INTx Disable and Interrupt Status'),
  intxMasking: oneOf(['line', 'device', 'adaptive', 'oneshot-unmask-shared'] as const).default('device').meta({ ...switchMeta,
    appliesWhen: { irq: ['intx'] }, appliesUnless: { owner: ['host'] },
    description: 'design switch (seed 003) — intx assigned to a VM (default device, what upstream vfio-pci does for a PCI 2.3 function): line (upstream vfio-pci without DisINTx, or nointxmask: the IRQ is requested exclusively and held with disable_irq_nosync; a sharer of the line gets -EBUSY), device (upstream vfio-pci for PCI 2.3: shared, DisINTx in config space), adaptive (Kiszka\'s 2010 series, never merged: line while alone, device while shared, handed over when a sharer arrives) or oneshot-unmask-shared (IRQF_ONESHOT_UNMASK_SHARED, Gleixner\'s 2010 proposal, never merged: the same choice made at each interrupt, no hand-over)' }),
  intxEoi: oneOf(['resamplefd', 'qemu-trapped', 'split-resamplefd'] as const).optional().meta({ ...switchMeta,
    appliesWhen: { irq: ['intx'] }, appliesUnless: { owner: ['host'] },
    description: 'design switch (issue 12, facts F7) — intx assigned to a VM: how the guest\'s EOI gets back to VFIO\'s unmask (default: what QEMU picks, resamplefd under the kernel irqchip, split-resamplefd under split): resamplefd (KVM\'s IOAPIC EOI signals VFIO\'s unmask eventfd, QEMU never runs), qemu-trapped (QEMU\'s slow path: its main loop reads the INTx eventfd and injects; the BAR mmaps are disabled, so the guest handler\'s BAR accesses exit to QEMU, the first one unmasking with VFIO_DEVICE_SET_IRQS) or split-resamplefd (split irqchip, QEMU 5.0: injected by an irqfd on the pin\'s MSI route, the EOI exits to QEMU\'s IOAPIC, which kicks the resamplefd)' }),
  driver: z.strictObject({
    threaded: z.boolean().default(false).describe('host driver: handle in an IRQ thread (primary handler returns IRQ_WAKE_THREAD)'),
    oneshot: z.boolean().default(false).describe('host driver: IRQF_ONESHOT (the line stays masked until the thread returns)'),
    loadAt: duration().default(0).describe('when the driver calls request_irq'),
    unloadAt: duration().optional().describe('when the driver quiesces its device and calls free_irq (mid-run sharer removal)'),
  }).default({ threaded: false, oneshot: false, loadAt: 0 }).describe('the driver of the device (host driver, or VFIO for an assigned device)'),
  stuck: z.boolean().default(false).describe('intx: the device asserts its line at start and never lets go, and no driver claims it'),
  owner: text('"host" or a VM id', 64).default('host').describe('"host" for a host driver, or the id of the VM the device is assigned to through VFIO'),
  hostCpu: int(0, 255).default(0).describe('the pCPU the host-side MSI targets (its APIC ID)'),
  hostCpus: z.array(int(0, 255)).min(1, { error: 'expected at least one pCPU number' }).max(32, { error: 'expected at most 32 pCPU numbers (one per vector)' }).optional()
    .describe('msix: the pCPU each host vector targets, as its IRQ affinity (smp_affinity) would put it (default: all on hostCpu)'),
  hostVector: vector().default(0x41).describe('the host vector of the MSI'),
  guestVector: vector().default(0x51).describe('for an assigned device: the vector the guest driver programs into its virtual MSI'),
  guestVcpu: int(0, 255).default(0).describe('for an assigned device: the vCPU the guest targets'),
  rate: rate().default(1000).describe('interrupts per second the device raises (open loop; unused with a workload)'),
  arrival: oneOf(['periodic', 'poisson'] as const).default('poisson').describe('arrival process of the device events (open loop; unused with a workload)'),
  workload: WorkloadSchema.optional().describe('a nic (msi, msix or intx) serving a closed-loop request/response workload (kind: rr, netperf TCP_RR) or a received stream with interrupt moderation and NAPI (kind: stream, netperf TCP_STREAM) instead of `rate`; the summary reports its throughput (absent: open-loop `rate`)'),
});

export const VmmSchema = z.strictObject({
  cpu: int(0, 255).optional().describe('the pCPU QEMU\'s main loop thread runs on (default: the lowest pCPU that runs no vCPU, as libvirt\'s emulatorpin keeps QEMU off the vCPUs\' CPUs; if every pCPU runs a vCPU, the VM\'s first vCPU\'s, which it then shares)'),
  ioeventfd: oneOf(['on', 'off'] as const).default('on').meta({ ...switchMeta,
    description: 'design switch (issue 12) — a guest doorbell write to an emulated device: on (ioeventfd: KVM signals an eventfd in the kernel and QEMU\'s main loop takes it, no exit to userspace; QEMU\'s virtio default) or off (an MMIO exit to userspace, handled on the vCPU thread)' }),
  irqInjection: oneOf(['irqfd', 'irq-line'] as const).default('irqfd').meta({ ...switchMeta,
    description: 'design switch (issue 12) — how QEMU injects an emulated device\'s interrupt: irqfd (a write to an eventfd KVM injects from inline) or irq-line (an ioctl: KVM_IRQ_LINE on a GSI, KVM_SIGNAL_MSI for a message)' }),
});

export const VmSchema = z.strictObject({
  id: id().describe('VM id, e.g. vm0'),
  vcpus: int(1, 64).describe('number of vCPUs'),
  pinning: z.array(int(0, 255)).max(64, { error: 'expected at most 64 pCPU numbers (one per vCPU)' }).optional().describe('pCPU of each vCPU (default: pCPUs 1, 2, … in order)'),
  idle: z.union([z.enum(['busy', 'halt']), z.array(oneOf(['busy', 'halt'] as const)).max(64, { error: 'expected at most 64 values (one per vCPU)' })], {
    error: (iss) => `expected busy | halt, or one of them per vCPU, got ${show(iss.input)}` }).default('busy')
    .describe('what an idle vCPU does: keep computing (busy) or execute HLT (halt); one value for all vCPUs or one per vCPU'),
  timerHz: between(1, 100_000, 'Hz').optional().describe('arm: the guest tick on each vCPU\'s virtual timer (PPI 27), forwarded with HW = 1 as KVM always does'),
  delivery: oneOf(['emulated', 'posted'] as const).default('emulated').meta({ ...switchMeta,
    description: 'design switch (seed 004) — how interrupts reach the vCPUs: emulated (no APICv: kick, inject on entry, EOI exit) or posted (APICv + VT-d posted interrupts for MSI: no exit for a running vCPU)' }),
  irqchip: oneOf(['kernel', 'split'] as const).default('kernel').meta({ ...switchMeta,
    description: 'design switch (x86, issue 12) — where the IOAPIC and PIC are: kernel (KVM\'s in-kernel irqchip) or split (in QEMU, LAPICs in KVM: IOAPIC pins become MSI routes QEMU programs, and the EOI of a level vector exits to QEMU, KVM_EXIT_IOAPIC_EOI)' }),
  pvEoi: oneOf(['off', 'on'] as const).default('off').meta({ ...switchMeta, appliesWhen: { delivery: ['emulated'] },
    description: 'design switch (x86, emulated delivery, facts F8) — KVM_FEATURE_PV_EOI: KVM sets the guest\'s PV EOI flag at injection when nothing else is pending and the vector is edge; the guest clears it instead of writing EOI (no EOI exit), and KVM notices at the next exit' }),
  vmm: VmmSchema.optional().describe('the VM\'s userspace VMM (QEMU): its main loop\'s pCPU and the switches of its emulated devices (listed as switches when this section is present)'),
});

export const SchedSchema = z.strictObject({
  sliceUs: int(1, 1_000_000).default(3000).describe('time slice in µs a vCPU thread keeps its pCPU while another waits: sysctl_sched_base_slice (Linux 6.6+; sched_min_granularity before) = 0.75 ms × (1 + ilog2(min(CPUs, 8))), 3 ms on 8+ CPUs'),
  wakeupPreemption: oneOf(['on', 'off'] as const).default('on').meta({ ...switchMeta,
    description: 'design switch (host scheduler) — a woken vCPU thread far enough behind in vruntime preempts the running one at once (on: CFS check_preempt_wakeup, with a reschedule IPI) or waits for its slice to end (off: as EEVDF RUN_TO_PARITY lets the running thread finish its slice)' }),
  wakeupGranularityUs: int(0, 1_000_000).default(4000).describe('µs a woken thread must be behind the running one to preempt it: sysctl_sched_wakeup_granularity (CFS, Linux ≤ 6.5) = 1 ms × (1 + ilog2(min(CPUs, 8))), 4 ms on 8+ CPUs'),
});

export const ScenarioSchema = z.strictObject({
  name: text('a scenario name').min(1, { error: 'expected a non-empty name' }).describe('scenario name'),
  description: text('a description', 20_000).default('').describe('what the scenario shows and what to look for'),
  seeds: z.array(text('a seed thread number such as "004"').regex(/^\d{3}$/, { error: 'expected a seed number such as "004"' })).max(100, { error: 'expected at most 100 seed numbers' }).default([])
    .describe('seed threads (shared/seeds/NNN_*.txt) this scenario illustrates'),
  platform: oneOf(['x86', 'arm'] as const).default('x86').describe('host architecture: x86 (LAPIC, IOAPIC, VT-d) or arm (GIC)'),
  gic: oneOf(['v2', 'v3'] as const).default('v2').meta({ ...switchMeta, appliesWhen: { platform: ['arm'] },
    description: 'design switch (seed 004, ARM) — GIC version: v2 (memory-mapped GICH list registers) or v3 (ICH_LR<n>_EL2 system registers)' }),
  seed: int(0, 2 ** 32 - 1).default(1).describe('PRNG seed: same scenario + seed = the same log'),
  duration: duration().default('10ms').describe('simulated time during which sources raise interrupts; the run then drains'),
  host: z.strictObject({
    cpus: int(1, 256).describe('number of pCPUs'),
    cpuGhz: between(0.1, 10, 'GHz').default(3).describe('CPU clock, converts costs given in cycles'),
    listRegs: int(1, 16).default(4).describe('arm: list registers per GIC virtualization interface (GICH_VTR.ListRegs + 1)'),
    haltPollNs: int(0, 10_000_000).default(0).describe('x86: KVM halt_poll_ns, the longest a halted vCPU polls for a wake-up before it sleeps (its own window grows from 10 µs by ×2 after short halts and drops to 0 after long ones, as kvm_vcpu_halt does); an event during the poll costs no sleep and no wake-up, the poll burns the pCPU. 0 = off (HLT sleeps at once); KVM\'s x86 default is 200000'),
    sched: SchedSchema.optional().describe('x86: the host scheduler for vCPU threads sharing a pCPU; present = several vCPUs may be pinned to one pCPU (overcommit)'),
  }).describe('the physical host'),
  log: z.strictObject({
    capacity: int(1000, 50_000_000).default(1_000_000).describe('hops kept in the ring; older ones are overwritten (and counted)'),
  }).default({ capacity: 1_000_000 }).describe('hop log settings'),
  costs: z.record(z.string(), costValue()).default({}).describe('overrides of named cost entries, e.g. {"kvm.vmexit": "2000 cycles"}'),
  devices: z.array(DeviceSchema).min(1, { error: 'expected at least one device' }).max(256, { error: 'expected at most 256 devices' }).describe('devices that raise interrupts'),
  vms: z.array(VmSchema).max(256, { error: 'expected at most 256 VMs (one pCPU per vCPU)' }).default([]).describe('virtual machines'),
  native: z.boolean().default(false).meta({ ...switchMeta, appliesWhenAny: { devices: 'workload' },
    description: 'design switch (issue 12) — run the bare-metal twin: every device a VM owns is owned by a native host driver instead (its handler costing what the guest driver\'s does, on the pCPU its vCPU was pinned to), with no VM for it (src/sim/scenario/nativeTwin.ts); listed as a switch when a device has a workload' }),
  gvt: GvtSchema.optional().describe('GPU mediation (GVT-g): the vGPUs sharing a gpu device, their workloads and the design switches of seeds 000, 001, 002'),
  faults: z.array(FaultSchema).max(100, { error: 'expected at most 100 faults' }).default([])
    .describe('faults injected on purpose (x86): an interrupt storm, a stuck line, a device ignoring DisINTx, lost EOIs, a guest that stops EOI-ing, a lost VFIO unmask, spurious MSIs, a descheduled vCPU, a stalled eventfd consumer; each shows in the log as a fault.<kind> hop (docs/faults.md)'),
});

export type ScenarioInput = z.input<typeof ScenarioSchema>;
export type Scenario = z.output<typeof ScenarioSchema>;
export type DeviceSpec = Scenario['devices'][number];
export type VmSpec = Scenario['vms'][number];
