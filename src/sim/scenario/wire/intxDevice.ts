// INTx devices: one line and one Linux IRQ per IOAPIC pin in use (shared by the devices on it), then each device
// with its driver: a host driver (possibly threaded, ONESHOT, loaded and unloaded mid-run), VFIO for a device
// assigned to a VM (KVM level irqfd with resampling into the VM's IOAPIC), or nobody at all (a stuck device).
// The masking switch is decided here, once, when the device's VFIO INTx is made; so is the INTx EOI path
// (host/vmm/intxEoi.ts: resamplefd, qemu-trapped, split-resamplefd) and the irqchip it goes through.
import { Arrivals } from '../../core/arrivals';
import { Prng } from '../../core/prng';
import { durationNs } from '../fields';
import { Eventfd } from '../../host/eventfd';
import { IoapicChip } from '../../host/genirq/ioapicChip';
import { IrqDesc } from '../../host/genirq/irqDesc';
import { HostIntxDriver } from '../../host/hostIntxDriver';
import { createIntxMasking } from '../../host/vfio/intxMasking';
import { VfioIntx } from '../../host/vfio/vfioIntx';
import { VfioPciIrqs } from '../../host/vfio/vfioPciIrqs';
import { createIntxEoiPath, defaultIntxEoi, type IntxEoiSetup } from '../../host/vmm/intxEoi';
import type { VmmIrqLine } from '../../host/vmm/irqLine';
import { KernelIrqLine } from '../../host/vmm/kernelIrqLine';
import { LevelIrqEvents } from '../../hw/levelIrqEvents';
import { IntxLine } from '../../hw/pci/intxLine';
import { PciFunction, type PciIdentity } from '../../hw/pci/pciFunction';
import type { DeviceSpec } from '../schema';
import type { WireContext } from './context';
import type { FaultTarget } from './faults';
import { wireWorkload } from './workload';
import { INTX_VECTOR as intxVector } from '../validate';

export interface IntxPin {
  line: IntxLine;
  desc: IrqDesc;
}

export function wireIntxPins(c: WireContext): Map<number, IntxPin> {
  const pins = new Map<number, IntxPin>();
  for (const d of c.s.devices) {
    if (d.irq !== 'intx' || pins.has(d.pin)) continue;
    const pcpu = c.pcpus[d.hostCpu]!;
    const pin = d.pin;
    const line = new IntxLine(`pin${pin}`);
    c.sim.wires.connect(line.out, c.ioapic.pins[pin]!);
    const desc = new IrqDesc(c.sim, c.costs, pin, new IoapicChip(c.sim, c.costs, c.ioapic, pin), pcpu);
    // The OS routes the pin (masked until a driver requests it): level, active high, to this CPU.
    c.ioapic.program(pin, { vector: intxVector(pin), destination: pcpu.irq.cpuId, level: true, masked: true });
    pcpu.requestVector(intxVector(pin), desc.handlerIn, false);
    pins.set(pin, { line, desc });
  }
  return pins;
}

