// The ARM views of `virq qtest`, at QEMU virt's addresses (hw/arm/gicMmio.ts). Host: the GIC distributor, and per
// CPU the GICv2 CPU interface, virtualization control and virtual CPU interfaces, or the GICv3 redistributors (the
// GICv3 CPU interface by `sysreg_read`/`sysreg_write`); input "gic" drives an SPI's line (N = INTID). The pCPUs run
// no code: each takes a signalled interrupt as a test handler would (an IAR read) and prints it; after
// `irq_intercept_out gic` they take nothing and the CPU interfaces' IRQ outputs print as `IRQ raise|lower <cpu>`,
// so the script acknowledges through IAR itself.
// Guest (`--vm N`): see armGuestView.
import { armVirtMap, gicSysregs, gicvRegion, QEMU_VIRT_GIC } from '../../../hw/arm/gicMmio';
import { AddressMap, type MmioRegion } from '../../../core/mmio';
import { vgicDistributorRegion, vgicRedistributorRegion, VGIC_REDIST_SIZE } from '../../../host/kvm/arm/vgicMmio';
import type { ArmVm } from '../../../scenario/wire/armHost';
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

/**
 * VM N as its vCPUs see it: KVM's emulated distributor at GICD's address (host/kvm/arm/vgicMmio.ts; for GICv3 each
 * vCPU's redistributor from GICR's), and the guest's CPU interface — the hardware GICV of the vCPU's pCPU, backed by
 * the list registers — at GICC's address (v2) or as ICC_* system registers (v3: the ICV_* the hardware gives the
 * guest). Input "gic" is KVM_IRQ_LINE for an SPI. A vCPU takes a signalled interrupt (a GICV IAR read) and prints it;
 * EOIR/DIR are the script's writes. Keep the vCPUs busy when idle: a vCPU in WFI has its interface saved.
 */
export function armGuestView(lab: Lab, emit: (line: string) => void, vmIndex: number): QtestView {
  const { gic, vms } = parts(lab);
  const vm = vms[vmIndex];
  if (!vm) throw new Error(`the scenario has ${vms.length} VMs; no --vm ${vmIndex}`);
  for (const v of vm.vcpus) v.takenByTest = (intid) => emit(`IRQ raise ${intid} cpu ${v.index}`);
  const pcpuOf = (cpu: number) => {
    const v = vm.vcpus[cpu];
    if (!v) throw new Error(`${vm.name}: no vcpu${cpu}`);
    return v.pcpu.index;
  };
  const gicv = gicvRegion(gic);
  const guestCpuIf: MmioRegion = {
    name: 'gicc (GICV)',
    size: gicv.size,
    read: (o, n, cpu) => gicv.read(o, n, pcpuOf(cpu)),
    write: (o, n, value, cpu) => gicv.write(o, n, value, pcpuOf(cpu)),
  };
  const map = new AddressMap(vm.name).map(QEMU_VIRT_GIC.gicd, vgicDistributorRegion(vm.vgic));
  GUEST_CPU_FRAMES[gic.version.cpuFrames](map, guestCpuIf, vm);
  const cpuIf = gic.version.cpuIf;
  const inputs = new Map<string, IrqInput>([['gic', {
    check: (n) => (n >= SPI_FIRST && n < SPI_FIRST + vm.vgic.dist.spis ? null : `${vm.name}'s vGIC has SPIs ${SPI_FIRST}..${SPI_FIRST + vm.vgic.dist.spis - 1}, not ${n}`),
    set: (n, level) => vm.vgic.setLine(n, level),
  }]]);
  // ICC_<reg>_EL1 in a guest reaches the virtual CPU interface: the same GICV model, by the register's declaration.
  const sysreg = (cpu: number, name: string) => {
    const d = cpuIf.decl.registers.find((r) => r.name === name.toUpperCase());
    if (!d) throw new Error(`${vm.name} vcpu${cpu}: no virtual CPU interface register ${name}`);
    return d.offset;
  };
  return {
    name: vm.name, map, cpus: vm.vcpus.length, ports: null, inputs,
    interceptIn: new Map(), interceptOut: new Map(),
    sysregs: HAS_SYSREGS[gic.version.cpuFrames] ? (cpu) => ({
      read: (name) => guestCpuIf.read(sysreg(cpu, name), 4, cpu),
      write: (name, value) => guestCpuIf.write(sysreg(cpu, name), 4, value, cpu),
    }) : null,
    describe: () => `inputs: ${[...inputs.keys()].join(', ')}`,
  };
}

/** Where the guest finds its CPU interface (v2: GICV at GICC's address) or its redistributors (v3). */
const GUEST_CPU_FRAMES: Readonly<Record<GicVersion['cpuFrames'], (map: AddressMap, cpuIf: MmioRegion, vm: ArmVm) => void>> = {
  gicc: (map, cpuIf) => { map.map(QEMU_VIRT_GIC.gicc, cpuIf); },
  gicr: (map, _cpuIf, vm) => {
    vm.vcpus.forEach((_v, i) => map.map(QEMU_VIRT_GIC.gicr + BigInt(i * VGIC_REDIST_SIZE), vgicRedistributorRegion(vm.vgic, i)));
  },
};
