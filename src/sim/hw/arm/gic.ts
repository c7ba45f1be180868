// A whole GIC as hardware wires it: one distributor, a CPU interface and a virtualization interface per CPU.
// The wiring that is hardware (not software) lives here:
//  - distributor changes re-evaluate the CPU interfaces' IRQ outputs;
//  - each virtualization interface's maintenance output is PPI 25 of its CPU (a level);
//  - a guest deactivation of a HW = 1 list register deactivates the physical INTID in the distributor
//    (on the CPU the virtualization interface belongs to), with no maintenance interrupt;
//  - `attachTimer` connects an architected timer's output to its PPI.
// Everything else (which LR gets what, when to fold/flush, host handlers) is the host vGIC's business.
//
// Not modelled: see the headers of distributor.ts, cpuInterface.ts, virtInterface.ts and timer.ts.
import { GicCpuInterface } from './cpuInterface';
import { GicDistributor } from './distributor';
import { PPI } from './gicCommon';
import type { GicVersion } from './gicVersion';
import type { FlowGroup } from '../../core/flows';
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
}

export class ArmGic {
  readonly version: GicVersion;
  readonly dist: GicDistributor;
  readonly cpuIfs: GicCpuInterface[];
  readonly virtIfs: GicVirtInterface[];
  /** Physical deactivations caused by guest HW = 1 deactivations: (cpu, pINTID, flows). */
  onHwDeactivate: ((cpu: number, pintid: number, flows: FlowGroup) => void) | null = null;

  constructor(opts: GicOptions) {
    this.version = opts.version;
    const common = { idPrefix: opts.idPrefix, owner: opts.owner };
    this.dist = new GicDistributor({ version: opts.version, cpus: opts.cpus, spis: opts.spis ?? 64, priorityBits: opts.priorityBits, ...common });
    this.cpuIfs = [];
    this.virtIfs = [];
    for (let c = 0; c < opts.cpus; c++) {
      this.cpuIfs.push(new GicCpuInterface(this.dist, c, common));
      const v = new GicVirtInterface(opts.version, c, { listRegs: opts.listRegs, ...common });
      v.onMaintenance = (level) => this.dist.setPpi(c, PPI.maintenance, level);
      v.onPhysicalDeactivate = (pintid, flows) => {
        this.dist.deactivate(pintid, c);
        this.onHwDeactivate?.(c, pintid, flows);
      };
      this.virtIfs.push(v);
    }
    this.dist.onChange = (cpus) => {
      for (const c of cpus) this.cpuIfs[c]!.update();
    };
    // The maintenance interrupt is level-sensitive.
    for (let c = 0; c < opts.cpus; c++) this.dist.setTrigger(PPI.maintenance, 'level', c);
  }

  /** Connects a timer's output to its PPI on its CPU (level-sensitive). */
  attachTimer(timer: ArchTimer): void {
    this.dist.setTrigger(timer.ppi, 'level', timer.cpu);
    timer.output = (level, flows) => this.dist.setPpi(timer.cpu, timer.ppi, level, flows);
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
