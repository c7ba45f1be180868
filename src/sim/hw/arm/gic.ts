// A whole GIC as hardware wires it: one distributor, a CPU interface and a virtualization interface per CPU, joined
// by ports on the machine's wire graph (core/wires.ts):
//  - the distributor tells each CPU interface when its highest pending interrupt may have changed;
//  - each virtualization interface's maintenance output is PPI 25 of its CPU (a level);
//  - a guest deactivation of a HW = 1 list register deactivates the physical INTID in the distributor (on the CPU
//    the virtualization interface belongs to), with no maintenance interrupt; the distributor then tells whoever
//    forwarded that INTID (`dist.deactivatedOut`);
//  - `attachTimer` connects an architected timer's output to its PPI.
// Everything else (which LR gets what, when to fold/flush, host handlers) is the host vGIC's business.
//
// Not modelled: see the headers of distributor.ts, cpuInterface.ts, virtInterface.ts and timer.ts.
import { WireGraph } from '../../core/wires';
import { RegisterFile } from '../../core/registers';
import { GICR_TYPER, GICR_WAKER, gicrRdRegisters } from './distributorRegisters';
import { GicCpuInterface } from './cpuInterface';
import { GicDistributor } from './distributor';
import { PPI } from './gicCommon';
import type { GicVersion } from './gicVersion';
import type { ArchTimer } from './timer';
import { GicVirtInterface } from './virtInterface';

export interface GicOptions {
  /** GICV2 or GICV3 (gicVersion.ts): decided here, once, for every part. */
  version: GicVersion;
  cpus: number;
  /** SPIs, a multiple of 32; default 64. */
  spis?: number;
  /** List registers per virtualization interface; default 4. */
  listRegs?: number;
  idPrefix?: string;
  owner?: string;
  priorityBits?: number;
  /** The machine's wire graph (sim.wires); a GIC on its own keeps its own. */
  wires?: WireGraph;
}

export class ArmGic {
  readonly version: GicVersion;
  readonly dist: GicDistributor;
  readonly cpuIfs: GicCpuInterface[];
  readonly virtIfs: GicVirtInterface[];
  /** GICv3: each CPU's redistributor RD_base frame (GICR_CTLR, IIDR, TYPER, WAKER, PIDR2); none on v2. */
  readonly rdBase: RegisterFile[];
  readonly wires: WireGraph;

  constructor(opts: GicOptions) {
    this.version = opts.version;
    this.wires = opts.wires ?? new WireGraph();
    const common = { idPrefix: opts.idPrefix, owner: opts.owner };
    this.dist = new GicDistributor({ version: opts.version, cpus: opts.cpus, spis: opts.spis ?? 64, priorityBits: opts.priorityBits, ...common });
    this.cpuIfs = [];
    this.virtIfs = [];
    this.wires.addNode(this.dist.node);
    for (let c = 0; c < opts.cpus; c++) {
      const cpuIf = new GicCpuInterface(this.dist, c, common);
      const v = new GicVirtInterface(opts.version, c, { listRegs: opts.listRegs, ...common });
      this.wires.connect(v.maintenanceOut, this.dist.ppiIn(c, PPI.maintenance));
      this.wires.connect(v.deactivateOut, this.dist.hwDeactivateIn[c]!);
      this.cpuIfs.push(cpuIf);
      this.virtIfs.push(v);
    }
    for (let c = 0; c < opts.cpus; c++) this.wires.connect(this.dist.toCpu[c]!, this.cpuIfs[c]!.distIn);
    this.rdBase = opts.version.cpuFrames === 'gicr' ? rdBaseFiles(this.dist) : [];
    // The maintenance interrupt is level-sensitive.
    for (let c = 0; c < opts.cpus; c++) this.dist.setTrigger(PPI.maintenance, 'level', c);
  }

  /** Connects a timer's output to its PPI on its CPU (level-sensitive). */
  attachTimer(timer: ArchTimer): void {
    this.dist.setTrigger(timer.ppi, 'level', timer.cpu);
    this.wires.connect(timer.irqOut, this.dist.ppiIn(timer.cpu, timer.ppi));
  }

  /** Every register file, for the inspector. */
  registerFiles() {
    return [
      this.dist.regs,
      ...this.dist.banks,
      ...this.cpuIfs.map((c) => c.regs),
      ...this.virtIfs.map((v) => v.regs),
      ...this.rdBase,
    ];
  }
}

/** Each CPU's RD_base frame: TYPER names the CPU (Aff0 = ProcessorNumber = its index) and marks the last one; WAKER's
 *  ChildrenAsleep follows ProcessorSleep at once. */
function rdBaseFiles(d: GicDistributor): RegisterFile[] {
  const prefix = d.regs.id.replace(/\/gicd$/, '');
  const decl = gicrRdRegisters();
  return d.banks.map((bank, c) => {
    const f = new RegisterFile(decl, `${prefix}/cpu${c}/gicr-rd`, bank.owner, `cpu${c}`, false);
    const typer = f.index('GICR_TYPER');
    f.deposit(typer, GICR_TYPER.Aff0, c);
    f.deposit(typer, GICR_TYPER.ProcessorNumber, c);
    f.deposit(typer, GICR_TYPER.Last, c === d.cpus - 1);
    const waker = f.index('GICR_WAKER');
    f.onWrite('GICR_WAKER', (_f, o) => f.deposit(waker, GICR_WAKER.ChildrenAsleep, GICR_WAKER.ProcessorSleep.num(o.value)));
    return f;
  });
}
