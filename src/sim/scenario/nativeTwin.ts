// The bare-metal twin of a scenario (issue 12, item 2): the same host, devices and workloads, with every NIC a VM owns
// owned instead by a native host driver — its handler costing what the guest driver's handler costs (the device's
// `host.driver.handler@<id>` is set to the guest's figure unless the scenario sets it), its interrupt on the pCPU the
// device's vCPU was pinned to (so its application runs where the guest's did), its host vector kept unless another
// device has it on that CPU — and no VM for it: a VM left with no device is gone (one a vGPU still names stays, with
// the pCPUs it had). An INTx pin is routed to the CPU of the first device moved onto it, for all its sharers.
// `native: true` in a scenario builds this twin (scenario/build.ts); the lab runs it next to a virtualized run to give
// "% of bare metal" (lab/bareMetal.ts).
// An MSI-X device's vector i goes to the pCPU of the vCPU its guest vector i targeted (hostCpus), as the VM spread them.
// Not done here: GPUs (a GVT-g scenario keeps its mediation; the GPU's own twin is the gvt section's).
import { COSTS } from '../core/catalog/costs';
import type { DeviceSpec, Scenario } from './schema';
import { defaultPcpu, INTX_VECTOR } from './validate';

/** The cost override text of a catalog entry's default (as the scenario's `costs` would write it). */
function defaultCostText(name: keyof typeof COSTS): string | number {
  const e = COSTS[name];
  return e.unit === 'cycles' ? `${e.value} cycles` : e.value;
}

export function nativeTwin(s: Scenario): Scenario {
  const vmIndex = new Map(s.vms.map((v, i) => [v.id, i]));
  const pcpuOf = (vmId: string, vcpu: number): number => {
    const i = vmIndex.get(vmId)!;
    const vm = s.vms[i]!;
    const c = vcpu % vm.vcpus;
    return vm.pinning?.[c] ?? defaultPcpu(s, i, c);
  };
  const moves = (d: DeviceSpec) => d.owner !== 'host' && d.kind === 'nic' && vmIndex.has(d.owner);

  // An INTx pin goes to the CPU of the first device moved onto it; its sharers follow (one route per pin).
  const pinCpu = new Map<number, number>();
  for (const d of s.devices) if (moves(d) && d.irq === 'intx' && !pinCpu.has(d.pin)) pinCpu.set(d.pin, pcpuOf(d.owner, d.guestVcpu));
  const cpuOfPin = (d: DeviceSpec) => pinCpu.get(d.pin) ?? d.hostCpu;

  // Host vectors already taken on each CPU: devices that stay where they are, and every INTx pin's vector.
  const taken = new Map<number, Set<number>>();
  const take = (cpu: number, v: number) => { let t = taken.get(cpu); if (!t) taken.set(cpu, (t = new Set())); t.add(v); };
  const vectorsOf = (d: DeviceSpec) => (d.irq === 'msix' ? d.vectors : 1);
  for (const d of s.devices) {
    if (d.irq === 'intx') take(cpuOfPin(d), INTX_VECTOR(d.pin));
    else if ((d.irq === 'msi' || d.irq === 'msix') && !moves(d)) for (let k = 0; k < vectorsOf(d); k++) take(d.hostCpus?.[k] ?? d.hostCpu, d.hostVector + k);
  }
  /** The first base vector (from `from`, then from 0x20) whose vector base + k is free on cpus[k] for every k. */
  const freeVectors = (cpus: number[], from: number): number => {
    const fits = (v: number) => v + cpus.length - 1 <= 0xef && cpus.every((c, k) => !taken.get(c)?.has(v + k));
    let v = from;
    while (!fits(v) && v <= 0xef) v++;
    if (v > 0xef) for (v = 0x20; !fits(v) && v <= 0xef; v++);
    cpus.forEach((c, k) => take(c, v + k));
    return v;
  };

  const costs: Scenario['costs'] = {};
  const devices = s.devices.map((d): DeviceSpec => {
    const moved = moves(d);
    const out: DeviceSpec = moved ? { ...d, owner: 'host' } : { ...d };
    if (d.irq === 'intx') out.hostCpu = cpuOfPin(d);
    else if (moved && d.irq === 'spi') out.hostCpu = pcpuOf(d.owner, d.guestVcpu);
    else if (moved) {
      const cpus = Array.from({ length: vectorsOf(d) }, (_, k) => pcpuOf(d.owner, d.guestVcpu + k));
      out.hostCpu = cpus[0]!;
      if (d.irq === 'msix') out.hostCpus = cpus;
      out.hostVector = freeVectors(cpus, d.hostVector);
    }
    if (moved) {
      const own = `host.driver.handler@${d.id}`;
      if (!(own in s.costs)) costs[own] = s.costs[`guest.driver.handler@${d.id}`] ?? s.costs['guest.driver.handler'] ?? defaultCostText('guest.driver.handler');
    }
    return out;
  });

  // VMs still owning a device or a vGPU stay, pinned where they were (default pinning depends on the VMs before).
  const keep = new Set(devices.filter((d) => d.owner !== 'host').map((d) => d.owner));
  for (const g of s.gvt?.vgpus ?? []) keep.add(g.vm);
  const vms = s.vms.flatMap((vm, i) => (keep.has(vm.id)
    ? [{ ...vm, pinning: vm.pinning ?? Array.from({ length: vm.vcpus }, (_, c) => defaultPcpu(s, i, c)) }]
    : []));
  const gone = new Set(s.vms.filter((v) => !keep.has(v.id)).map((v) => v.id));
  for (const [key, v] of Object.entries(s.costs)) {
    const scope = key.split('@')[1];
    if (scope === undefined || !gone.has(scope)) costs[key] = v;
  }
  return { ...s, name: `${s.name} (bare metal)`, native: false, devices, vms, costs };
}

/** Whether a scenario has a device a VM owns running a workload: its summary then carries the bare-metal section. */
export function hasAssignedWorkload(s: Scenario): boolean {
  return s.devices.some((d) => d.workload !== undefined && d.owner !== 'host');
}
