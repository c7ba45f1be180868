// KVM/arm's handling of a vCPU's virtual timer (kvm_arch_timer_handler, facts §E.3): the EL1 virtual timer's PPI 27
// fires on the vCPU's pCPU; the host handler queues vINTID 27 on the vCPU as HW-mapped to the physical PPI and
// kicks it, and only drops priority, so the PPI stays active until the guest deactivates the list register (the
// GIC then deactivates it; that ends the tick's flows). Also the guest's side: its arch_timer driver's tick handler.
// On the machine's wiring the host handler is "host/cpuN/arch-timer".
// Not modelled: the timer's state switch on vCPU load/put (one vCPU per pCPU here), the physical EL1 timer.
import type { CostModel } from '../../../core/costModel';
import type { CostOf, HopKind } from '../../../core/catalog/hopKinds';
import type { FlowGroup } from '../../../core/flows';
import type { Simulator } from '../../../core/simulator';
import { inPort, outPort, type InPort, type OutPort } from '../../../core/wires';
import type { Deactivated } from '../../../hw/arm/gicPorts';
import { PPI } from '../../../hw/arm/gicCommon';
import type { ArchTimer } from '../../../hw/arm/timer';
import { PCpu, type IrqHandler } from '../../pcpu';
import type { Step } from '../../step';
import type { GuestHandler } from '../guestInterruptTable';
import type { Kick, QueueVirq } from './vcpuPorts';

/** The priority KVM gives the virtual timer's vINTID. */
const TIMER_PRIORITY = 0xa0;

const KIND = 'arm.timer.fire' satisfies HopKind;
const COST: CostOf<typeof KIND> = 'arm.timer.fire';

export class KvmArchTimer {
  /** The host handler requested for PPI 27 on the pCPU. */
  readonly handler: InPort<IrqHandler>;
  /** vINTID 27 queued on the vCPU, HW-mapped to PPI 27. */
  readonly virqOut: OutPort<QueueVirq>;
  readonly kickOut: OutPort<Kick>;
  /** The guest deactivated the tick's list register and with it the physical PPI. */
  readonly deactivatedIn: InPort<Deactivated>;
  private readonly kind: number;
  private readonly detail: number;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly pcpu: PCpu, vcpu: string) {
    this.kind = sim.kind(KIND);
    this.detail = sim.sid(`vtimer of ${vcpu} → vINTID 27 (HW)`);
    this.handler = PCpu.handler(`host/cpu${pcpu.index}/arch-timer`, 'kvm arch timer', (_v, flows) => [this.fire(flows)]);
    const node = this.handler.node;
    this.virqOut = outPort<QueueVirq>(node, 'virq', 'irq', () => false);
    this.kickOut = outPort<Kick>(node, 'kick', 'ipi', () => {});
    this.deactivatedIn = inPort<Deactivated>(node, 'deactivated', 'eoi', (flows) => {
      for (const f of flows) this.sim.flows.complete(f, this.sim.now);
    });
  }

  private fire(flows: FlowGroup): Step {
    const flow = flows[0] ?? 0;
    return {
      kind: this.kind, where: this.pcpu.where, detail: this.detail, flow, dur: this.costs.ns(COST),
      then: () => {
        this.virqOut.send({ vintid: PPI.virtualTimer, priority: TIMER_PRIORITY, level: true, pintid: PPI.virtualTimer, flows });
        this.kickOut.send(flow, this.pcpu.where);
      },
    };
  }
}

/**
 * The guest's arch_timer driver for a VM whose vCPUs tick every `periodNs`: the tick handler re-arms CVAL one period
 * on (which lowers the timer's output), until the sources stop; then it disables the timer.
 */
export function guestArchTimerHandler(sim: Simulator, vm: string, timers: readonly (ArchTimer | undefined)[], periodNs: number): GuestHandler {
  return {
    name: 'arch_timer', cost: 'guest.driver.handler', scope: `${vm}-timer`, completesOnEoi: false,
    service: (i) => {
      const t = timers[i];
      if (t && sim.now + periodNs < sim.sourcesUntil) t.rearm(periodNs);
      else t?.setControl(false);
      return null;
    },
  };
}
