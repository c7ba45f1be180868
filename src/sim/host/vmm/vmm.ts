// The userspace VMM of one VM (QEMU), as the kernel sees it: its main loop thread on a pCPU, and the exits that come
// back to it on the vCPUs' own threads.
// - The main loop (util/main-loop.c os_host_main_loop_wait) sleeps in ppoll on its fds. An fd handler registered with
//   qemu_set_fd_handler (here: `watch`) is an eventfd's deferred waiter: a signal wakes the thread on its pCPU
//   (`vmm.thread.wake`), it reads the eventfd (`vmm.eventfd.read`) and runs the handler. Work that becomes ready while
//   the thread runs is served in the same wake-up; the thread sleeps again when nothing is ready. It is a thread on its
//   pCPU: hard interrupts and softirqs preempt it (pcpu.ts), and it runs after the CPU's other runnable threads.
// - An exit to userspace (KVM_EXIT_MMIO, KVM_EXIT_IO, KVM_EXIT_IOAPIC_EOI) runs on the vCPU's thread, not on the main
//   loop: KVM_RUN returns (`kvm.exit.userspace`), QEMU's kvm_cpu_exec handles the reason under the BQL
//   (`vmm.exit.dispatch`, accel/kvm/kvm-all.c), and calls KVM_RUN again (`vmm.kvm_run`).
// As a part of the wiring ("vm0/vmm", QEMU's main loop): the eventfds it watches reach it at `fd <name>`; the vCPUs'
// exits to userspace reach it at `exit` (drawn from each vCPU's `userspace` out-port).
// Not modelled: the BQL as a lock (the main loop and a vCPU thread in QEMU at the same time do not wait for each
// other; under a split irqchip kvm_arch_pre_run takes it before every KVM_RUN, target/i386/kvm.c, uncontended here),
// what a host's side-channel mitigations add to each return to userspace (the syscall return's KPTI and MDS work,
// and on L1TF-affected Intel parts the L1D flush at the VM entry after every KVM_RUN ioctl: arch/x86/kvm/x86.c
// vcpu_run sets l1tf_flush_l1d, vmx.c vmx_l1d_flush; kvm.exit.userspace and vmm.kvm_run are F2's AMD EPYC figure), QEMU's other threads (iothreads, vhost), timers of the main loop, a hard interrupt preempting QEMU's exit
// handling on a vCPU's thread (those steps run with the vCPU's chain, which nothing preempts), and the reschedule
// IPI and exit when the thread shares its pCPU with a running vCPU (the vCPU is scheduled out while the thread runs).
import type { CostModel } from '../../core/costModel';
import type { FlowGroup } from '../../core/flows';
import type { Simulator } from '../../core/simulator';
import { inPort, outPort, wireNode, type InPort, type WireNode } from '../../core/wires';
import type { Eventfd, EventfdWaiter } from '../eventfd';
import type { Vcpu } from '../kvm/vcpu';
import type { PCpu } from '../pcpu';
import { silentStep, timedStep, type Step } from '../step';

/** What QEMU does on its main loop when a watched eventfd was read: the handler's steps there (`where`). */
export type FdHandler = (flows: FlowGroup, where: number) => Step[];

interface Watched {
  efd: Eventfd;
  handler: FdHandler;
  /** Flows signalled since the last read. */
  flows: FlowGroup;
  ready: boolean;
}

/** The device model's work for a doorbell, run where QEMU handles it (`where`: its CPU context). */
export type DoorbellHandler = (where: number) => Step[];

/** An emulated device of this QEMU, as a guest's doorbell write reaches it (emulatedDevice.ts). */
export interface EmulatedDoorbell {
  readonly id: string;
  doorbell(vcpu: Vcpu, flow: number, handler: DoorbellHandler): Step[];
}

/** A guest write to an assigned device's BAR while QEMU traps it: the steps on the writing vCPU. */
export type BarTrap = (vcpu: Vcpu, flow: number) => Step[];

/** The exit reasons KVM_RUN returns to userspace with. */
export type UserspaceExit = 'KVM_EXIT_MMIO' | 'KVM_EXIT_IO' | 'KVM_EXIT_IOAPIC_EOI';

export class Vmm {
  readonly node: WireNode;
  readonly vmId: number;
  private readonly k;
  private readonly readyQueue: Watched[] = [];
  private readonly posted: { flow: number; work: () => Step[] }[] = [];
  private running = false;
  private readonly emulated = new Map<string, EmulatedDoorbell>();
  private readonly barTraps = new Map<string, BarTrap>();
  /** The vCPUs' exits to userspace (a part of the graph: each vCPU's `userspace` out-port comes here). */
  readonly exitIn: InPort<() => void>;

  constructor(
    private readonly sim: Simulator,
    private readonly costs: CostModel,
    readonly vmName: string,
    /** The pCPU the main loop thread runs on. */
    readonly pcpu: PCpu,
  ) {
    this.node = wireNode(`${vmName}/vmm`, 'vmm-thread', vmName, `${vmName} QEMU main loop (cpu${pcpu.index})`);
    sim.wires.addNode(this.node);
    this.vmId = sim.sid(vmName);
    this.k = sim.kinds(['vmm.thread.wake', 'vmm.eventfd.read', 'kvm.exit.userspace', 'vmm.exit.dispatch', 'vmm.kvm_run']);
    this.exitIn = inPort(this.node, 'exit', 'call', () => {});
  }

