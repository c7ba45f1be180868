// The VM's delivery switch as two objects (host/kvm/delivery): what each does at the points where emulated and
// posted delivery differ, asked of each the same way, with a stand-in vCPU.
import { describe, expect, it } from 'vitest';
import { CostModel } from '../../../../src/sim/core/costModel';
import { COSTS } from '../../../../src/sim/core/catalog/costs';
import type { FlowGroup } from '../../../../src/sim/core/flows';
import type { Hop } from '../../../../src/sim/core/hopLog';
import { Simulator } from '../../../../src/sim/core/simulator';
import { inPort, wireNode } from '../../../../src/sim/core/wires';
import { createDelivery, type DeliveryMode, type DeliveryVcpu, type VcpuRunState } from '../../../../src/sim/host/kvm/delivery';
import { PostedVcpuDelivery } from '../../../../src/sim/host/kvm/delivery/postedDelivery';
import { PCpu } from '../../../../src/sim/host/pcpu';
import type { Step } from '../../../../src/sim/host/step';
import { LapicPort } from '../../../../src/sim/host/x86/lapicPort';
import type { MsiDeliver } from '../../../../src/sim/hw/x86/apicBus';
import { InterruptRemapper } from '../../../../src/sim/hw/x86/interruptRemapper';
import { Irte } from '../../../../src/sim/hw/x86/irte';
import { Lapic, type LapicSignal } from '../../../../src/sim/hw/x86/lapic';
import { POSTED_INTR_VECTOR, POSTED_INTR_WAKEUP_VECTOR, type PostedDescriptor } from '../../../../src/sim/hw/x86/postedDescriptor';

/** A vCPU stand-in: what it was asked to do is logged. */
class StandInVcpu implements DeliveryVcpu {
  readonly vmName = 'vm0';
  readonly index = 0;
  readonly where: number;
  readonly vmId: number;
  state: VcpuRunState = 'running';
  inGuest = false;
  readonly calls: string[] = [];
  constructor(sim: Simulator, readonly vlapic: Lapic, readonly pcpu: PCpu) {
    this.where = sim.sid('vm0.vcpu0');
    this.vmId = sim.sid('vm0');
  }
  inGuestMode(): boolean { return this.inGuest; }
  kick(flow: number): void { this.calls.push(`kick ${flow}`); }
  sendIpi(vector: number, flows: FlowGroup): void { this.calls.push(`ipi 0x${vector.toString(16)} [${flows.join()}]`); }
  takeVirq(): void { this.calls.push(`take 0x${this.vlapic.ack().vector.toString(16)}`); }
  handlerSteps(): Step[] { return []; }
  eoiExitSteps(reason: string): Step[] { this.calls.push(`EOI exit ${reason}`); return []; }
  apicReadExitSteps(reason: string, _flow: number, what: string): Step[] { this.calls.push(`${what} read exit ${reason}`); return []; }
  /** The EOI-exit bitmap KVM loaded (from its IOAPIC's level routes). */
  readonly eoiExitBitmap = new Set<number>();
  eoiExits(vector: number): boolean { return this.eoiExitBitmap.has(vector); }
}

function setup(mode: DeliveryMode) {
  const sim = new Simulator(1000);
  const costs = new CostModel(COSTS, 1, { 'kvm.kick.ipi': { value: 100, unit: 'ns' } });
  const hostLapic = new Lapic(1, 'host/cpu1/lapic', 'host', 'cpu1', false);
  const pcpu = new PCpu(sim, costs, 1, new LapicPort(hostLapic));
  const vlapic = new Lapic(0, 'vm0/vcpu0/vlapic', 'vm0', 'vcpu0', true);
  const vcpu = new StandInVcpu(sim, vlapic, pcpu);
  // The vLAPIC kicks its vCPU, as wire/vms.ts connects it.
  sim.wires.connect(vlapic.irq, inPort<LapicSignal>(wireNode('vm0/vcpu0', 'vcpu'), 'kick', 'irq', (flow) => vcpu.kick(flow)));
  const notifications: number[] = [];
  const apicBus = inPort<MsiDeliver>(wireNode('host/apic-bus', 'apic-bus'), 'msi', 'msi', (msg) => { notifications.push(msg.vector); });
  const d = createDelivery(mode, sim, costs, 0x1_0000_0000n, { apicBus }).forVcpu(vcpu);
  const flow = () => sim.raiseFlow(sim.sid('nic0'), sim.sid('vm0'));
  const hops = (): Hop[] => Array.from({ length: sim.log.held }, (_, i) => sim.log.at(i));
  /** Runs a chain's steps as a CPU would (start/then/next), without time. */
  const runSteps = (steps: Step[]): string[] => {
    const kinds: string[] = [];
    for (let i = 0; i < steps.length; i++) {
      const s = steps[i]!;
      if (!s.silent) kinds.push(sim.log.strings.str(s.kind));
      s.start?.();
      s.then?.();
      const more = s.next?.();
      if (more) steps.splice(i + 1, 0, ...more);
    }
    return kinds;
  };
  const pid = (): PostedDescriptor | null => (d instanceof PostedVcpuDelivery ? d.pid : null);
  return { sim, costs, d, vcpu, vlapic, hostLapic, pcpu, flow, hops, runSteps, notifications, pid };
}

