// How the diagram draws a part and a wire: each part kind the model names belongs to a family (device, line,
// interrupt controller, CPU, kernel object, VFIO, eventfd, KVM, guest, GVT-g) with one shape and colour; each wire
// kind has one colour and dash. A kind the table does not know yet is drawn as "other" (and named in its tooltip).
import type { WireKindName } from '../../../shared/protocol';

export type PartFamily =
  | 'device' | 'line' | 'controller' | 'cpu' | 'kernel' | 'vfio' | 'eventfd' | 'kvm' | 'guest' | 'gvt' | 'other';

export type PartShape = 'box' | 'round' | 'pill' | 'chamfer';

export interface FamilyStyle {
  label: string;
  colour: string;
  shape: PartShape;
  /** A thick bar down the left edge (a device: where interrupts start). */
  bar?: boolean;
  /** A second, inset outline (a CPU). */
  double?: boolean;
}

export const FAMILY_STYLES: Readonly<Record<PartFamily, FamilyStyle>> = {
  device: { label: 'device', colour: '#e3b45a', shape: 'box', bar: true },
  line: { label: 'interrupt line', colour: '#f0a35e', shape: 'pill' },
  controller: { label: 'interrupt controller', colour: '#c792ea', shape: 'chamfer' },
  cpu: { label: 'CPU', colour: '#5fa8ff', shape: 'box', double: true },
  kernel: { label: 'host kernel (genirq, driver)', colour: '#7fd1c7', shape: 'round' },
  vfio: { label: 'VFIO', colour: '#ff9cac', shape: 'round' },
  eventfd: { label: 'eventfd, irqfd', colour: '#6cc28a', shape: 'pill' },
  kvm: { label: 'KVM virtual controller', colour: '#82aaff', shape: 'chamfer' },
  guest: { label: 'guest', colour: '#b5e07a', shape: 'round' },
  gvt: { label: 'GVT-g mediator', colour: '#e98bd8', shape: 'round' },
  other: { label: 'other part', colour: '#8a93a0', shape: 'round' },
};

/** The part kinds the model's graph uses (node.kind), by family. */
const FAMILY_OF_KIND: Readonly<Record<string, PartFamily>> = {
  'pci-function': 'device', 'platform-device': 'device', gpu: 'device', device: 'device', timer: 'device',
  'intx-line': 'line', 'irq-line': 'line', spi: 'line', ppi: 'line',
  ioapic: 'controller', lapic: 'controller', iommu: 'controller', 'apic-bus': 'controller', 'interrupt-remapper': 'controller',
  gic: 'controller', gicd: 'controller', gicc: 'controller', gich: 'controller', its: 'controller',
  'gic-cpu-if': 'controller', 'gic-virt-if': 'controller', 'msi-cap': 'controller',
  pcpu: 'cpu', vcpu: 'cpu',
  'ipi-handler': 'kernel', 'irq-desc': 'kernel', 'irq-handler': 'kernel', 'host-driver': 'kernel', 'irq-thread': 'kernel', tasklet: 'kernel', softirq: 'kernel',
  'vfio-intx': 'vfio', 'vfio-msi': 'vfio', 'vfio-msix': 'vfio', 'vfio-platform': 'vfio', virqfd: 'vfio',
  eventfd: 'eventfd', irqfd: 'eventfd', 'level-irqfd': 'eventfd', resamplefd: 'eventfd',
  vioapic: 'kvm', vlapic: 'kvm', vgic: 'kvm', 'kvm-ioapic': 'kvm', 'kvm-lapic': 'kvm', 'gsi-routing': 'kvm', 'posted-descriptor': 'kvm',
  'pi-desc': 'kvm', 'kvm-apic-bus': 'kvm',
  'guest-idt': 'guest', 'guest-handler': 'guest', 'guest-driver': 'guest',
  vgpu: 'gvt', gvt: 'gvt', 'gvt-pirq': 'gvt', 'gvt-host': 'gvt', 'display-source': 'gvt', vmm: 'gvt', 'vmm-thread': 'gvt',
  'vfio-display-irq': 'vfio',
};

export function familyOf(kind: string): PartFamily {
  return FAMILY_OF_KIND[kind] ?? 'other';
}

export function partStyle(kind: string): FamilyStyle {
  return FAMILY_STYLES[familyOf(kind)];
}

export interface WireStyle {
  label: string;
  colour: string;
  /** SVG stroke-dasharray, empty for a solid line. */
  dash: string;
}

export const WIRE_STYLES: Readonly<Record<WireKindName, WireStyle>> = {
  irq: { label: 'IRQ line', colour: '#e3b45a', dash: '' },
  msi: { label: 'MSI write', colour: '#f0a35e', dash: '' },
  vector: { label: 'vector', colour: '#5fa8ff', dash: '' },
  eventfd: { label: 'eventfd signal', colour: '#6cc28a', dash: '' },
  eoi: { label: 'EOI, unmask', colour: '#c792ea', dash: '5 3' },
  ipi: { label: 'IPI', colour: '#f07178', dash: '' },
  mmio: { label: 'MMIO access', colour: '#8a93a0', dash: '2 3' },
  call: { label: 'call', colour: '#7fd1c7', dash: '1 3' },
};

export function wireStyle(kind: string): WireStyle {
  return WIRE_STYLES[kind as WireKindName] ?? { label: kind, colour: '#8a93a0', dash: '' };
}

/** The outline of a part of size w × h at the origin, as an SVG path. */
export function shapePath(shape: PartShape, w: number, h: number): string {
  const r = shape === 'pill' ? h / 2 : shape === 'round' ? 6 : shape === 'box' ? 2 : 0;
  if (shape === 'chamfer') {
    const c = Math.min(7, h / 3);
    return `M${c},0 H${w - c} L${w},${c} V${h - c} L${w - c},${h} H${c} L0,${h - c} V${c} Z`;
  }
  return `M${r},0 H${w - r} A${r},${r} 0 0 1 ${w},${r} V${h - r} A${r},${r} 0 0 1 ${w - r},${h} H${r} A${r},${r} 0 0 1 0,${h - r} V${r} A${r},${r} 0 0 1 ${r},0 Z`;
}
