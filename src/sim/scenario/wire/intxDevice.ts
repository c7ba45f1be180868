// INTx devices: one line and one Linux IRQ per IOAPIC pin in use (shared by the devices on it), then each device
// with its driver: a host driver (possibly threaded, ONESHOT, loaded and unloaded mid-run), VFIO for a device
// assigned to a VM (KVM level irqfd with resampling into the VM's IOAPIC), or nobody at all (a stuck device).
import { Arrivals } from '../../core/arrivals';
import { Prng } from '../../core/prng';
import { durationNs } from '../fields';
import { Eventfd } from '../../host/eventfd';
import { IoapicChip } from '../../host/genirq/ioapicChip';
import { IrqDesc } from '../../host/genirq/irqDesc';
import { HostIntxDriver } from '../../host/hostIntxDriver';
import { PCpu } from '../../host/pcpu';
import { LevelIrqfd } from '../../host/kvm/levelIrqfd';
import { createIntxMasking } from '../../host/vfio/intxMasking';
import { VfioIntx } from '../../host/vfio/vfioIntx';
import { VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_IRQ_SET_ACTION_UNMASK, VFIO_IRQ_SET_DATA_EVENTFD, VFIO_PCI_INTX_IRQ_INDEX, VfioPciIrqs } from '../../host/vfio/vfioPciIrqs';
import { instantStep } from '../../host/step';
import { LevelIrqEvents } from '../../hw/levelIrqEvents';
import { IntxLine } from '../../hw/pci/intxLine';
import { PciFunction, type PciIdentity } from '../../hw/pci/pciFunction';
import type { DeviceSpec } from '../schema';
import type { WireContext } from './context';
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
    const line = new IntxLine(`pin${pin}`, (level, flows) => c.ioapic.setPin(pin, level, flows));
    const desc = new IrqDesc(c.sim, c.costs, pin, new IoapicChip(c.sim, c.costs, c.ioapic, pin), pcpu);
    // The OS routes the pin (masked until a driver requests it): level, active high, to this CPU.
    c.ioapic.program(pin, { vector: intxVector(pin), destination: pcpu.irq.cpuId, level: true, masked: true });
    pcpu.requestVector(intxVector(pin), PCpu.handler(`host/irq${pin}`, `IO-APIC-fasteoi ${pin}`, (_v, flows) => desc.handle(pcpu, flows), 'irq-desc'), false);
    pins.set(pin, { line, desc });
  }
  return pins;
}

export function wireIntxDevice(c: WireContext, d: DeviceSpec, pin: IntxPin, identity: PciIdentity): void {
  const { sim, costs, machine } = c;
  const fn = new PciFunction(`host/${d.id}/config`, 'host', d.id, identity, false);
  fn.wireIntx(pin.line);
  machine.registerFiles.push(fn.config);
  const cpu = c.pcpus[d.hostCpu]!;
  const loadAt = durationNs(d.driver.loadAt);
  const arrivals = d.stuck ? null : new Arrivals(d.arrival, d.rate, Prng.derive(c.s.seed, d.id));
  const events = new LevelIrqEvents(sim, fn.asCause(), arrivals, d.owner, loadAt);
  machine.sources.push(events);
  if (d.stuck) return;
  const prev = pin.desc.spurious.serviceablePending;
  pin.desc.spurious.serviceablePending = () => prev() || fn.intxPending;

  if (d.owner === 'host') {
    const driver = new HostIntxDriver(sim, costs, fn.asCause(), pin.desc, d.driver);
    sim.at(loadAt, () => driver.load(cpu, () => events.quiesce()));
    if (d.driver.unloadAt !== undefined) sim.at(durationNs(d.driver.unloadAt), () => driver.unload(cpu, () => events.quiesce()));
    return;
  }

  const vm = c.vms.find((v) => v.name === d.owner)!;
  const vcpu = vm.vcpus[d.guestVcpu]!;
  const vfn = new PciFunction(`${vm.name}/${d.id}/config`, vm.name, d.id, identity, true);
  machine.registerFiles.push(vfn.config);
  const kvmIoapic = c.vmIoapic(vm);
  // The guest routes its INTx pin (GSI = the same pin number) to its driver's vector.
  kvmIoapic.ioapic.program(d.pin, { vector: d.guestVector, destination: vcpu.vlapic.apicId, level: true, masked: false });
  const trigger = new Eventfd(sim, costs, `${d.id}-intx`, vm.name);
  const resamplefd = new Eventfd(sim, costs, `${d.id}-resample`, vm.name);
  const vfio = new VfioIntx(sim, costs, fn, pin.desc, createIntxMasking(d.intxMasking), () => vcpu.pcpu);
  const irqs = new VfioPciIrqs(fn, { intx: vfio });
  vm.guestIdt.set(d.guestVector, {
    name: `${d.id} driver`, cost: 'guest.driver.handler', scope: d.id, completesOnEoi: false,
    // The guest driver reads the cause register through the passed-through BAR: the device de-asserts.
    service: () => { const f = fn.ackIntx(); vfio.noteServiced(f); return f; },
  });
  // When the VM starts, QEMU wires the KVM INTx fast path (facts §B.5): VFIO's trigger is a level irqfd with
  // RESAMPLE, and KVM's resamplefd is VFIO's unmask eventfd. Enabling the trigger is vfio-pci's request_irq.
  const kLoad = sim.kind('vfio.intx.enable');
  sim.at(loadAt, () => cpu.wakeThread(() => [instantStep(kLoad, cpu.where, 0, sim.sid(`${d.id}: VFIO_DEVICE_SET_IRQS INTx trigger + unmask eventfd, KVM_IRQFD resample, for ${vm.name} (${d.intxMasking} masking)`), {
    next: () => {
      const trig = irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, index: VFIO_PCI_INTX_IRQ_INDEX, start: 0, count: 1, data: [trigger] }, cpu);
      const unmask = irqs.setIrqs({ flags: VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_UNMASK, index: VFIO_PCI_INTX_IRQ_INDEX, start: 0, count: 1, data: [resamplefd] }, cpu);
      if (!trig.ok || !unmask.ok) throw new Error(`${d.id}: VFIO_DEVICE_SET_IRQS refused`);
      new LevelIrqfd(sim, costs, trigger, resamplefd, d.pin, kvmIoapic, vm.name).assign();
      return [...trig.steps, ...unmask.steps];
    },
  })]));
}