describe('emulated delivery', () => {
  it('injects into the vLAPIC and kicks the vCPU; a vector already pending merges', () => {
    const t = setup('emulated');
    const [f1, f2] = [t.flow(), t.flow()];
    t.d.injectIn.fn(0x51, false, [f1], 0);
    t.d.injectIn.fn(0x51, false, [f2], 0);
    expect(t.vlapic.testIrr(0x51)).toBe(true);
    expect(t.vcpu.calls).toEqual([`kick ${f1}`, `kick ${f1}`]);
    expect(t.hops().map((h) => [h.kind, h.flow])).toEqual([['kvm.vlapic.coalesce', f2]]);
    expect(t.d.injectIn.node.id).toBe('vm0/vcpu0/vlapic');
  });

  it('has nothing outside the vLAPIC: no sync at entry, no delivery in guest mode, no descriptor, no bypass', () => {
    const t = setup('emulated');
    t.d.injectIn.fn(0x51, false, [t.flow()], 0);
    expect(t.d.entrySyncSteps()).toEqual([]);
    expect(t.d.guestDeliverySteps()).toBeNull();
    expect(t.d.holdsPending()).toBe(false);
    expect(t.d.takeInGuest(POSTED_INTR_VECTOR)).toBe(false);
    expect(t.d.registerFiles).toEqual([]);
    expect(t.d.irqBypass(new InterruptRemapper(t.sim, t.costs), 'nic0', () => { throw new Error('no IRTE'); }, 0x51, 0)).toBeNull();
  });

  it('traps every EOI: the x2APIC EOI MSR write (MSR_WRITE), or the xAPIC page write (APIC_ACCESS) of a qtest script', () => {
    const t = setup('emulated');
    t.vcpu.eoiExitBitmap.add(0x70);
    t.d.eoiSteps(0, 0x51, 'vector 0x51');
    t.d.eoiSteps(0, 0x70, 'vector 0x70');
    t.d.eoiSteps(0, 0x51, 'vector 0x51', 'mmio');
    expect(t.vcpu.calls).toEqual(['EOI exit MSR_WRITE', 'EOI exit MSR_WRITE', 'EOI exit APIC_ACCESS']);
  });
});

