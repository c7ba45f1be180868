// The x86 host: a LAPIC per pCPU on the APIC bus, the reschedule IPI vector, and one IOAPIC whose level EOIs
// come back from the LAPICs' EOI broadcast.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { RESCHEDULE_VECTOR } from '../../host/kvm/vcpu';
import { PCpu } from '../../host/pcpu';
import { LapicPort } from '../../host/x86/lapicPort';
import { ApicBus } from '../../hw/x86/apicBus';
import { Ioapic } from '../../hw/x86/ioapic';
import { Lapic } from '../../hw/x86/lapic';
import { POSTED_INTR_VECTOR, POSTED_INTR_WAKEUP_VECTOR } from '../../hw/x86/postedDescriptor';
import { InterruptRemapper } from '../../hw/x86/interruptRemapper';
import { hopNs } from '../../hw/hopCost';
import { instantStep } from '../../host/step';

export function wireX86Host(sim: Simulator, costs: CostModel, cpus: number) {
  const bus = new ApicBus(sim, costs);
  const ioapic = new Ioapic('host/ioapic0/ioapic', 'host', 'ioapic0', false);
  const kDeliver = sim.kind('ioapic.deliver');
  const kWakeup = sim.kind('kvm.pi.wakeup');
  const where = sim.sid('ioapic0');
  ioapic.deliver = (pin, msg, flows) => {
    const flow = flows[0] ?? 0;
    const dur = hopNs(costs, kDeliver, 'ioapic.deliver');
    sim.hop(flow, kDeliver, where, flow > 0 ? sim.flows.vmOf(flow) : sim.sid('host'),
      sim.sid(`pin ${pin} → vector 0x${msg.vector.toString(16)} cpu${msg.destId}${msg.level ? ' (level)' : ''}`), dur);
    sim.after(dur, () => bus.deliver(msg, flows));
  };
  const pcpus: PCpu[] = [];
  const lapics: Lapic[] = [];
  for (let i = 0; i < cpus; i++) {
    const lapic = new Lapic(i, `host/cpu${i}/lapic`, 'host', `cpu${i}`, false);
    lapic.onLevelEoi = (vector) => ioapic.eoi(vector);
    lapics.push(lapic);
    const pcpu = new PCpu(sim, costs, i, new LapicPort(lapic));
    // The reschedule IPI only forces an exit; the scheduler_ipi body does nothing we model.
    pcpu.requestVector(RESCHEDULE_VECTOR, PCpu.handler(`host/cpu${i}/reschedule-ipi`, 'reschedule IPI', () => []), false);
    // Posted-interrupt notification taken in host mode: nothing to do, the PIR is synced at the next entry.
    pcpu.requestVector(POSTED_INTR_VECTOR, PCpu.handler(`host/cpu${i}/posted-intr-ipi`, 'posted-intr IPI', () => []), false);
    // pi_wakeup_handler: wake the blocked vCPU whose descriptor has ON set.
    pcpu.requestVector(POSTED_INTR_WAKEUP_VECTOR, PCpu.handler(`host/cpu${i}/posted-intr-wakeup`, 'posted-intr wakeup', () => {
      const v = pcpu.vcpu as { wakeFromPosted?: () => void } | null;
      return [instantStep(kWakeup, pcpu.where, 0, sim.sid('pi_wakeup_handler'), { then: () => v?.wakeFromPosted?.() })];
    }), false);
    bus.attach({ lapic, poke: () => pcpu.poke() });
    pcpus.push(pcpu);
  }
  return { bus, ioapic, pcpus, lapics, remapper: new InterruptRemapper(sim, costs, bus) };
}
