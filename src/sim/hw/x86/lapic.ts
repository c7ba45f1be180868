// A local APIC (physical, or KVM's virtual one): IRR/ISR/TMR bitmaps, TPR/PPR priority by vector class, EOI.
// Alongside each IRR and ISR bit it keeps the flows riding on it: a message for a vector already pending in IRR
// merges into it (coalesces), as the hardware keeps one bit per vector.
// As a part of the wiring ("host/cpu0/lapic", "vm0/vcpu0/vlapic"): messages come in at `msi` (from the APIC bus) and
// IPIs at `ipi`; `irq` tells its CPU that an interrupt is pending; `eoi` reports every EOI and `levelEoi` the EOI of a
// level vector (the EOI broadcast to the IOAPICs, or KVM's EOI exit for a vLAPIC).
// A message names its destination physically (the APIC ID) or logically (matched against LDR in the flat or
// cluster model DFR selects), as KVM's kvm_apic_match_dest does for an xAPIC with no shorthand; 0xFF is broadcast.
// Not modelled: LVT entries, timer, ICR-based IPIs other than as accepted messages, x2APIC MSRs.
import type { FlowGroup } from '../../core/flows';
import { RegisterFile } from '../../core/registers';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import { APIC_BROADCAST, ICR_HI, ICR_LO, ICR_SELF, bankBit, bankWord, DFR, DFR_CLUSTER, DFR_FLAT, LAPIC_ID, LAPIC_REGS, LDR, LOGICAL_DEST, PPR, priorityClass, TPR } from './lapicRegisters';


export interface AcceptResult {
  /** True when the vector was already pending and the new flows merged into it. */
  coalesced: boolean;
  /** The primary flow of the group the message joined. */
  intoFlow: number;
}

/** "An interrupt is pending": the flow it carries and where it was raised (a host CPU ignores both, a vCPU's kick uses them). */
export type LapicSignal = (flow: number, from: number) => void;

export class Lapic {
  readonly regs: RegisterFile;
  private readonly irrIdx: number;
  private readonly isrIdx: number;
  private readonly tmrIdx: number;
  private readonly pprIdx: number;
  private readonly tprIdx: number;
  private readonly ldrIdx: number;
  private readonly dfrIdx: number;
  private readonly eoiIdx: number;
  private readonly pending: (FlowGroup | null)[] = new Array(256).fill(null);
  private readonly inService: (FlowGroup | null)[] = new Array(256).fill(null);
  readonly node: WireNode;
  /** A message for this LAPIC (routed by its destination): IRR set, or merged into the vector already pending. */
  readonly msiIn: InPort<(vector: number, level: boolean, flows: FlowGroup) => AcceptResult>;
  /** An IPI (a kick, a posted-interrupt notification): accepted, and the CPU told. */
  readonly ipiIn: InPort<(vector: number, flows: FlowGroup) => void>;
  /** Tells the CPU (or the vCPU) that an interrupt is pending: the flow it carries, and where it was raised. */
  readonly irq: OutPort<LapicSignal>;
  /** After every EOI: the vector ended and the flows riding on it. */
  readonly eoiOut: OutPort<(vector: number, flows: FlowGroup) => void>;
  /** The EOI of a level-triggered vector (TMR set): the EOI broadcast. */
  readonly levelEoi: OutPort<(vector: number) => void>;