describe('posted delivery', () => {
  it('posts KVM\'s injection into the descriptor and notifies a vCPU in guest mode with the notification vector, once', () => {
    const t = setup('posted');
    t.vcpu.inGuest = true;
    const [f1, f2] = [t.flow(), t.flow()];
    t.d.injectIn.fn(0x51, false, [f1], 0);
    t.d.injectIn.fn(0x52, false, [f2], 0); // ON already set: no second notification
    t.sim.runUntil(1e9, 100);
    expect(t.hops().map((h) => [h.kind, h.detail])).toEqual([
      ['kvm.pi.post', 'PIR 0x51 set, ON set'],
      ['kvm.kick.ipi', 'IPI 0xf2 (posted-interrupt notification) → cpu1'],
      ['kvm.pi.post', 'PIR 0x52 set (ON already set)'],
    ]);
    expect(t.vcpu.calls).toEqual([`ipi 0xf2 [${f1}]`]);
    expect(t.vlapic.highestIrr()).toBe(-1); // still in the PIR
    expect(t.d.holdsPending()).toBe(true);
    expect(t.d.injectIn.node.id).toBe('vm0/vcpu0/pi-desc');
  });

  it('syncs the PIR into the vLAPIC at entry (decided when the entry runs), then the CPU delivers it in guest mode', () => {
    const t = setup('posted');
    const f = t.flow();
    const sync = t.d.entrySyncSteps(); // built before anything is posted
    t.d.injectIn.fn(0x51, false, [f], 0);
    expect(t.runSteps(sync)).toEqual(['kvm.pi.sync']);
    expect(t.vlapic.pendingFlows(0x51)).toEqual([f]);
    expect(t.d.holdsPending()).toBe(false);
    expect(t.runSteps(t.d.guestDeliverySteps()!)).toEqual(['apicv.deliver']);
    expect(t.vcpu.calls).toContain('take 0x51');
    expect(t.d.guestDeliverySteps()).toBeNull();
  });

  it('virtualizes an EOI outside the EOI-exit bitmap and exits for one in it (EOI_INDUCED)', () => {
    const t = setup('posted');
    t.vcpu.eoiExitBitmap.add(0x70);
    expect(t.runSteps(t.d.eoiSteps(0, 0x51, 'vector 0x51'))).toEqual(['apicv.eoi.virtualized']);
    t.d.eoiSteps(0, 0x70, 'vector 0x70');
    expect(t.vcpu.calls).toEqual(['EOI exit EOI_INDUCED']);
  });

  it('follows the EOI-exit bitmap, not the TMR: a level-accepted vector outside it is EOIed in the guest with no broadcast', () => {
    const t = setup('posted');
    const broadcasts: number[] = [];
    t.sim.wires.connect(t.vlapic.levelEoi, inPort(wireNode('vm0/ioapic', 'vioapic'), 'eoi', 'eoi', (v: number) => { broadcasts.push(v); }));
    t.vlapic.accept(0x70, true, [t.flow()]);
    t.vlapic.ack();
    expect(t.runSteps(t.d.eoiSteps(0, 0x70, 'vector 0x70'))).toEqual(['apicv.eoi.virtualized']);
    expect(t.vlapic.highestIsr()).toBe(-1);
    expect(broadcasts).toEqual([]);
    expect(t.vcpu.calls).toEqual([]);
  });

  it('takes the notification in guest mode with no exit (PIR → vIRR), not in host mode', () => {
    const t = setup('posted');
    t.d.injectIn.fn(0x51, false, [t.flow()], 0);
    t.hostLapic.accept(POSTED_INTR_VECTOR, false, []);
    expect(t.d.takeInGuest(POSTED_INTR_VECTOR)).toBe(false); // the pCPU is in host mode
    t.pcpu.mode = 'guest';
    expect(t.d.takeInGuest(0x41)).toBe(false);
    expect(t.d.takeInGuest(POSTED_INTR_VECTOR)).toBe(true);
    expect(t.vlapic.testIrr(0x51)).toBe(true);
    expect(t.hostLapic.highestIsr()).toBe(-1); // acknowledged and ended by the CPU
    expect(t.hops().at(-1)!.kind).toBe('x86.pi.notify.guest');
  });

  it('suppresses notifications while scheduled out (SN), and blocks on the wake-up vector', () => {
    const t = setup('posted');
    const pid = t.pid()!;
    t.d.onScheduledOut();
    expect(pid.sn).toBe(true);
    t.d.onScheduledIn();
    expect(pid.sn).toBe(false);
    expect(t.hops().map((h) => h.detail)).toEqual(['vCPU scheduled out: SN = 1', 'vCPU scheduled in: SN = 0']);
    t.d.onBlock();
    expect(pid.nv).toBe(POSTED_INTR_WAKEUP_VECTOR);
    t.vcpu.state = 'halted';
    t.d.wakeUp(); // ON clear: nothing to wake for
    expect(t.vcpu.calls).toEqual([]);
    t.d.injectIn.fn(0x51, false, [t.flow()], 0); // halted: kicked (woken) at once
    expect(t.vcpu.calls).toEqual([`kick ${1}`]);
    t.d.wakeUp();
    expect(t.vcpu.calls).toEqual(['kick 1', 'kick 1']);
    t.d.onWake();
    expect(pid.nv).toBe(POSTED_INTR_VECTOR);
  });

  it('puts a VFIO vector\'s IRTE in posted mode, naming this vCPU\'s descriptor, and notifies through the APIC bus', () => {
    const t = setup('posted');
    const remapper = new InterruptRemapper(t.sim, t.costs);
    const irte = t.d.irqBypass(remapper, 'nic0', () => new Irte('host/nic0/irte', 'nic0'), 0x51, 3)!;
    expect([irte.posted, irte.vector, irte.pda]).toEqual([true, 0x51, 0x1_0000_0000n]);
    remapper.msiIn.fn('nic0', { destId: 0, vector: 0x41, level: false }, [t.flow()]);
    t.sim.runUntil(1e9, 100);
    expect(t.notifications).toEqual([POSTED_INTR_VECTOR]);
    expect(t.pid()!.destination).toBe(1); // NDST: the vCPU's pCPU
  });
});
