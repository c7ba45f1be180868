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
    ];
  }
}
