// A platform device on a level GIC SPI: owned by a host driver, or assigned to a VM through VFIO-platform,
// forwarded (HW = 1) or not, as its irqForwarding switch says. Here parts are made and ports connected: the device's
// line into the GIC, the IRQ descriptor's handler, VFIO's trigger and resample eventfds, the level irqfd into the
// vGIC, forwarding between VFIO and the vGIC, and the GIC's deactivation of the forwarded INTID back to VFIO.
import { Arrivals } from '../../core/arrivals';
import type { CostModel } from '../../core/costModel';
import { Prng } from '../../core/prng';
import type { Simulator } from '../../core/simulator';
import { Eventfd } from '../../host/eventfd';
import { GicChip } from '../../host/genirq/gicChip';
import { IrqDesc } from '../../host/genirq/irqDesc';
import { HostIntxDriver } from '../../host/hostIntxDriver';
import { LevelIrqfd } from '../../host/kvm/levelIrqfd';
import { VfioPlatformIrq } from '../../host/vfio/vfioPlatformIrq';
import type { ArmGic } from '../../hw/arm/gic';
import { PlatformIrqDevice } from '../../hw/arm/platformDevice';
import { GicSpiInput } from '../../hw/arm/spiInput';
import { LevelIrqEvents } from '../../hw/levelIrqEvents';
import type { Machine } from '../machine';
import { durationNs } from '../fields';
import type { DeviceSpec, Scenario } from '../schema';
import type { ArmVm } from './armHost';
import type { PCpu } from '../../host/pcpu';

/** The priority Linux gives SPIs (GICD_INT_DEF_PRI). */
const SPI_PRIORITY = 0xa0;

export function wireSpiDevice(s: Scenario, sim: Simulator, costs: CostModel, machine: Machine, gic: ArmGic, pcpus: PCpu[], vms: ArmVm[], d: DeviceSpec): void {
  const cpu = pcpus[d.hostCpu]!;
  const dev = new PlatformIrqDevice(d.id, d.spi);
  gic.dist.setTrigger(d.spi, 'level');
  gic.dist.setPriority(d.spi, SPI_PRIORITY);
  gic.dist.setRoute(d.spi, d.hostCpu);
  gic.dist.enable(d.spi, false);
  sim.wires.connect(dev.irqOut, new GicSpiInput(sim, costs, gic.dist, d.spi).in);
  const desc = new IrqDesc(sim, costs, d.spi, new GicChip(sim, costs, gic.dist, d.spi), cpu);
  let vfio: VfioPlatformIrq | null = null;
  cpu.requestVector(d.spi, desc.handlerIn, false, { dropOnly: () => vfio?.forwarded === true });
  const loadAt = durationNs(d.driver.loadAt);
  const arrivals = d.stuck ? null : new Arrivals(d.arrival, d.rate, Prng.derive(s.seed, d.id));
  const events = new LevelIrqEvents(sim, dev, arrivals, d.owner, loadAt);
  machine.sources.push(events);
  if (d.stuck) return;

  if (d.owner === 'host') {
    const driver = new HostIntxDriver(sim, costs, dev, desc, d.driver);
    sim.at(loadAt, () => driver.load(cpu, (why) => {
      events.quiesce();
      machine.setupFailures.push({ atNs: sim.now, device: d.id, call: `request_irq(${d.spi})`, error: why });
    }));
    if (d.driver.unloadAt !== undefined) sim.at(durationNs(d.driver.unloadAt), () => driver.unload(cpu, () => events.quiesce()));
    return;
  }

  const vm = vms.find((v) => v.name === d.owner)!;
  const forwarded = d.irqForwarding === 'on';
  vm.vgic.route(d.spi, { vcpu: d.guestVcpu, priority: SPI_PRIORITY, level: true, hwPintid: null });
  const trigger = new Eventfd(sim, costs, `${d.id}-irq`, vm.name);
  const resamplefd = new Eventfd(sim, costs, `${d.id}-resample`, vm.name);
  const irqfd = new LevelIrqfd(sim, costs, trigger, resamplefd, d.spi, vm.vgic, vm.name, cpu);
  irqfd.assign();
  const v = new VfioPlatformIrq(sim, costs, dev, desc, vm.name, forwarded);
  vfio = v;
  sim.wires.connect(v.triggerOut, trigger.signalIn);
  v.setUnmaskEventfd(resamplefd);
  sim.wires.connect(v.forwardingOut, vm.vgic.mapPhysIn(d.spi));
  sim.wires.connect(gic.dist.deactivatedOut(d.spi), v.deactivatedIn);
  vm.guestIdt.set(d.spi, v.guestDriver());
  sim.at(loadAt, () => cpu.wakeThread(() => v.enableSteps(cpu)));
  if (d.forwardingChangeAt !== undefined) sim.at(durationNs(d.forwardingChangeAt), () => v.requestForwarding(!forwarded));
}