  /** qemu_set_fd_handler(fd, handler): a signal of `efd` wakes the main loop, which reads it and runs `handler`. */
  watch(efd: Eventfd, handler: FdHandler): void {
    const w: Watched = { efd, handler, flows: [], ready: false };
    const port: InPort<EventfdWaiter> = inPort(this.node, `fd ${efd.name}`, 'eventfd', (flows: FlowGroup) => {
      for (const f of flows) w.flows.push(f);
      if (!w.ready) {
        w.ready = true;
        this.readyQueue.push(w);
      }
      this.wake(flows[0] ?? 0);
    });
    efd.addWaiter(port);
  }

  /** Work handed to the main loop (a bottom half, a doorbell's handler): it runs there at the next wake-up. */
  post(flow: number, work: () => Step[]): void {
    this.posted.push({ flow, work });
    this.wake(flow);
  }

  /** An emulated device of this QEMU (emulatedDevice.ts), registered when it is made. */
  addEmulatedDevice(d: EmulatedDoorbell): void {
    this.emulated.set(d.id, d);
  }

  emulatedDevice(id: string): EmulatedDoorbell | undefined {
    return this.emulated.get(id);
  }

  /** An assigned device whose BAR accesses QEMU traps (the INTx slow path): how a guest write to it goes. */
  setBarTrap(device: string, trap: BarTrap): void {
    this.barTraps.set(device, trap);
  }

  barTrap(device: string): BarTrap | undefined {
    return this.barTraps.get(device);
  }

  /** Each vCPU's exits to userspace are drawn as an edge to the VMM. */
  addVcpu(vcpu: Vcpu): void {
    this.sim.wires.connect(outPort(vcpu.node, 'userspace', 'call', () => {}), this.exitIn);
  }

  private wake(flow: number): void {
    if (this.running) return;
    this.running = true;
    this.pcpu.wakeThread(() => [
      this.step(this.k['vmm.thread.wake'], flow, `${this.vmName} QEMU main loop: ppoll returns on cpu${this.pcpu.index}`, 'vmm.thread.wake'),
      silentStep(this.pcpu.where, { next: () => this.serve() }),
    ]);
  }

  /** One ready fd (or posted work) at a time, then back to ppoll when nothing is left. */
  private serve(): Step[] {
    const more = (): Step => silentStep(this.pcpu.where, { next: () => this.serve() });
    const w = this.readyQueue.shift();
    if (w) {
      const flows = w.flows;
      w.flows = [];
      return [
        this.step(this.k['vmm.eventfd.read'], flows[0] ?? 0, `read ${w.efd.name} (event_notifier_test_and_clear)`, 'vmm.eventfd.read', {
          then: () => { w.ready = false; w.efd.read(); },
          next: () => [...w.handler(flows, this.pcpu.where), more()],
        }),
      ];
    }
    const p = this.posted.shift();
    if (p) return [silentStep(this.pcpu.where, { next: () => [...p.work(), more()] })];
    this.running = false;
    return [];
  }

  private step(kind: number, flow: number, detail: string, cost: 'vmm.thread.wake' | 'vmm.eventfd.read', extra: { then?: () => void; next?: () => Step[] } = {}): Step {
    return { kind, where: this.pcpu.where, vm: this.vmId, flow, detail: this.sim.sid(detail), dur: this.costs.ns(cost), level: 'thread', ...extra };
  }

  /**
   * An exit to userspace on the thread of the vCPU at `where`, after KVM has handled its VM exit: KVM_RUN returns
   * with `reason`, QEMU runs `handler` (decided when the dispatch ends), then calls KVM_RUN again. The VM entry that
   * follows is the vCPU's.
   */
  exitSteps(where: number, reason: UserspaceExit, flow: number, detail: string, handler: () => Step[]): Step[] {
    return [
      timedStep(this.costs, this.k['kvm.exit.userspace'], 'kvm.exit.userspace', where, flow, this.sim.sid(`${reason}: KVM_RUN returns to QEMU`), { vm: this.vmId }),
      timedStep(this.costs, this.k['vmm.exit.dispatch'], 'vmm.exit.dispatch', where, flow, this.sim.sid(`${reason} ${detail}`), { vm: this.vmId, next: handler }),
      timedStep(this.costs, this.k['vmm.kvm_run'], 'vmm.kvm_run', where, flow, this.sim.sid('ioctl(KVM_RUN)'), { vm: this.vmId }),
    ];
  }

  /**
   * A guest MMIO access that KVM cannot handle (EPT misconfiguration on a region QEMU emulates or traps): the VM exit,
   * the exit to userspace with `handler`, and the re-entry into the guest code it interrupted.
   */
  mmioExitSteps(vcpu: Vcpu, flow: number, detail: string, handler: () => Step[]): Step[] {
    return [...vcpu.exitSteps('EPT_MISCONFIG', flow), ...this.exitSteps(vcpu.where, 'KVM_EXIT_MMIO', flow, detail, handler), ...vcpu.reentrySteps()];
  }
}
