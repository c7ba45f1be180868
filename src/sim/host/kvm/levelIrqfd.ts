// A level irqfd (facts §B.5): a signal on the trigger eventfd asserts the GSI on the VM's irqchip (IOAPIC or vGIC).
// With KVM_IRQFD_FLAG_RESAMPLE, when the guest EOIs that GSI, KVM de-asserts it and signals resamplefd, which
// VFIO uses to unmask the device (re-asserting, if the device still needs service, is VFIO's job). Without a
// resamplefd (an IRQ forwarded to the vCPU on ARM) the guest's deactivation reaches the hardware instead.
// Contexts (virt/kvm/eventfd.c irqfd_wakeup): the wake-up consumes the count in the signaller's context and calls
// kvm_arch_set_irq_inatomic. arm64 injects an SPI route there (vgic-irqfd.c); x86 returns -EWOULDBLOCK for an IOAPIC
// route, so irqfd_inject runs kvm_set_irq later from the signalling CPU's workqueue (schedule_work, which wakes a
// kworker of the local pool: kernel/workqueue.c __queue_work → insert_work → wake_up_worker → wake_up_process; the
// kworker then runs after a context switch on that CPU). The resampler
// (irqfd_resampler_ack) runs in the vCPU's EOI exit; its eventfd_signal runs resamplefd's inline waiters there too.
// As a part of the wiring ("vm0/irqfd/gsi16"), made at KVM_IRQFD: `wake` hangs on the trigger's wait queue, `gsi`
// drives the irqchip's GSI, the irqchip's ack reaches `resample`, and `resamplefd` signals the resample eventfd.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { AddSteps, Eventfd, InlineWaiter } from '../eventfd';
import type { PCpu } from '../pcpu';
import { silentStep, timedStep, type Step } from '../step';
import type { AckNotifier, KvmIrqchip, SetIrqStep } from './kvmIrqchip';

export class LevelIrqfd {
  private readonly kInject;
  private readonly kResample;
  private readonly kDefer;
  private readonly kSwitch;
  private readonly kWake;
  private readonly wakeText: number;
  /** irqfd->inject is queued (schedule_work of queued work is a no-op: later signals ride on it). */
  private injectQueued = false;
  private queuedFlows: FlowGroup = [];
  /** KVM's level irqfd for this GSI, as a part of the wiring. */
  readonly node: WireNode;
  /** irqfd_wakeup, hung on the trigger's wait queue. */
  readonly wake: InPort<InlineWaiter>;
  /** kvm_set_irq on the GSI's irqchip route. */
  readonly gsiOut: OutPort<SetIrqStep>;
  /** irqfd_resampler_ack: the irqchip's ack notifier. */
  readonly resampleIn: InPort<AckNotifier>;
  /** The resamplefd's signal. */
  readonly resampleOut: OutPort<AddSteps>;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly trigger: Eventfd,
    readonly resamplefd: Eventfd | null,
    readonly gsi: number,
    private readonly irqchip: KvmIrqchip,
    vmName: string,
    /** The CPU the trigger is signalled on (the host IRQ's): schedule_work queues irqfd_inject on its workqueue. */
    private readonly workCpu: PCpu,
  ) {
    this.kInject = sim.kind('kvm.irqfd.inject');
    this.kResample = sim.kind('kvm.irqfd.resample');
    this.kDefer = sim.kind('kvm.irqfd.defer');
    this.kSwitch = sim.kind('sched.switch');
    this.kWake = sim.kind('workqueue.wake');
    this.wakeText = sim.sid(`kworker/${workCpu.index} woken (wake_up_worker)`);
    const vm = sim.sid(vmName);
    this.node = wireNode(`${vmName}/irqfd/gsi${gsi}`, 'irqfd', vmName, `level irqfd GSI ${gsi}`);
    this.wake = inPort(this.node, 'wake', 'eventfd', (where: number, flows: FlowGroup) => this.wakeSteps(where, flows));
    this.gsiOut = outPort<SetIrqStep>(this.node, 'gsi', 'irq', (_p, _l, _f, where) => silentStep(where, {}));
    this.resampleOut = outPort<AddSteps>(this.node, 'resamplefd', 'eventfd', () => []);
    // irqfd_resampler_ack: de-assert now (before Remote IRR clears), then signal resamplefd; its inline waiter
    // (VFIO's virqfd unmask) runs right after, in this same EOI exit.
    this.resampleIn = inPort<AckNotifier>(this.node, 'resample', 'eoi', (_pin, where, flow) => {
      this.irqchip.setIrqNow(gsi, false, where);
      return [timedStep(this.costs, this.kResample, 'kvm.irqfd.resample', where, flow, (this.resampleText ??= this.sim.sid(`GSI ${gsi} de-asserted, ${resamplefd!.name} += 1`)), {
        vm, next: () => this.resampleOut.send(1n, [], where),
      })];
    });
  }

  /** The details this irqfd's hops say (its names and numbers do not change), interned at first use. */
  private resampleText: number | undefined;
  private deferText: number | undefined;
  private kworkerText: number | undefined;
  private injectText: number | undefined;

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

  /** irqfd_wakeup on the trigger: consume the count, then assert the GSI here (arm64 SPI) or from the workqueue (x86). */
  wakeSteps(where: number, flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    if (!this.irqchip.atomicInjection) {
      // schedule_work of work already queued is a no-op (queue_work_on: WORK_STRUCT_PENDING): no second wake-up.
      let queued = false;
      return [timedStep(this.costs, this.kDefer, 'kvm.irqfd.schedule_work', where, flow, (this.deferText ??= this.sim.sid(`${this.trigger.name} → GSI ${this.gsi}: not injectable in atomic context, irqfd_inject queued on cpu${this.workCpu.index}`)), {
        then: () => {
          this.trigger.read();
          for (const f of flows) this.queuedFlows.push(f);
          queued = !this.injectQueued;
          this.injectQueued = true;
        },
        next: () => (queued ? [timedStep(this.costs, this.kWake, 'workqueue.wake', where, flow, this.wakeText, {
          then: () => this.workCpu.wakeThread(() => this.injectWork()),
        })] : []),
      })];
    }
    return [
      timedStep(this.costs, this.kInject, 'kvm.irqfd.inject', where, flow, (this.injectText ??= this.sim.sid(`${this.trigger.name} → GSI ${this.gsi} (level, resample)`)), {
        then: () => { this.trigger.read(); },
      }),
      this.gsiOut.send(this.gsi, true, flows, where, flow),
    ];
  }

  /** irqfd_inject on a kworker: kvm_set_irq(GSI, 1) with the resampler's source id (the resampler lowers it). */
  private injectWork(): Step[] {
    this.injectQueued = false;
    const flows = this.queuedFlows;
    this.queuedFlows = [];
    const flow = flows[0] ?? 0;
    const where = this.workCpu.where;
    return [
      timedStep(this.costs, this.kSwitch, 'sched.switch', where, flow, (this.kworkerText ??= this.sim.sid(`kworker/${this.workCpu.index}: irqfd_inject`))),
      timedStep(this.costs, this.kInject, 'kvm.irqfd.inject', where, flow, (this.injectText ??= this.sim.sid(`${this.trigger.name} → GSI ${this.gsi} (level, resample)`))),
      this.gsiOut.send(this.gsi, true, flows, where, flow),
    ];
  }
}
