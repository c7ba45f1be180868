// The x86 host: a LAPIC per pCPU on the APIC bus (each telling its CPU, each EOI of a level vector broadcast to
// the IOAPIC), the vectors KVM's kicks and notifications arrive on, one IOAPIC whose messages cross the APIC bus,
// and the IOMMU in front of the bus.
import type { CostModel } from '../../core/costModel';
import type { Simulator } from '../../core/simulator';
import { requestKickVectors } from '../../host/kvm/kickVectors';
import { PCpu } from '../../host/pcpu';
import { LapicPort } from '../../host/x86/lapicPort';
import { ApicBus } from '../../hw/x86/apicBus';
import { Ioapic } from '../../hw/x86/ioapic';
import { Lapic } from '../../hw/x86/lapic';
import { InterruptRemapper } from '../../hw/x86/interruptRemapper';

export function wireX86Host(sim: Simulator, costs: CostModel, cpus: number) {
  const { wires } = sim;
  const bus = new ApicBus(sim, costs);
  const ioapic = new Ioapic('host/ioapic0/ioapic', 'host', 'ioapic0', false);
  wires.connect(ioapic.msi, bus.fromIoapic('ioapic0'));
  const pcpus: PCpu[] = [];
  const lapics: Lapic[] = [];
  for (let i = 0; i < cpus; i++) {
    const lapic = new Lapic(i, `host/cpu${i}/lapic`, 'host', `cpu${i}`, false);
    lapics.push(lapic);
    const pcpu = new PCpu(sim, costs, i, new LapicPort(lapic));
    wires.connect(lapic.irq, pcpu.irqIn);
    wires.connect(lapic.levelEoi, ioapic.eoiIn);
    requestKickVectors(sim, pcpu);
    bus.attach(lapic);
    pcpus.push(pcpu);
  }
  const remapper = new InterruptRemapper(sim, costs);
  wires.connect(remapper.remapped, bus.msiIn);
  return { bus, ioapic, pcpus, lapics, remapper };
}
