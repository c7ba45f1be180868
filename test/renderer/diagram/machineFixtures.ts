// Machine graphs of the shape the model's wire graph takes once every part is on it (devices, INTx lines, IOAPIC,
// LAPICs, pCPUs, genirq descriptors, VFIO, eventfds, irqfds, the VM's IOAPIC, vCPUs, guest IDT and handlers), built
// by hand with the id conventions of core/wires.ts, so the diagram's layout is tested for the general shape.
import type { MachineGraph, MachineGraphEdge, MachineGraphNode, WireKindName } from '../../../src/shared/protocol';

export class GraphBuilder {
  readonly nodes: MachineGraphNode[] = [];
  readonly edges: MachineGraphEdge[] = [];

  part(id: string, kind: string, label = id.split('/').pop()!): string {
    const vm = id.split('/')[0]!;
    if (!this.nodes.some((n) => n.id === id)) this.nodes.push({ id, kind, vm, label });
    return id;
  }

  wire(from: string, to: string, kind: WireKindName, fromPort = 'out', toPort = 'in'): void {
    this.edges.push({ from: { node: from, port: fromPort }, to: { node: to, port: toPort }, kind });
  }

  graph(): MachineGraph {
    return { nodes: [...this.nodes], edges: [...this.edges] };
  }
}

/** The host's pCPUs with their LAPICs and IPI handlers. */
function hostCpus(g: GraphBuilder, cpus: number): void {
  g.part('host/apic-bus', 'apic-bus');
  for (let c = 0; c < cpus; c++) {
    const cpu = g.part(`host/cpu${c}`, 'pcpu');
    const lapic = g.part(`host/cpu${c}/lapic`, 'lapic');
    g.wire('host/apic-bus', lapic, 'msi');
    g.wire(lapic, cpu, 'vector');
    for (const ipi of ['reschedule-ipi', 'posted-intr-ipi', 'posted-intr-wakeup']) g.wire(cpu, g.part(`host/cpu${c}/${ipi}`, 'irq-handler'), 'vector', `vector ${ipi}`, 'irq');
  }
}

/** A VM's vCPUs, each with its vLAPIC, the guest IDT and a handler per device. */
function vmCpus(g: GraphBuilder, vm: string, vcpus: number, pinning: number[]): void {
  const idt = g.part(`${vm}/guest-idt`, 'guest-idt');
  for (let v = 0; v < vcpus; v++) {
    const vcpu = g.part(`${vm}/vcpu${v}`, 'vcpu');
    const vlapic = g.part(`${vm}/vcpu${v}/vlapic`, 'vlapic');
    g.wire(vlapic, vcpu, 'vector');
    g.wire(vcpu, idt, 'vector');
    g.wire(vlapic, `host/cpu${pinning[v] ?? 0}/reschedule-ipi`, 'ipi', 'kick');
  }
}

/** An assigned MSI NIC: device → IOMMU → LAPIC → pCPU → VFIO → eventfd → irqfd → vLAPIC → vCPU → IDT → handler. */
function msiNic(g: GraphBuilder, id: string, vm: string, hostCpu: number, vectors: number): void {
  const dev = g.part(`host/${id}`, 'pci-function');
  g.part('host/iommu', 'iommu');
  g.wire(dev, 'host/iommu', 'msi');
  g.wire('host/iommu', 'host/apic-bus', 'msi');
  for (let q = 0; q < vectors; q++) {
    const name = vectors > 1 ? `msix${q}` : 'msi0';
    const vfio = g.part(`host/vfio/${id}/${name}`, 'vfio-msi');
    g.wire(`host/cpu${hostCpu}`, vfio, 'vector', `vector 0x${(0x41 + q).toString(16)}`, 'irq');
    const efd = g.part(`${vm}/eventfd/${id}-${name}`, 'eventfd');
    g.wire(vfio, efd, 'eventfd', 'trigger', 'signal');
    const irqfd = g.part(`${vm}/irqfd/gsi${24 + q}`, 'irqfd');
    g.wire(efd, irqfd, 'eventfd', 'wake', 'wake');
    g.wire(irqfd, `${vm}/vcpu${q % 2 === 0 ? 0 : 1}/vlapic`, 'msi');
    const handler = g.part(`${vm}/guest/${id} driver${vectors > 1 ? ` (queue ${q})` : ''}`, 'guest-handler');
    g.wire(`${vm}/guest-idt`, handler, 'vector', `vector 0x${(0x51 + q).toString(16)}`, 'irq');
    g.wire(handler, `${vm}/vcpu0/vlapic`, 'eoi');
  }
}