  constructor(readonly apicId: number, fileId: string, owner: string, device: string, virtual: boolean) {
    this.node = wireNode(fileId, virtual ? 'vlapic' : 'lapic', owner, virtual ? `${device} vLAPIC` : `${device} LAPIC`);
    this.msiIn = inPort(this.node, 'msi', 'msi', (vector: number, level: boolean, flows: FlowGroup) => this.accept(vector, level, flows));
    this.ipiIn = inPort(this.node, 'ipi', 'ipi', (vector: number, flows: FlowGroup) => {
      this.accept(vector, false, flows);
      this.irq.send(flows[0] ?? 0, 0);
    });
    this.irq = outPort<LapicSignal>(this.node, 'irq', 'irq', () => {});
    this.eoiOut = outPort(this.node, 'eoi', 'eoi', () => {});
    this.levelEoi = outPort(this.node, 'level-eoi', 'eoi', () => {});
    this.regs = new RegisterFile(LAPIC_REGS, fileId, owner, device, virtual);
    this.irrIdx = this.regs.index('IRR0');
    this.isrIdx = this.regs.index('ISR0');
    this.tmrIdx = this.regs.index('TMR0');
    this.pprIdx = this.regs.index('PPR');
    this.tprIdx = this.regs.index('TPR');
    this.ldrIdx = this.regs.index('LDR');
    this.dfrIdx = this.regs.index('DFR');
    this.eoiIdx = this.regs.index('EOI');
    this.regs.deposit(this.regs.index('ID'), LAPIC_ID.apicId, apicId);
    this.regs.onWrite('EOI', () => this.eoi());
    this.regs.onWrite('TPR', () => this.updatePpr());
    this.regs.onWrite('ICR_LO', (_f, o) => this.sendIpi(o.value));
    this.icrOut = outPort(this.node, 'icr', 'ipi', () => { throw new Error(`${fileId}: IPIs to other CPUs through the ICR are not modelled (only the self shorthand or the LAPIC's own APIC ID)`); });
  }

  /** IPIs this LAPIC's ICR sends to other CPUs (not modelled: the default refuses). */
  readonly icrOut: OutPort<(vector: number, icrLo: bigint) => void>;

  /**
   * An ICR write (SDM vol. 3 §11.6.1; KVM: kvm_apic_send_ipi): a fixed IPI to itself (the self shorthand, or a
   * physical destination that is its own APIC ID) is accepted here and the CPU told; anything else goes out at `icr`.
   */
  private sendIpi(lo: bigint): void {
    const self = ICR_LO.shorthand.num(lo) === ICR_SELF
      || (ICR_LO.shorthand.num(lo) === 0 && !ICR_LO.destMode.on(lo) && ICR_HI.destination.num(this.regs.get('ICR_HI')) === this.apicId);
    const vector = ICR_LO.vector.num(lo);
    if (!self || ICR_LO.deliveryMode.num(lo) !== 0) return this.icrOut.send(vector, lo);
    this.accept(vector, false, []);
    this.irq.send(0, 0);
  }

  /**
   * Whether a message for `dest` reaches this LAPIC (kvm_apic_match_dest, no shorthand, xAPIC: kvm_apic_broadcast,
   * kvm_apic_match_physical_addr, kvm_apic_match_logical_addr).
   */
  matchesDestination(dest: number, logical: boolean): boolean {
    if (dest === APIC_BROADCAST) return true;
    if (!logical) return dest === this.apicId;
    const ldr = LDR.logicalId.get(this.regs.raw(this.ldrIdx));
    const mda = BigInt(dest);
    const dfr = this.regs.raw(this.dfrIdx);
    if (DFR.model.is(dfr, DFR_FLAT)) return (ldr & mda) !== 0n;
    if (DFR.model.is(dfr, DFR_CLUSTER)) {
      return LOGICAL_DEST.cluster.get(ldr) === LOGICAL_DEST.cluster.get(mda) && (LOGICAL_DEST.members.get(ldr) & LOGICAL_DEST.members.get(mda)) !== 0n;
    }
    return false;
  }

  /** Accepts an interrupt message for `vector`; the flows merge into the pending group if the IRR bit is set. */
  accept(vector: number, level: boolean, flows: FlowGroup): AcceptResult {
    const g = this.pending[vector];
    if (g) {
      for (const f of flows) g.push(f);
      return { coalesced: true, intoFlow: g[0]! };
    }
    this.pending[vector] = flows.slice();
    this.setBit(this.irrIdx, vector, true);
    this.setBit(this.tmrIdx, vector, level);
    return { coalesced: false, intoFlow: flows[0] ?? 0 };
  }

  /** Highest vector in IRR, or -1. */
  highestIrr(): number {
    return this.highest(this.irrIdx);
  }

  /** Highest vector in ISR, or -1. */
  highestIsr(): number {
    return this.highest(this.isrIdx);
  }

