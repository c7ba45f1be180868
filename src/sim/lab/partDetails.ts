// What the machine diagram needs to know about a part beyond its wires: the register files it owns (to open in the
// inspector), the place its hops are logged at (the log's "where", to filter the log to it), and for a device a line
// saying what it is and how it signals (from the scenario, never a guess from its id). Tied by the id conventions of
// the builder: a part "host/cpu0/lapic" owns the file "host/cpu0/lapic", a device "host/nic0" the files of device
// nic0 (its config space, MSI-X table, the guest's view of it), "host/gvt/vgpu1" the files of vgpu1, and so on.
import type { MachineGraphEdge, MachineGraphNode, RegisterFileInfo } from '../../shared/protocol';
import type { Scenario } from '../scenario/schema';

/** The scenario's devices as this module reads them. */
export type DeviceDecl = Pick<Scenario['devices'][number], 'id' | 'kind' | 'irq' | 'owner' | 'vectors' | 'spi' | 'pin' | 'hostCpu' | 'hostVector'>;

export interface PartDetails {
  registerFiles: string[];
  logPlace?: string;
  detail?: string;
}

const DEVICE_KINDS: ReadonlySet<string> = new Set(['pci-function', 'platform-device', 'gpu']);

const last = (id: string) => id.slice(id.lastIndexOf('/') + 1);

/** The "where" of the part's own hops, for the parts that log under their own name. */
export function logPlaceOf(node: Pick<MachineGraphNode, 'id' | 'kind' | 'vm' | 'label'>): string | undefined {
  const seg = node.id.split('/');
  switch (node.kind) {
    case 'pcpu':
    case 'iommu':
      return last(node.id);
    case 'lapic':
      return seg.length === 3 ? `${seg[1]}.lapic` : undefined;
    case 'vcpu':
      return seg.length === 2 ? `${seg[0]}.${seg[1]}` : undefined;
    case 'ioapic':
      return node.label;
    case 'gic':
      return 'gicd';
    case 'vmm-thread':
      return `${node.vm}.${last(node.id)}`;
    case 'vfio-display-irq':
      return `${node.vm}.vgpu-display`;
    default:
      return DEVICE_KINDS.has(node.kind) ? last(node.id) : undefined;
  }
}

/**
 * The part that owns a register file, among the graph's parts: the part of the same id; a GIC distributor's files
 * (banked ones and GICv3 redistributors included) the GIC or the VM's vGIC; an IRTE the IOMMU; a device's files
 * (the host's and the guest's view) the device; a vGPU's its vGPU; a guest's virtual timer the vCPU timer it runs
 * on; a driver's state file its i915 part.
 */
export function ownerOf(file: Pick<RegisterFileInfo, 'id' | 'owner' | 'device'>, nodes: readonly MachineGraphNode[]): MachineGraphNode | undefined {
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const exact = byId.get(file.id);
  if (exact) return exact;
  const kind = last(file.id);
  const find = (test: (n: MachineGraphNode) => boolean) => nodes.find(test);
  if (kind === 'gicd' || kind === 'gicd-bank' || kind === 'gicr-rd') {
    return file.owner === 'host' ? find((n) => n.kind === 'gic' && n.vm === 'host') : find((n) => n.kind === 'vgic' && n.vm === file.owner);
  }
  // An interrupt-remapping table entry is the IOMMU's, whichever device it remaps.
  if (/^irte\d+$/.test(kind)) return find((n) => n.kind === 'iommu' && n.vm === 'host');
  if (kind === 'cntv') return byId.get(`host/${file.device}/vtimer`);
  // A driver's state: the part of its VM named after the driver ("host/gpu0/i915", "vm0/guest/i915 (vgpu1)").
  if (kind === 'state') return find((n) => n.vm === file.owner && (last(n.id) === file.device || last(n.id).startsWith(`${file.device} `)));
  const device = byId.get(`host/${file.device}`);
  if (device && DEVICE_KINDS.has(device.kind)) return device;
  return find((n) => n.kind === 'vgpu' && last(n.id) === file.device) ?? find((n) => n.label === file.device && n.vm === file.owner);
}

/** How a device signals, as the scenario declares it: "PCI function, INTx pin 16, host driver". */
export function deviceDetail(d: DeviceDecl): string {
  const what = d.kind === 'gpu' ? 'GPU' : d.irq === 'spi' ? 'platform device' : 'PCI function';
  const how = d.irq === 'intx' ? `INTx pin ${d.pin}`
    : d.irq === 'spi' ? `SPI ${d.spi}`
      : d.irq === 'msix' ? `MSI-X ×${d.vectors}` : 'MSI';
  const who = d.owner === 'host' ? 'host driver' : `assigned to ${d.owner}`;
  return `${what}, ${how}, ${who}`;
}

/** The label of a device's message wire: where its host MSI goes ("MSI-X ×4 → cpu14, vectors 0x41–0x44"). */
export function msiRouteLabel(d: DeviceDecl): string | undefined {
  const hex = (v: number) => `0x${v.toString(16)}`;
  if (d.irq === 'msi') return `MSI → cpu${d.hostCpu} vector ${hex(d.hostVector)}`;
  if (d.irq === 'msix') return `MSI-X ×${d.vectors} → vectors ${hex(d.hostVector)}–${hex(d.hostVector + d.vectors - 1)}`;
  return undefined;
}

/** Every part's details, by part id. */
export function partDetails(nodes: readonly MachineGraphNode[], files: readonly Pick<RegisterFileInfo, 'id' | 'owner' | 'device'>[], devices: readonly DeviceDecl[]): Map<string, PartDetails> {
  const out = new Map<string, PartDetails>(nodes.map((n) => {
    const d: PartDetails = { registerFiles: [] };
    const place = logPlaceOf(n);
    if (place !== undefined) d.logPlace = place;
    return [n.id, d];
  }));
  for (const f of files) {
    const owner = ownerOf(f, nodes);
    if (owner) out.get(owner.id)!.registerFiles.push(f.id);
  }
  for (const d of devices) {
    const part = out.get(`host/${d.id}`);
    if (part) part.detail = deviceDetail(d);
  }
  return out;
}

/** The label of each edge that carries a device's own messages (its MSI or MSI-X writes), by edge index. */
export function edgeLabels(edges: readonly MachineGraphEdge[], devices: readonly DeviceDecl[]): Map<number, string> {
  const byPart = new Map(devices.map((d) => [`host/${d.id}`, d]));
  const out = new Map<number, string>();
  edges.forEach((e, i) => {
    const d = byPart.get(e.from.node);
    if (!d || e.kind !== 'msi' || e.from.port !== 'msi') return;
    const label = msiRouteLabel(d);
    if (label) out.set(i, label);
  });
  return out;
}
