// What the schema alone cannot say about `faults:`: that each names an existing device or VM it can strike.
import type { PathSeg } from './paths';
import type { Scenario } from './schema';

export function checkFaults(s: Scenario): [PathSeg[], string][] {
  const out: [PathSeg[], string][] = [];
  const devices = new Map(s.devices.map((d) => [d.id, d]));
  const vms = new Set(s.vms.map((v) => v.id));
  s.faults.forEach((f, i) => {
    if (s.platform !== 'x86') {
      out.push([['faults', i, 'kind'], 'faults are modelled on x86 hosts only']);
      return;
    }
    if ('vm' in f) {
      if (!vms.has(f.vm)) out.push([['faults', i, 'vm'], `expected one of the VM ids (${[...vms].join(', ') || 'none'}), got "${f.vm}"`]);
      else if (f.kind === 'vcpu-descheduled') {
        const n = s.vms.find((v) => v.id === f.vm)!.vcpus;
        if (f.vcpu >= n) out.push([['faults', i, 'vcpu'], `expected a vCPU of ${f.vm} (0..${n - 1}), got ${f.vcpu}`]);
      }
      return;
    }
    const d = devices.get(f.device);
    if (!d) {
      out.push([['faults', i, 'device'], `expected one of the device ids (${[...devices.keys()].join(', ')}), got "${f.device}"`]);
      return;
    }
    if (d.kind !== 'nic') out.push([['faults', i, 'device'], `${f.kind} strikes a nic (PCI MSI, MSI-X or INTx); ${d.id} is a ${d.kind}`]);
    else if (f.kind === 'storm' && d.stuck) out.push([['faults', i, 'device'], `${d.id} is stuck already: a storm adds nothing`]);
    else if (f.kind === 'spurious-msi') { if (d.irq !== 'msi' && d.irq !== 'msix') out.push([['faults', i, 'device'], `spurious-msi strikes an msi or msix device; ${d.id} signals ${d.irq}`]); }
    else if (f.kind === 'eventfd-stall') { if (d.owner === 'host') out.push([['faults', i, 'device'], `eventfd-stall strikes the eventfd of a device assigned to a VM; ${d.id} is owned by the host`]); }
    else if (f.kind !== 'storm' && d.irq !== 'intx') out.push([['faults', i, 'device'], `${f.kind} strikes an intx device; ${d.id} signals ${d.irq}`]);
    else if (f.kind === 'lost-unmask' && d.owner === 'host') out.push([['faults', i, 'device'], `lost-unmask strikes VFIO's unmask: ${d.id} is owned by the host`]);
  });
  return out;
}
