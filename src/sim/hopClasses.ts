// Which hops cost a CPU of the host, which run guest code, and which are wire time (a device, a bus or an IPI in
// flight: nobody's CPU). "Host CPU time per interrupt" sums the first kind.
import { HopClass } from './core/hopLog';

const WIRE = /^(pci\.msi\.write|gpu\.|device\.irq\.|arm\.gic\.forward|ioapic\.deliver|x86\.lapic\.accept|x86\.lapic\.coalesce|x86\.msi\.drop|kvm\.kick\.ipi|vtd\.)/;

export function classifyHop(kind: string): HopClass {
  if (kind.startsWith('guest.')) return HopClass.Guest;
  if (WIRE.test(kind)) return HopClass.Wire;
  return HopClass.Host;
}
