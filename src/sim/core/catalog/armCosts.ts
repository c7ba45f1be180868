// Cost entries for the ARM GIC hops, merged into the one catalog (costs.ts).
// F13 (Dall et al., ISCA 2016) is UNVERIFIED in the facts sheet: entries derived from it are marked estimate.
import type { CostCatalog } from './costEntry';

const F = '../shared/facts/interrupt-virtualization.md';

export const ARM_COSTS = {
  'arm.gic.forward': {
    value: 50, unit: 'ns', estimate: true,
    source: 'estimate: the distributor latches the input and forwards it to the CPU interface in hardware; small next to the software hops',
    range: [10, 200], rangeWhy: 'estimate: distributor logic in hardware, tens to ~200 ns',
    meaning: 'GIC distributor: an SPI/PPI input becomes pending and is signalled to the CPU interface',
  },
  'arm.irq.entry': {
    value: 300, unit: 'cycles', estimate: true,
    source: 'estimate: exception entry to the IRQ vector and register save, comparable to x86.irq.entry (no primary figure in the facts sheet)',
    range: [150, 1000], rangeWhy: 'estimate: as x86.irq.entry',
    meaning: 'CPU takes the IRQ exception and reaches the GIC handler',
  },
  'arm.gicc.iar': {
    value: 100, unit: 'ns', estimate: true,
    source: `estimate: a GICv2 GICC_IAR read is an uncached MMIO read (cf. ${F} §G: a device BAR read 423.7 ns; the GIC sits closer to the core); a GICv3 ICC_IAR1_EL1 system-register read is cheaper`,
    range: [20, 424], rangeWhy: 'a GICv3 system-register read is tens of ns; a GICv2 MMIO read is at most the 423.7 ns BAR read of facts §G',
    meaning: 'acknowledge: IAR read, pending → active',
  },
  'arm.gicc.eoi': {
    value: 50, unit: 'ns', estimate: true,
    source: 'estimate: a posted GICC_EOIR MMIO write (GICv3: an ICC_EOIR1_EL1 system-register write)',
    range: [10, 200], rangeWhy: 'estimate: a posted MMIO write or a system-register write',
    meaning: 'EOIR write: priority drop (and deactivate with EOImode 0)',
  },
  'arm.gicc.dir': {
    value: 50, unit: 'ns', estimate: true,
    source: 'estimate: a posted GICC_DIR MMIO write (GICv3: ICC_DIR_EL1)',
    range: [10, 200], rangeWhy: 'estimate: as arm.gicc.eoi',
    meaning: 'DIR write: deactivate (EOImode 1)',
  },
  'arm.gich.lr.write': {
    value: 50, unit: 'ns', estimate: true,
    source: 'estimate: one GICH_LRn MMIO write (GICv2) or ICH_LR<n>_EL2 MSR (GICv3) per list register populated',
    range: [10, 200], rangeWhy: 'estimate: as arm.gicc.eoi, per list register',
    meaning: 'vGIC writes a virtual interrupt into a list register',
  },
  'arm.gich.lr.fold': {
    value: 100, unit: 'ns', estimate: true,
    source: 'estimate: reading ELRSR/EISR and the used LRs back on exit (vgic_v2/v3_fold_lr_state)',
    range: [20, 500], rangeWhy: 'estimate: a few status reads, MMIO (GICv2) or system registers (GICv3)',
    meaning: 'vGIC reads list register state back after an exit',
  },
  'arm.kvm.exit': {
    value: 3250, unit: 'cycles', estimate: true,
    source: `${F} F13 [UNVERIFIED]: a KVM/ARM hypercall round trip ≈ 6,500 cycles (Dall et al., ISCA 2016, AMD Seattle); half is taken for the trap to EL2 and world switch out`,
    range: [1000, 5000], rangeWhy: 'facts F13 [UNVERIFIED]: half a 6,500-cycle hypercall on non-VHE KVM/ARM; a VHE host needs no second switch, about the x86 half round trip (facts F1, 1,000); 5,000 for a slower core',
    meaning: 'guest → EL2 trap and world switch to the host (KVM/ARM, non-VHE figure)',
  },
  'arm.kvm.entry': {
    value: 3250, unit: 'cycles', estimate: true,
    source: `${F} F13 [UNVERIFIED]: half of the ≈ 6,500-cycle KVM/ARM hypercall round trip`,
    range: [1000, 5000], rangeWhy: 'as arm.kvm.exit',
    meaning: 'world switch back into the guest (restores the vGIC state, LRs included)',
  },
  'arm.kvm.maint.handle': {
    value: 500, unit: 'cycles', estimate: true,
    source: `${F} F14: no number found; modelled as one extra exit to EL2 per EOI of a non-HW level IRQ plus a short KVM handler (read MISR/EISR, fold, notify ack) — the handler part is this estimate, the exit uses arm.kvm.exit/entry`,
    range: [200, 3250], rangeWhy: 'facts F14: no number; a short handler at least, at most "on the order of a hypercall" (half the F13 round trip)',
    meaning: 'KVM handles the maintenance interrupt: reads MISR/EISR, folds the LRs, runs the ack notifiers (resample)',
  },
  'arm.guest.virq.ack': {
    value: 71, unit: 'cycles', estimate: true,
    source: `${F} F13 [UNVERIFIED]: virtual IRQ completion ≈ 71 cycles on ARM through the GIC virtual CPU interface with no trap; acknowledge taken as the same order`,
    range: [50, 300], rangeWhy: 'facts F13 [UNVERIFIED]: ≈ 71 cycles for a completion; a GICv2 GICV MMIO access can take a few hundred',
    meaning: 'guest reads GICV_IAR / ICV_IAR1_EL1: list register pending → active, no exit',
  },
  'arm.guest.virq.eoi': {
    value: 71, unit: 'cycles', estimate: true,
    source: `${F} F13 [UNVERIFIED]: virtual IRQ completion ≈ 71 cycles on ARM (GIC virtual CPU interface, no trap) vs ≈ 1,500 on x86 without APICv`,
    range: [50, 300], rangeWhy: 'as arm.guest.virq.ack',
    meaning: 'guest writes GICV_EOIR / ICV_EOIR1_EL1 (and DIR): priority drop and deactivate in the list register, no exit',
  },
  'arm.gic.hw.deactivate': {
    value: 20, unit: 'ns', estimate: true,
    source: `${F} §E.3: with HW = 1 the GIC deactivates the physical INTID itself on the guest's deactivate (no exit, no maintenance); the hardware time is an estimate`,
    range: [5, 100], rangeWhy: 'estimate: distributor state change in hardware',
    meaning: 'the virtual interface deactivates the linked physical interrupt in the distributor',
  },
  'arm.timer.fire': {
    value: 20, unit: 'ns', estimate: true,
    source: 'estimate: the generic timer compares the counter with CVAL and raises its PPI level in hardware',
    range: [5, 100], rangeWhy: 'estimate: counter compare and PPI assertion in hardware',
    meaning: 'architected timer condition met: ISTATUS set, PPI asserted',
  },
  'arm.gicd.mask': {
    value: 400, unit: 'ns', estimate: true,
    source: `${F} §G: an ICENABLER write is posted, but the driver then polls GICD_CTLR.RWP with MMIO reads (423.7 ns each, measured for a BAR read)`,
    range: [100, 1000], rangeWhy: 'facts §G: zero to two RWP polls of ~424 ns each after a posted write',
    meaning: 'mask an SPI at the distributor (ICENABLER) and wait for the write to take effect',
  },
  'arm.gicd.unmask': {
    value: 50, unit: 'ns', estimate: true,
    source: 'estimate: an ISENABLER write, posted',
    range: [10, 200], rangeWhy: 'estimate: one posted MMIO write',
    meaning: 'unmask an SPI at the distributor (ISENABLER)',
  },
  'arm.vgic.inject': {
    value: 300, unit: 'cycles', estimate: true,
    source: 'estimate: kvm_vgic_inject_irq queues the interrupt on the target vCPU (ap_list) and kicks it',
    range: [100, 1000], rangeWhy: 'estimate: an ap_list insert under the vGIC lock, up to sorting the list',
    meaning: "KVM's vGIC: a virtual interrupt queued for a vCPU",
  },
  'arm.kvm.kick.sgi': {
    value: 2000, unit: 'cycles', estimate: true,
    source: `${F} F13 [UNVERIFIED]: a virtual IPI costs ≈11,500 cycles on KVM/ARM end to end; the host SGI that kicks a vCPU is taken as a small part of it`,
    range: [1000, 11500], rangeWhy: 'facts F13 [UNVERIFIED]: a whole virtual IPI on KVM/ARM ≈ 11,500 cycles bounds the kick from above',
    meaning: 'kvm_vcpu_kick: an SGI to the pCPU running the vCPU, forcing an exit to EL2',
  },
} satisfies CostCatalog;

export type ArmCostName = keyof typeof ARM_COSTS;