export function wireIntxDevice(c: WireContext, d: DeviceSpec, pin: IntxPin, identity: PciIdentity): void {
  const { sim, costs, machine } = c;
  const { wires } = sim;
  const fn = new PciFunction(`host/${d.id}/config`, 'host', d.id, identity, false);
  pin.line.attach(fn);
  wires.connect(fn.intx, pin.line.input);
  machine.registerFiles.push(fn.config);
  machine.parts.functions.set(d.id, fn);
  const cpu = c.pcpus[d.hostCpu]!;
  const loadAt = durationNs(d.driver.loadAt);
  const workload = d.stuck ? null : wireWorkload(machine, d, { raise: (): number => events.event('NIC event (received packet or TX completion)') });
  const arrivals = d.stuck || workload ? null : new Arrivals(d.arrival, d.rate, Prng.derive(c.s.seed, d.id));
  const events: LevelIrqEvents = new LevelIrqEvents(sim, fn.asCause(), arrivals, d.owner, loadAt);
  if (!workload) machine.sources.push(events);
  const faultTarget: FaultTarget = { raise: (what) => events.event(what), fn, line: pin.line, owner: d.owner, cpu };
  c.faultTargets.set(d.id, faultTarget);
  if (d.stuck) return;
  // A device some driver claims: the spurious poll of a disabled line goes on while it has a cause pending.
  wires.connect(pin.desc.serviceable, fn.intxPendingIn);

  if (d.owner === 'host') {
    const driver = new HostIntxDriver(sim, costs, fn.asCause(), pin.desc, { ...d.driver, onServiced: workload?.hostServiced });
    // A refused request_irq fails the probe: the driver leaves its device quiet, and the user sees why.
    sim.at(loadAt, () => driver.load(cpu, (why) => {
      events.quiesce();
      machine.setupFailures.push({ atNs: sim.now, device: d.id, call: `request_irq(${d.pin})`, error: why });
    }));
    if (d.driver.unloadAt !== undefined) sim.at(durationNs(d.driver.unloadAt), () => driver.unload(cpu, () => events.quiesce()));
    return;
  }

  const vm = c.vms.find((v) => v.name === d.owner)!;
  const vcpu = vm.vcpus[d.guestVcpu]!;
  const vfn = new PciFunction(`${vm.name}/${d.id}/config`, vm.name, d.id, identity, true);
  machine.registerFiles.push(vfn.config);
  // The VM's irqchip: KVM's IOAPIC, or QEMU's under a split irqchip; the INTx EOI switch is decided here, once.
  const irqchip = c.s.vms.find((v) => v.id === vm.name)!.irqchip;
  const kvmIoapic = irqchip === 'kernel' ? c.vmIoapic(vm) : undefined;
  const qemuIoapic = irqchip === 'split' ? c.qemuIoapic(vm) : undefined;
  const eoiPath = d.intxEoi ?? defaultIntxEoi(irqchip);
  const path = createIntxEoiPath(eoiPath);
  // The guest routes its INTx pin (GSI = the same pin number) to its driver's vector.
  (kvmIoapic ?? qemuIoapic)!.ioapic.program(d.pin, { vector: d.guestVector, destination: vcpu.vlapic.apicId, level: true, masked: false });
  const trigger = new Eventfd(sim, costs, `${d.id}-intx`, vm.name);
  faultTarget.eventfds = [trigger];
  const resamplefd = new Eventfd(sim, costs, `${d.id}-resample`, vm.name);
  const vfio = new VfioIntx(sim, costs, fn, pin.desc, createIntxMasking(d.intxMasking));
  wires.connect(pin.desc.sharing, vfio.sharingIn);
  const irqs = new VfioPciIrqs(fn, { intx: vfio });
  let irqLine: VmmIrqLine | null = null;
  const setup: IntxEoiSetup = {
    sim, costs, irqs, vfio, vm, trigger, resamplefd, gsi: d.pin, cpu, masking: d.intxMasking, kvmIoapic, qemuIoapic,
    irqLine: () => (irqLine ??= qemuIoapic ?? new KernelIrqLine(sim, costs, kvmIoapic!, vm.name)),
    vmm: () => c.vmm(vm),
    failed: (call, error) => {
      events.quiesce();
      machine.setupFailures.push({ atNs: sim.now, device: d.id, call, error });
    },
  };
  // The guest driver reads the cause register through the passed-through BAR: the device de-asserts. On QEMU's slow
  // path that BAR traps: the handler's accesses exit to QEMU.
  const body = path.handlerBody(setup, vcpu);
  vm.guestIdt.set(d.guestVector, { name: `${d.id} driver`, cost: 'guest.driver.handler', scope: d.id, completesOnEoi: false, service: () => vfio.serviceByGuest(), ...(body ? { body } : {}),
    ...(workload ? { onServiced: workload.guestServiced(vm, eoiPath === 'qemu-trapped' ? (v, flow) => c.vmm(vm).barTrap(d.id)?.(v, flow) ?? [] : undefined) } : {}) });
  sim.at(loadAt, () => path.enable(setup));
}
