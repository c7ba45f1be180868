// A level irqfd (facts §B.5): a signal on the trigger eventfd asserts the GSI on the VM's irqchip (IOAPIC or vGIC).
// With KVM_IRQFD_FLAG_RESAMPLE, when the guest EOIs that GSI, KVM de-asserts it and signals resamplefd, which
// VFIO uses to unmask the device (re-asserting, if the device still needs service, is VFIO's job). Without a
// resamplefd (an IRQ forwarded to the vCPU on ARM) the guest's deactivation reaches the hardware instead.
// As a part of the wiring ("vm0/irqfd/gsi16"), made at KVM_IRQFD: `wake` hangs on the trigger's wait queue, `gsi`
// drives the irqchip's GSI, the irqchip's ack reaches `resample`, and `resamplefd` signals the resample eventfd.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { Eventfd, InlineWaiter } from '../eventfd';
import { silentStep, timedStep, type Step } from '../step';
import type { AckNotifier, KvmIrqchip, SetIrqStep } from './kvmIrqchip';

export class LevelIrqfd {
  private readonly kInject;
  private readonly kResample;
  /** KVM's level irqfd for this GSI, as a part of the wiring. */
  readonly node: WireNode;
  /** irqfd_wakeup, hung on the trigger's wait queue. */
  readonly wake: InPort<InlineWaiter>;
  /** kvm_set_irq on the GSI's irqchip route. */
  readonly gsiOut: OutPort<SetIrqStep>;
  /** irqfd_resampler_ack: the irqchip's ack notifier. */
  readonly resampleIn: InPort<AckNotifier>;
  /** The resamplefd's signal. */
  readonly resampleOut: OutPort<(n: bigint, flows: FlowGroup) => void>;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly trigger: Eventfd,
    readonly resamplefd: Eventfd | null,
    readonly gsi: number,
    private readonly irqchip: KvmIrqchip,
    vmName: string,
  ) {
    this.kInject = sim.kind('kvm.irqfd.inject');
    this.kResample = sim.kind('kvm.irqfd.resample');
    const vm = sim.sid(vmName);
    this.node = wireNode(`${vmName}/irqfd/gsi${gsi}`, 'irqfd', vmName, `level irqfd GSI ${gsi}`);
    this.wake = inPort(this.node, 'wake', 'eventfd', (where: number, flows: FlowGroup) => this.wakeSteps(where, flows));
    this.gsiOut = outPort<SetIrqStep>(this.node, 'gsi', 'irq', (_p, _l, _f, where) => silentStep(where, {}));
    this.resampleOut = outPort(this.node, 'resamplefd', 'eventfd', () => {});
    // irqfd_resampler_ack: de-assert now (before Remote IRR clears), then signal resamplefd.
    this.resampleIn = inPort<AckNotifier>(this.node, 'resample', 'eoi', (_pin, where) => {
      this.irqchip.setIrqNow(gsi, false, where);
      return [timedStep(this.costs, this.kResample, 'kvm.irqfd.resample', where, 0, this.sim.sid(`GSI ${gsi} de-asserted, ${resamplefd!.name} += 1`), {
        vm, then: () => this.resampleOut.send(1n, []),
      })];
    });
  }

  /** KVM_IRQFD (with KVM_IRQFD_FLAG_RESAMPLE when there is a resamplefd): irqfd_wakeup on the trigger's wait queue,
   *  the GSI's route, and the resampler on the irqchip's ack notifiers. */
  assign(): void {
    this.sim.wires.connect(this.gsiOut, this.irqchip.gsiIn);
    if (this.resamplefd) {
      this.irqchip.onAck(this.gsi, this.resampleIn);
      this.sim.wires.connect(this.resampleOut, this.resamplefd.addIn);
    }
    this.trigger.addInlineWaiter(this.wake);
  }

  /** KVM_IRQFD with KVM_IRQFD_FLAG_DEASSIGN. */
  deassign(): void {
    this.trigger.removeInlineWaiter(this.wake);
  }

  /** irqfd_wakeup on the trigger: consume the count and assert the GSI. */
  wakeSteps(where: number, flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    return [
      timedStep(this.costs, this.kInject, 'kvm.irqfd.inject', where, flow, this.sim.sid(`${this.trigger.name} → GSI ${this.gsi} (level, resample)`), {
        then: () => { this.trigger.read(); },
      }),
      this.gsiOut.send(this.gsi, true, flows, where, flow),
    ];
  }
}
