// The Arm generic (architected) timer of one CPU as a PPI source: the EL1 virtual timer (CNTV_*, PPI 27, the
// interrupt KVM forwards to guests with HW = 1, facts §E.3) or the EL1 physical timer (CNTP_*, PPI 30).
//
// A programmed compare: ISTATUS = ENABLE and counter ≥ CVAL; the output is a level, asserted while ISTATUS and
// not IMASK. The line stays high until software moves CVAL into the future, masks, or disables the timer; a
// periodic tick is what a driver's handler does with `rearm` (CVAL += period). Each rise of the output is a
// new flow (when a flow source is given) so the host model can follow the tick through the GIC.
//
// On the machine's wiring it is "host/cpuN/vtimer" (or ".../ptimer"): its output is a level into its PPI.
//
// The counter runs at `freqHz` (default 1 GHz, the fixed CNTFRQ of Armv8.6 and later: one tick per simulated
// ns) from simulated time, plus CNTVOFF for the virtual timer. Deterministic: time comes from the Simulator.
//
// Not modelled: CNTKCTL/CNTHCTL access controls and event streams, CNTHP/CNTHV (EL2 timers), timer TVAL as a
// stored register (`armIn` does what a TVAL write does), counter scaling, the FEAT_ECV offsets.
import { bits, layout, reg, registerFile, RegisterFile, type RegisterFileDecl } from '../../core/registers';
import type { Simulator } from '../../core/simulator';
import type { Ns } from '../../core/time';
import { PPI, sysregName, sysregOffset } from './gicCommon';
import { outPort, wireNode, type OutPort, type WireNode } from '../../core/wires';
import type { LevelIn } from './gicPorts';

export type TimerKind = 'virtual' | 'physical';

/** CNTV_CTL_EL0 / CNTP_CTL_EL0. */
export const CNT_CTL = layout(64, {
  ISTATUS: bits(2, 2, 'ro', 'the timer condition is met (ENABLE and counter ≥ CVAL)'),
  IMASK: bits(1, 1, 'rw', 'mask the timer interrupt (ISTATUS unaffected)'),
  ENABLE: bits(0, 0, 'rw', 'enable the timer'),
}, 'CNT_CTL_EL0');

/** CNTV_CVAL_EL0 / CNTP_CVAL_EL0. */
export const CNT_CVAL = layout(64, {
  CompareValue: bits(63, 0, 'rw', 'the condition is met when the counter reaches this value'),
}, 'CNT_CVAL_EL0');

function timerDecl(kind: TimerKind): RegisterFileDecl {
  const p = kind === 'virtual' ? 'CNTV' : 'CNTP';
  const op2base = kind === 'virtual' ? 3 : 2; // CNTV_*: CRm 3, CNTP_*: CRm 2 (op0 3, op1 3, CRn 14)
  const off = (op2: number) => sysregOffset(3, 3, 14, op2base, op2);
  const enc = (op2: number) => sysregName(3, 3, 14, op2base, op2);
  return registerFile(`Generic timer, EL1 ${kind} (${p}_*_EL0)`, [
    reg(`${p}_CTL_EL0`, off(1), 64, CNT_CTL, { meaning: `control (${enc(1)})` }),
    reg(`${p}_CVAL_EL0`, off(2), 64, CNT_CVAL, { meaning: `compare value (${enc(2)})` }),
  ]);
}

export interface TimerOptions {
  freqHz?: number;
  /** CNTVOFF (virtual timer only): the virtual counter is the physical count minus this. */
  offsetTicks?: bigint;
  idPrefix?: string;
  owner?: string;
  /** Makes a flow id for each rise of the output (e.g. sim.raiseFlow); none when absent. */
  newFlow?: () => number;
}

export class ArchTimer {
  readonly regs: RegisterFile;
  readonly ppi: number;
  readonly freqHz: number;
  readonly node: WireNode;
  /** The PPI output: a level (ArmGic.attachTimer connects it to the PPI input of its CPU). */
  readonly irqOut: OutPort<LevelIn>;
  private readonly ctl: number;
  private readonly cval: number;
  private readonly offset: bigint;
  private level = false;
  /** Bumped on every reprogram: a scheduled compare event from an older program does nothing. */
  private generation = 0;