/** INTx NICs (and a host disk) on one IOAPIC pin, through genirq, VFIO INTx, level irqfd and the VM's IOAPIC. */
function intxPin(g: GraphBuilder, pin: number, hostCpu: number, nics: { id: string; vm: string }[], disk: string | null): void {
  const line = g.part(`host/pin${pin}`, 'intx-line');
  g.part('host/ioapic', 'ioapic');
  g.wire(line, 'host/ioapic', 'irq', 'out', `pin ${pin}`);
  g.wire('host/ioapic', 'host/apic-bus', 'msi');
  const desc = g.part(`host/irq${pin}`, 'irq-desc');
  g.wire(`host/cpu${hostCpu}`, desc, 'vector', `vector 0x${(0x60 + pin).toString(16)}`, 'irq');
  g.wire('host/ioapic', line, 'eoi');
  if (disk) {
    const dev = g.part(`host/${disk}`, 'pci-function');
    g.wire(dev, line, 'irq');
    g.wire(desc, g.part(`host/${disk}/driver`, 'host-driver'), 'call');
  }
  for (const { id, vm } of nics) {
    const dev = g.part(`host/${id}`, 'pci-function');
    g.wire(dev, line, 'irq');
    const vfio = g.part(`host/vfio/${id}/intx`, 'vfio-intx');
    g.wire(desc, vfio, 'call');
    const efd = g.part(`${vm}/eventfd/${id}-intx`, 'eventfd');
    g.wire(vfio, efd, 'eventfd');
    const irqfd = g.part(`${vm}/irqfd/gsi${pin}`, 'irqfd');
    g.wire(efd, irqfd, 'eventfd', 'wake', 'wake');
    const vioapic = g.part(`${vm}/ioapic`, 'vioapic');
    g.wire(irqfd, vioapic, 'irq');
    g.wire(vioapic, `${vm}/vcpu0/vlapic`, 'msi');
    const handler = g.part(`${vm}/guest/${id} driver`, 'guest-handler');
    g.wire(`${vm}/guest-idt`, handler, 'vector', 'vector 0x51', 'irq');
    g.wire(handler, `${vm}/vcpu0/vlapic`, 'eoi');
    g.wire(`${vm}/vcpu0/vlapic`, vioapic, 'eoi');
    const resample = g.part(`${vm}/eventfd/${id}-resample`, 'eventfd');
    g.wire(vioapic, resample, 'eoi');
    g.wire(resample, vfio, 'eventfd');
    g.wire(vfio, dev, 'mmio', 'unmask', 'config');
  }
}

/** intx-shared-line: an assigned NIC and a host disk on pin 16, a 2-vCPU VM, 4 pCPUs. */
export function intxSharedLine(): MachineGraph {
  const g = new GraphBuilder();
  hostCpus(g, 4);
  vmCpus(g, 'vm0', 2, [1, 2]);
  intxPin(g, 16, 0, [{ id: 'nic0', vm: 'vm0' }], 'disk0');
  return g.graph();
}

/** msi-emulated: an assigned MSI NIC to a 2-vCPU VM, 4 pCPUs. */
export function msiNicMachine(): MachineGraph {
  const g = new GraphBuilder();
  hostCpus(g, 4);
  vmCpus(g, 'vm0', 2, [1, 2]);
  msiNic(g, 'nic0', 'vm0', 0, 1);
  return g.graph();
}

/** datacenter-8vm's shape: 16 pCPUs, 8 VMs, MSI-X NICs, a shared and an exclusive INTx pin, a GPU for three VMs. */
export function datacenter(): MachineGraph {
  const g = new GraphBuilder();
  hostCpus(g, 16);
  const pins: Record<string, number[]> = { vm0: [1], vm1: [2], vm2: [3], vm3: [4, 5], vm4: [6, 7], vm5: [8, 9], vm6: [10, 11], vm7: [12, 13] };
  for (const [vm, p] of Object.entries(pins)) vmCpus(g, vm, p.length, p);
  msiNic(g, 'nic3', 'vm3', 14, 4);
  msiNic(g, 'nic4', 'vm4', 15, 4);
  msiNic(g, 'nic7', 'vm7', 15, 1);
  intxPin(g, 16, 14, [{ id: 'nic5', vm: 'vm5' }], 'disk0');
  intxPin(g, 17, 15, [{ id: 'nic6', vm: 'vm6' }], null);
  const gpu = g.part('host/gpu0', 'gpu');
  g.wire(gpu, 'host/iommu', 'msi');
  const pirq = g.part('host/gpu0/gvt-pirq', 'gvt-pirq');
  g.wire('host/cpu0', pirq, 'vector', 'vector 0x45', 'irq');
  for (const [k, vm] of ['vm0', 'vm1', 'vm2'].entries()) {
    const vgpu = g.part(`host/gvt/vgpu${k + 1}`, 'vgpu');
    g.wire(pirq, vgpu, 'call');
    const efd = g.part(`${vm}/eventfd/${vm}-vgpu-msi`, 'eventfd');
    g.wire(vgpu, efd, 'eventfd');
    const irqfd = g.part(`${vm}/irqfd/gsi${8 + k}`, 'irqfd');
    g.wire(efd, irqfd, 'eventfd', 'wake', 'wake');
    g.wire(irqfd, `${vm}/vcpu0/vlapic`, 'msi');
    g.wire(`${vm}/guest-idt`, g.part(`${vm}/guest/i915 (vgpu${k + 1})`, 'guest-handler'), 'vector', 'vector 0x52', 'irq');
  }
  return g.graph();
}
