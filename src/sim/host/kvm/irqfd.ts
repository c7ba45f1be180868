// KVM irqfd: an eventfd bound to a GSI. Its wait-queue callback runs in the signaller's context, consumes the
// counter and injects the GSI's route inline (an MSI route: kvm_arch_set_irq_inatomic). Facts §B.5, F15.
// As a part of the wiring ("vm0/irqfd/gsi0"), made at KVM_IRQFD: `wake` hangs on the eventfd's wait queue and `msi`
// delivers the route's message into the VM (kvm_set_msi).
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import type { FlowGroup } from '../../core/flows';
import type { MsiMessage } from '../../hw/pci/configSpace';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import type { Eventfd, InlineWaiter } from '../eventfd';
import { instantStep, silentStep, timedStep, type Step } from '../step';
import type { KvmSetMsi, Vm } from './vm';

/** A GSI routing entry of type MSI: the message comes from the guest's view of the device (virtual config space). */
export type MsiRoute = () => MsiMessage | { blocked: string };

export class Irqfd {
  private readonly kInject;
  private readonly kBlocked;
  /** KVM's irqfd for this GSI, as a part of the wiring. */
  readonly node: WireNode;
  /** irqfd_wakeup, hung on the eventfd's wait queue. */
  readonly wake: InPort<InlineWaiter>;
  /** kvm_set_msi into the VM. */
  readonly msi: OutPort<KvmSetMsi>;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly eventfd: Eventfd,
    readonly gsi: number,
    private readonly vm: Vm,
    private readonly route: MsiRoute,
  ) {
    this.kInject = sim.kind('kvm.irqfd.inject');
    this.kBlocked = sim.kind('kvm.irqfd.blocked');
    this.node = wireNode(`${vm.name}/irqfd/gsi${gsi}`, 'irqfd', vm.name, `irqfd GSI ${gsi}`);
    this.wake = inPort(this.node, 'wake', 'eventfd', (where: number, flows: FlowGroup) => this.wakeSteps(where, flows));
    this.msi = outPort<KvmSetMsi>(this.node, 'msi', 'msi', (where) => silentStep(where, {}));
  }

  /** KVM_IRQFD: hang irqfd_wakeup on the eventfd's wait queue; the route's messages go into the VM. */
  assign(): void {
    this.sim.wires.connect(this.msi, this.vm.msiIn);
    this.eventfd.addInlineWaiter(this.wake);
  }

  /** KVM_IRQFD with KVM_IRQFD_FLAG_DEASSIGN. */
  deassign(): void {
    this.eventfd.removeInlineWaiter(this.wake);
    this.sim.wires.disconnect(this.msi, this.vm.msiIn);
  }

  /** The steps irqfd_wakeup adds to the signalling context's chain. */
  /** Interned "gsi N → MSI vector 0xV dest D", by (vector, destination): built once, not per interrupt. */
  private readonly injectIds = new Map<number, number>();

  private injectDetail(vector: number, dest: number): number {
    const key = dest * 256 + vector;
    let id = this.injectIds.get(key);
    if (id === undefined) {
      id = this.sim.sid(`gsi ${this.gsi} → MSI vector 0x${vector.toString(16)} dest ${dest}`);
      this.injectIds.set(key, id);
    }
    return id;
  }

  wakeSteps(where: number, flows: FlowGroup): Step[] {
    const flow = flows[0] ?? 0;
    const msg = this.route();
    if ('blocked' in msg) {
      return [instantStep(this.kBlocked, where, flow, this.sim.sid(`gsi ${this.gsi}: ${msg.blocked}`), {
        then: () => { this.eventfd.read(); for (const f of flows) this.sim.flows.drop(f); },
      })];
    }
    return [
      timedStep(this.costs, this.kInject, 'kvm.irqfd.inject', where, flow, this.injectDetail(msg.vector, msg.destId), {
        then: () => { this.eventfd.read(); },
      }),
      this.msi.send(where, msg, flows),
    ];
  }
}
