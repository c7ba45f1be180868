// A platform device on a level GIC SPI: owned by a host driver, or assigned to a VM through VFIO-platform,
// forwarded (HW = 1) or not, as its irqForwarding switch says.
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
import { LevelIrqEvents } from '../../hw/levelIrqEvents';
import type { Machine } from '../machine';
import { durationNs } from '../fields';
import type { DeviceSpec, Scenario } from '../schema';
import type { ArmVm } from './armHost';
import { PCpu } from '../../host/pcpu';

/** The priority Linux gives SPIs (GICD_INT_DEF_PRI). */
const SPI_PRIORITY = 0xa0;

export function wireSpiDevice(
  s: Scenario, sim: Simulator, costs: CostModel, machine: Machine, gic: ArmGic, pcpus: PCpu[], vms: ArmVm[],
  hwDeactivate: Map<number, () => void>, d: DeviceSpec,
): void {
  const cpu = pcpus[d.hostCpu]!;
  const dev = new PlatformIrqDevice(d.id, d.spi);
  const kForward = sim.kind('arm.gic.forward');
  const where = sim.sid('gicd');
  dev.output = (level, flows) => {
    if (!level) return void gic.dist.assertSpi(d.spi, false, []);
    // The distributor latches the input and signals the CPU interface (hardware, costed as wire time).
    const dur = costs.ns('arm.gic.forward');
    const flow = flows[0] ?? 0;
    sim.hop(flow, kForward, where, flow > 0 ? sim.flows.vmOf(flow) : sim.sid('host'), sim.sid(`SPI ${d.spi} pending → cpu${d.hostCpu}`), dur);
    sim.after(dur, () => { if (dev.pending) gic.dist.assertSpi(d.spi, true, dev.flows()); });
  };
  gic.dist.setTrigger(d.spi, 'level');
  gic.dist.setPriority(d.spi, SPI_PRIORITY);
  gic.dist.setRoute(d.spi, d.hostCpu);
  gic.dist.enable(d.spi, false);
  const desc = new IrqDesc(sim, costs, d.spi, new GicChip(sim, costs, gic.dist, d.spi), cpu);
  let vfio: VfioPlatformIrq | null = null;
  cpu.requestVector(d.spi, PCpu.handler(`host/irq${d.spi}`, `GIC-fasteoi ${d.spi}`, (_v, flows) => desc.handle(cpu, flows), 'irq-desc'), false, { dropOnly: () => vfio?.forwarded === true });
  const loadAt = durationNs(d.driver.loadAt);
  const arrivals = d.stuck ? null : new Arrivals(d.arrival, d.rate, Prng.derive(s.seed, d.id));
  const events = new LevelIrqEvents(sim, dev, arrivals, d.owner, loadAt);
  machine.sources.push(events);
  if (d.stuck) return;

  if (d.owner === 'host') {
    const driver = new HostIntxDriver(sim, costs, dev, desc, d.driver);
    sim.at(loadAt, () => driver.load(cpu, () => events.quiesce()));
    if (d.driver.unloadAt !== undefined) sim.at(durationNs(d.driver.unloadAt), () => driver.unload(cpu, () => events.quiesce()));
    return;
  }

  const vm = vms.find((v) => v.name === d.owner)!;
  const vcpu = vm.vcpus[d.guestVcpu]!;
  const forwarded = d.irqForwarding === 'on';
  vm.vgic.route(d.spi, { vcpu, priority: SPI_PRIORITY, level: true, hwPintid: forwarded ? d.spi : null });
  const trigger = new Eventfd(sim, costs, `${d.id}-irq`, vm.name);
  const resamplefd = new Eventfd(sim, costs, `${d.id}-resample`, vm.name);
  new LevelIrqfd(sim, costs, trigger, resamplefd, d.spi, vm.vgic, vm.name).assign();
  const v = new VfioPlatformIrq(sim, costs, dev, desc, trigger, resamplefd, forwarded,
    { setForwarded: (on: boolean) => vm.vgic.setForwarded(d.spi, on ? d.spi : null) }, () => vcpu.pcpu);
  vfio = v;
  hwDeactivate.set(d.spi, () => v.onGuestDeactivate());
  vm.guestIdt.set(d.spi, {
    name: `${d.id} driver`, cost: 'guest.driver.handler', scope: d.id, completesOnEoi: false,
    service: () => { const f = dev.ack(); v.noteServiced(f); return f; },
  });
  const kLoad = sim.kind('vfio.platform.enable');
  sim.at(loadAt, () => cpu.wakeThread(() => [{
    kind: kLoad, where: cpu.where, flow: 0, dur: 0, detail: sim.sid(`${d.id}: request_irq(${d.spi}) for ${vm.name} (forwarding ${d.irqForwarding})`),
    next: () => desc.request(v.action, cpu.where),
  }]));
  if (d.forwardingChangeAt !== undefined) sim.at(durationNs(d.forwardingChangeAt), () => v.requestForwarding(!forwarded));
}