  constructor(private readonly sim: Simulator, readonly kind: TimerKind, readonly cpu: number, private readonly opts: TimerOptions = {}) {
    this.ppi = kind === 'virtual' ? PPI.virtualTimer : PPI.physicalTimer;
    this.freqHz = opts.freqHz ?? 1_000_000_000;
    this.offset = kind === 'virtual' ? opts.offsetTicks ?? 0n : 0n;
    this.regs = new RegisterFile(timerDecl(kind), `${opts.idPrefix ?? 'host'}/cpu${cpu}/${kind === 'virtual' ? 'cntv' : 'cntp'}`, opts.owner ?? 'host', `cpu${cpu}`, false);
    const name = kind === 'virtual' ? 'vtimer' : 'ptimer';
    this.node = wireNode(`host/cpu${cpu}/${name}`, 'arch-timer', 'host', `${name} cpu${cpu}`);
    this.irqOut = outPort<LevelIn>(this.node, 'irq', 'irq', () => {});
    this.ctl = this.regs.index(`${kind === 'virtual' ? 'CNTV' : 'CNTP'}_CTL_EL0`);
    this.cval = this.regs.index(`${kind === 'virtual' ? 'CNTV' : 'CNTP'}_CVAL_EL0`);
    this.regs.onWrite(this.regs.decl.registers[this.ctl]!.name, () => this.evaluate());
    this.regs.onWrite(this.regs.decl.registers[this.cval]!.name, () => this.evaluate());
  }

  /** The counter this timer compares against (CNTVCT or CNTPCT) at the current simulated time. */
  counter(at: Ns = this.sim.now): bigint {
    return (BigInt(Math.floor(at)) * BigInt(this.freqHz)) / 1_000_000_000n - this.offset;
  }

  /** The first simulated ns at which the counter is ≥ `ticks`. */
  timeOf(ticks: bigint): Ns {
    const t = ticks + this.offset;
    if (t <= 0n) return 0;
    const f = BigInt(this.freqHz);
    return Number((t * 1_000_000_000n + f - 1n) / f);
  }

  get enabled(): boolean { return CNT_CTL.ENABLE.on(this.regs.raw(this.ctl)); }
  get masked(): boolean { return CNT_CTL.IMASK.on(this.regs.raw(this.ctl)); }
  get istatus(): boolean { return CNT_CTL.ISTATUS.on(this.regs.raw(this.ctl)); }
  /** The PPI output level. */
  get asserted(): boolean { return this.level; }
  get compare(): bigint { return CNT_CVAL.CompareValue.get(this.regs.raw(this.cval)); }

  /** CTL write: ENABLE and IMASK. */
  setControl(enable: boolean, imask = false): void {
    this.regs.write(this.ctl, CNT_CTL.IMASK.set(CNT_CTL.ENABLE.set(this.regs.raw(this.ctl), enable), imask));
  }

  /** CVAL write. */
  setCompare(cval: bigint): void {
    this.regs.write(this.cval, CNT_CVAL.CompareValue.of(cval));
  }

  /** A TVAL write: fire `ns` from now. */
  armIn(ns: Ns): void {
    this.setCompare(this.counter() + (BigInt(Math.round(ns)) * BigInt(this.freqHz)) / 1_000_000_000n);
  }

  /** What a periodic driver's handler does: the next compare one period after the last one. */
  rearm(periodNs: Ns): void {
    this.setCompare(this.compare + (BigInt(Math.round(periodNs)) * BigInt(this.freqHz)) / 1_000_000_000n);
  }

  /** Recomputes ISTATUS and the output, and schedules the compare event when it lies in the future. */
  private evaluate(): void {
    const gen = ++this.generation;
    const en = this.enabled;
    const met = en && this.counter() >= this.compare;
    this.regs.deposit(this.ctl, CNT_CTL.ISTATUS, met);
    this.drive(met && !this.masked);
    if (en && !met) {
      const t = Math.max(this.sim.now, this.timeOf(this.compare));
      this.sim.at(t, () => {
        if (gen === this.generation) this.evaluate();
      });
    }
  }

  private drive(level: boolean): void {
    if (level === this.level) return;
    this.level = level;
    const flows = level && this.opts.newFlow ? [this.opts.newFlow()] : [];
    this.irqOut.send(level, flows);
  }
}
