// The x86 views of `virq qtest`. Host: the physical IOAPIC at 0xFEC00000 and each pCPU's LAPIC at 0xFEE00000 (banked
// by the accessing CPU), the IOAPIC's pins as input "ioapic" (GSI = pin) and each INTx device's INTA# as input
// "<device id>" (number 0). Guest (`--vm N`): the VM's in-kernel IOAPIC (KVM's, made on first use as a level irqfd
// would make it) and each vCPU's vLAPIC at the same addresses; "ioapic" drives a GSI as KVM_IRQ_LINE does. A write to
// the vLAPIC's EOI register is the guest's EOI on the VM's delivery path (an EOI exit, or APICv's virtualized EOI);
// other guest accesses take effect at once, without the time of their MMIO exit. PCI functions with MMIO registers (a
// GPU; in a VM, its vGPU with the PV INFO page) get BAR0 from 0xE0000000, 16 MiB each (pciBars.ts).
// Not modelled: x2APIC MSRs (qtest has no MSR command), the PIC, port I/O other than PCI config mechanism #1.
import { AddressMap, type MmioRegion } from '../../../core/mmio';
import { IOAPIC_PINS } from '../../../hw/x86/ioapicRegisters';
import { ioapicRegion } from '../../../hw/x86/ioapicMmio';
import { lapicRegion } from '../../../hw/x86/lapicMmio';
import type { Ioapic } from '../../../hw/x86/ioapic';
import type { MachineParts, X86Parts } from '../../../scenario/machine';
import type { Lab } from '../../lab';
import type { Interceptable, IrqInput, QtestView } from '../machineTarget';
import { pciConfigPorts } from './pciConfigPorts';
import { pciBars } from './pciBars';

export const X86_IOAPIC_BASE = 0xfec00000n;
export const X86_LAPIC_BASE = 0xfee00000n;
/** The xAPIC EOI register's offset. */
const LAPIC_EOI = 0xb0;

const pinInput = (ioapic: () => Ioapic): IrqInput => ({
  check: (n) => (n < IOAPIC_PINS ? null : `the IOAPIC has pins 0..${IOAPIC_PINS - 1}, not ${n}`),
  set: (n, level) => ioapic().setPin(n, level, () => []),
});

/** The IOAPIC's messages printed as `IRQ raise <pin>` instead of reaching the LAPICs. */
const ioapicOut = (ioapic: () => Ioapic): Interceptable => ({
  intercept: (emit) => {
    ioapic().msi.send = (pin: number) => emit(`IRQ raise ${pin}`);
    return null;
  },
});

function parts(lab: Lab): X86Parts & MachineParts {
  const p = lab.machine.parts;
  if (p.platform !== 'x86') throw new Error('not an x86 machine');
  return p;
}

export function x86HostView(lab: Lab, emit: (line: string) => void): QtestView {
  const p = parts(lab);
  lab.machine.pcpus.forEach((cpu, i) => { cpu.takenByTest = (v) => emit(`IRQ raise ${v} cpu ${i}`); });
  const map = new AddressMap('host')
    .map(X86_IOAPIC_BASE, ioapicRegion(p.ioapic))
    .map(X86_LAPIC_BASE, lapicRegion((cpu) => p.lapics[cpu]!));
  for (const bar of pciBars(lab.machine.registerFiles, 'host')) map.map(bar.base, bar.region);
  const inputs = new Map<string, IrqInput>([['ioapic', pinInput(() => p.ioapic)]]);
  for (const [id, fn] of p.functions) {
    inputs.set(id, {
      check: (n) => (n === 0 ? null : `a PCI function has one INTx input, 0`),
      set: (_n, level) => { if (level) fn.raiseIntx(0); else fn.ackIntx(); },
    });
  }
  // The lines into the IOAPIC's pins go to the script instead.
  const ioapicIn: Interceptable = {
    intercept: (e) => {
      p.ioapic.pins.forEach((port, pin) => lab.sim.wires.intercept(port, (level) => e(`IRQ ${level ? 'raise' : 'lower'} ${pin}`)));
      return null;
    },
  };
  return {
    name: 'host', map, cpus: p.lapics.length,
    // An EOI or a TPR write may make a vector deliverable: the CPU looks again (as it does after its EOI).
    poll: () => { for (const c of lab.machine.pcpus) c.poke(); },
    ports: pciConfigPorts(lab.machine.registerFiles, lab.scenario.devices), sysregs: null,
    inputs,
    interceptIn: new Map([['ioapic', ioapicIn]]),
    interceptOut: new Map([['ioapic', ioapicOut(() => p.ioapic)]]),
    describe: () => `inputs: ${[...inputs.keys()].join(', ')}`,
  };
}

export function x86GuestView(lab: Lab, emit: (line: string) => void, vmIndex: number): QtestView {
  const p = parts(lab);
  const vm = p.vms[vmIndex];
  if (!vm) throw new Error(`the scenario has ${p.vms.length} VMs; no --vm ${vmIndex}`);
  for (const v of vm.vcpus) v.takenByTest = (vector) => emit(`IRQ raise ${vector} cpu ${v.index}`);
  const vioapic = () => p.vmIoapic(vm).ioapic;
  const vlapics = lapicRegion((cpu) => vm.vcpus[cpu]!.vlapic);
  // The guest's EOI write goes the VM's delivery path; every other access is the vLAPIC's register.
  const guestLapic: MmioRegion = {
    ...vlapics,
    read: (o, n, cpu) => vlapics.read(o, n, cpu),
    write: (o, n, value, cpu) => (o === LAPIC_EOI ? vm.vcpus[cpu]!.guestEoiWrite() : vlapics.write(o, n, value, cpu)),
  };
  const map = new AddressMap(vm.name)
    .map(X86_IOAPIC_BASE, ioapicRegion(vioapic()))
    .map(X86_LAPIC_BASE, guestLapic);
  // Its vGPU's BAR0 (GVT-g's virtual registers and PV INFO page), where the guest's BIOS would have put it.
  for (const bar of pciBars(lab.machine.registerFiles, vm.name)) map.map(bar.base, bar.region);
  const inputs = new Map<string, IrqInput>([['ioapic', pinInput(vioapic)]]);
  return {
    name: vm.name, map, cpus: vm.vcpus.length,
    // A TPR write traps to KVM, which injects what became deliverable at the next entry (kvm_lapic_set_tpr →
    // apic_update_ppr → KVM_REQ_EVENT): a vector deliverable and not yet taken makes its vCPU look again.
    poll: () => { for (const v of vm.vcpus) if (v.vlapic.deliverable() >= 0) v.kick(0, v.where); }, ports: null, sysregs: null, inputs,
    interceptIn: new Map(),
    interceptOut: new Map([['ioapic', ioapicOut(vioapic)]]),
    describe: () => `inputs: ${[...inputs.keys()].join(', ')}`,
  };
}