  /** The vector the CPU would take now (its class above PPR's), or -1. */
  deliverable(): number {
    const v = this.highestIrr();
    if (v < 0) return -1;
    return priorityClass(v) > priorityClass(Number(this.regs.raw(this.pprIdx))) ? v : -1;
  }

  /** The CPU acknowledges the highest deliverable vector: IRR → ISR. */
  ack(): { vector: number; flows: FlowGroup } {
    const v = this.deliverable();
    if (v < 0) throw new Error(`${this.regs.id}: ack with nothing deliverable`);
    this.setBit(this.irrIdx, v, false);
    this.setBit(this.isrIdx, v, true);
    const flows = this.pending[v] ?? [];
    this.pending[v] = null;
    this.inService[v] = flows;
    this.updatePpr();
    return { vector: v, flows };
  }

  /** Flows waiting on a pending vector (for hops recorded before the ack). */
  pendingFlows(vector: number): FlowGroup {
    return this.pending[vector] ?? [];
  }

  /**
   * Ends the highest in-service interrupt (what a write to the EOI register does); `broadcast`: a level vector's EOI
   * goes to the IOAPICs (TMR set). APICv's virtualized EOI (EOI-exit bit clear) does not broadcast.
   */
  private eoi(broadcast = true): void {
    const v = this.highestIsr();
    if (v < 0) return; // an EOI with nothing in service is ignored, as on hardware
    this.setBit(this.isrIdx, v, false);
    const flows = this.inService[v] ?? [];
    this.inService[v] = null;
    this.updatePpr();
    if (broadcast && this.testBit(this.tmrIdx, v)) this.levelEoi.send(v);
    this.eoiOut.send(v, flows);
  }

  /** A software EOI write through the register file (so hooks and the inspector see the same path). */
  writeEoi(): void {
    this.regs.write(this.eoiIdx, 0n);
  }

  /**
   * APICv EOI virtualization (SDM vol. 3 §30.1.3, EOI_exit_bitmap[vector] = 0): vISR cleared and PPR updated, with no
   * VM exit and no EOI broadcast, whatever the TMR says.
   */
  virtualizedEoi(): void {
    this.eoi(false);
  }

  testIsr(vector: number): boolean {
    return this.testBit(this.isrIdx, vector);
  }

  testTmr(vector: number): boolean {
    return this.testBit(this.tmrIdx, vector);
  }

  testIrr(vector: number): boolean {
    return this.testBit(this.irrIdx, vector);
  }

  /** PPR by highest in-service class, for the TPR value it was computed with (TPR rarely changes). */
  private pprTpr = -1n;
  private readonly pprByClass: (bigint | undefined)[] = [];

  private updatePpr(): void {
    const tpr = this.regs.raw(this.tprIdx);
    const isr = this.highestIsr();
    const isrClass = isr < 0 ? 0 : priorityClass(isr);
    // PPR is TPR while its class is at least the highest in-service class, else that class (sub-class 0).
    if (tpr !== this.pprTpr) {
      this.pprTpr = tpr;
      this.pprByClass.length = 0;
    }
    let ppr = this.pprByClass[isrClass];
    if (ppr === undefined) {
      ppr = TPR.class.num(tpr) >= isrClass ? PPR.subclass.set(PPR.class.of(TPR.class.get(tpr)), TPR.subclass.get(tpr)) : PPR.class.of(isrClass);
      this.pprByClass[isrClass] = ppr;
    }
    this.regs.set(this.pprIdx, ppr);
  }

  private setBit(base: number, vector: number, on: boolean): void {
    this.regs.setBit(base + bankWord(vector), bankBit(vector), on);
  }

  private testBit(base: number, vector: number): boolean {
    return this.regs.testBit(base + bankWord(vector), bankBit(vector));
  }

  private highest(base: number): number {
    for (let w = 7; w >= 0; w--) {
      const b = this.regs.raw(base + w);
      if (b !== 0n) return w * 32 + 31 - Math.clz32(Number(b));
    }
    return -1;
  }
}
