// What the schema alone cannot say about devices' workloads: which devices can run one.
import type { PathSeg } from './paths';
import type { Scenario } from './schema';

export function checkWorkloads(s: Scenario): [PathSeg[], string][] {
  const out: [PathSeg[], string][] = [];
  s.devices.forEach((d, i) => {
    if (!d.workload) return;
    const at: PathSeg[] = ['devices', i, 'workload'];
    if (d.kind !== 'nic') out.push([at, `a ${d.workload.kind} workload runs on a nic; ${d.id} is a ${d.kind} (its work is in the gvt section)`]);
    else if (d.irq === 'spi') out.push([at, 'workloads are modelled for msi, msix and intx NICs (x86); an spi platform device has none']);
    else if (d.stuck) out.push([at, 'a stuck device serves no workload']);
  });
  return out;
}
