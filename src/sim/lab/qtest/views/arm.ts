// The ARM views of `virq qtest`, at QEMU virt's addresses (hw/arm/gicMmio.ts). Host: the GIC distributor, and per
// CPU the GICv2 CPU interface, virtualization control and virtual CPU interfaces, or the GICv3 redistributors (the
// GICv3 CPU interface by `sysreg_read`/`sysreg_write`); input "gic" drives an SPI's line (N = INTID). The pCPUs run
// no code: each takes a signalled interrupt as a test handler would (an IAR read) and prints it; after
// `irq_intercept_out gic` they take nothing and the CPU interfaces' IRQ outputs print as `IRQ raise|lower <cpu>`,
// so the script acknowledges through IAR itself.
// Guest (`--vm N`): see armGuestView.
import { armVirtMap, gicSysregs } from '../../../hw/arm/gicMmio';
import { SPI_FIRST } from '../../../hw/arm/gicCommon';
import type { ArmGic } from '../../../hw/arm/gic';
import type { GicVersion } from '../../../hw/arm/gicVersion';
import type { ArmParts, MachineParts } from '../../../scenario/machine';
import type { Lab } from '../../lab';
import type { Interceptable, IrqInput, QtestView } from '../machineTarget';

/** GICv3's CPU interface is system registers; GICv2's is MMIO (GICC). */
const HAS_SYSREGS: Readonly<Record<GicVersion['cpuFrames'], boolean>> = { gicc: false, gicr: true };

function parts(lab: Lab): ArmParts & MachineParts {
  const p = lab.machine.parts;
  if (p.platform !== 'arm') throw new Error('not an ARM machine');
  return p;
}

const spiInput = (gic: ArmGic): IrqInput => ({
  check: (n) => (n >= SPI_FIRST && n < SPI_FIRST + gic.dist.spis ? null : `the GIC has SPIs ${SPI_FIRST}..${SPI_FIRST + gic.dist.spis - 1}, not ${n}`),
  set: (n, level) => { gic.dist.assertSpi(n, level); },
});

export function armHostView(lab: Lab, emit: (line: string) => void): QtestView {
  const { gic } = parts(lab);
  const pcpus = lab.machine.pcpus;
  pcpus.forEach((cpu, i) => { cpu.takenByTest = (intid) => emit(`IRQ raise ${intid} cpu ${i}`); });
  const inputs = new Map<string, IrqInput>([['gic', spiInput(gic)]]);
  // irq_intercept_out gic: the CPU interfaces' IRQ lines go to the script, the CPUs take nothing.
  let lines: boolean[] | null = null;
  const poll = () => {
    if (!lines) return;
    gic.cpuIfs.forEach((c, i) => {
      const level = c.irqPending();
      if (level !== lines![i]) emit(`IRQ ${level ? 'raise' : 'lower'} ${i}`);
      lines![i] = level;
    });
  };
  const cpuLines: Interceptable = {
    intercept: () => {
      lines = gic.cpuIfs.map(() => false);
      pcpus.forEach((cpu) => { cpu.heldByTest = true; });
      poll();
      return null;
    },
  };
  const spiLines: Interceptable = {
    intercept: (e) => {
      for (let n = SPI_FIRST; n < SPI_FIRST + gic.dist.spis; n++) {
        const intid = n;
        lab.sim.wires.intercept(gic.dist.spiIn(intid), (level: boolean) => e(`IRQ ${level ? 'raise' : 'lower'} ${intid}`));
      }
      return null;
    },
  };
  return {
    name: 'host',
    map: armVirtMap(gic),
    cpus: gic.cpuIfs.length,
    ports: null,
    inputs,
    interceptIn: new Map([['gic', spiLines]]),
    interceptOut: new Map([['gic', cpuLines]]),
    sysregs: HAS_SYSREGS[gic.version.cpuFrames] ? (cpu) => gicSysregs(gic, cpu) : null,
    poll,
    describe: () => `inputs: ${[...inputs.keys()].join(', ')}`,
  };
}

export function armGuestView(lab: Lab, _emit: (line: string) => void, vmIndex: number): QtestView {
  const { vms } = parts(lab);
  if (!vms[vmIndex]) throw new Error(`the scenario has ${vms.length} VMs; no --vm ${vmIndex}`);
  throw new Error('the ARM guest view is not built yet');
}
