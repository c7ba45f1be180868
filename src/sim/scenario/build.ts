// Scenario → Machine: the host (x86: pCPUs, LAPICs, IOAPIC; arm: the GIC), the VMs, then each device with its
// driver (with `native: true`, those of the scenario's bare-metal twin). Each design switch is decided where its part
// is wired, once.
import { CostModel, type CostOverride } from '../core/costModel';
import { Simulator } from '../core/simulator';
import { COSTS } from '../core/catalog/costs';
import { KvmIoapic } from '../host/kvm/kvmIoapic';
import type { Vm } from '../host/kvm/vm';
import type { PciIdentity } from '../hw/pci/pciFunction';
import { Machine } from './machine';
import { nativeTwin } from './nativeTwin';
import { parseCost } from './fields';
import type { Scenario } from './schema';
import type { WireContext } from './wire/context';
import { wireIntxDevice, wireIntxPins } from './wire/intxDevice';
import { wireMsiDevice } from './wire/msiDevice';
import { wireGpuDevice } from './wire/gpuDevice';
import { wireVms } from './wire/vms';
import { wireVmms } from './wire/vmm';
import { wireVcpuScheduling } from './wire/vcpuScheduling';
import { wireX86Host } from './wire/x86Host';
import { wireArmHost } from './wire/armHost';
import { wireSpiDevice } from './wire/spiDevice';
import { wireFaults } from './wire/faults';

const NIC: PciIdentity = { vendorId: 0x8086, deviceId: 0x10d3, baseClass: 0x02, subClass: 0x00 };

/** `logCapacity`: the hop ring's size when not the scenario's (a run read only for its summary). */
export function buildMachine(scenario: Scenario, logCapacity?: number): Machine {
  // `native: true`: the bare-metal twin is what runs (every NIC a VM owns goes to a native host driver).
  const s = scenario.native ? nativeTwin(scenario) : scenario;
  const sim = new Simulator(logCapacity ?? s.log.capacity);
  const overrides: Record<string, CostOverride> = {};
  for (const [name, v] of Object.entries(s.costs)) overrides[name] = parseCost(v);
  const costs = new CostModel(COSTS, s.host.cpuGhz, overrides);
  return s.platform === 'arm' ? buildArm(s, sim, costs) : buildX86(s, sim, costs);
}

function buildArm(s: Scenario, sim: Simulator, costs: CostModel): Machine {
  const { gic, pcpus, vms, timers } = wireArmHost(s, sim, costs);
  const machine = new Machine(s, sim, costs, pcpus, vms, []);
  machine.parts = { platform: 'arm', gic, vms, functions: new Map() };
  machine.registerFiles.push(...gic.registerFiles(), ...timers.map((t) => t.regs), ...vms.flatMap((v) => v.vgic.dist.registerFiles));
  for (const d of s.devices) wireSpiDevice(s, sim, costs, machine, gic, pcpus, vms, d);
  return machine;
}

function buildX86(s: Scenario, sim: Simulator, costs: CostModel): Machine {
  const { bus, ioapic, pcpus, lapics, remapper } = wireX86Host(sim, costs, s.host.cpus);
  const vms = wireVms(s, sim, costs, pcpus, lapics, bus);
  const machine = new Machine(s, sim, costs, pcpus, vms, []);
  wireVcpuScheduling(s, sim, costs, machine, pcpus, lapics, vms);
  machine.registerFiles.push(...lapics.map((l) => l.regs), ioapic.regs);
  for (const vm of vms) {
    for (const v of vm.vcpus) machine.registerFiles.push(v.vlapic.regs, ...v.delivery.registerFiles);
  }

  const vmIoapics = new Map<Vm, KvmIoapic>();
  const c: WireContext = {
    s, sim, costs, bus, pcpus, ioapic, remapper, vms, machine, ...wireVmms(s, sim, costs, pcpus, vms, machine), faultTargets: new Map(),
    vmIoapic: (vm) => {
      let io = vmIoapics.get(vm);
      if (!io) {
        io = new KvmIoapic(sim, costs, vm);
        vmIoapics.set(vm, io);
        machine.registerFiles.push(io.ioapic.regs);
        // Its messages go into the VM's vCPUs; each vCPU's EOI exit of a level vector comes back to it.
        sim.wires.connect(io.ioapic.msi, vm.ioapicIn);
        for (const v of vm.vcpus) sim.wires.connect(v.levelEoiOut, io.eoiIn);
      }
      return io;
    },
  };
  machine.parts = { platform: 'x86', ioapic, lapics, vms, vmIoapic: c.vmIoapic, functions: new Map() };
  const pins = wireIntxPins(c);
  s.devices.forEach((d, gsi) => {
    if (d.kind === 'gpu') wireGpuDevice(c, d, s.devices.length + 16 * gsi);
    else if (d.irq === 'intx') wireIntxDevice(c, d, pins.get(d.pin)!, NIC);
    else wireMsiDevice(c, d, gsi, NIC);
  });
  wireFaults(sim, s.faults, c.faultTargets, vms);
  return machine;
}
