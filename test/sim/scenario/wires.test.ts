// The x86 machine as a graph of named ports: the path of one interrupt from the device to the guest's handler is an
// unbroken chain of connections (sim.wires.path walks it), and so is the EOI's way back for a level INTx.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { WireGraph } from '../../../src/sim/core/wires';
import { Lab } from '../../../src/sim/lab/lab';

const preset = (name: string) => readFileSync(new URL(`../../../resources/presets/${name}.yaml`, import.meta.url), 'utf8');

/** The wire graph once the run has gone `ns` in (edges made at run time included; null: as built, before any event). */
function wiresAt(name: string, ns: number | null): WireGraph {
  const r = Lab.load(preset(name));
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  if (ns !== null) r.lab.advance(1e9, ns);
  return r.lab.sim.wires;
}

/** The nodes of the shortest chain from `from` to `to` (without `from`), and the kinds of its wires. */
function chain(w: WireGraph, from: string, to: string) {
  const p = w.path(from, to);
  expect(p, `${from} ⇒ ${to}`).not.toBeNull();
  return { nodes: p!.map((e) => e.to.node), kinds: p!.map((e) => e.kind) };
}

describe('the x86 interrupt path as wires', () => {
  it('msi-emulated: NIC → IOMMU → APIC bus → LAPIC → pCPU → VFIO → eventfd → irqfd → the VM → vLAPIC → vCPU → guest IDT → driver', () => {
    const w = wiresAt('msi-emulated', 1_000_000);
    const c = chain(w, 'host/nic0', 'vm0/guest/nic0 driver');
    expect(c.nodes).toEqual([
      'host/iommu', 'host/apic-bus', 'host/cpu0/lapic', 'host/cpu0', 'host/vfio/nic0/msi0', 'vm0/eventfd/nic0-msi0',
      'vm0/irqfd/gsi0', 'vm0/apic-bus', 'vm0/vcpu0/vlapic', 'vm0/vcpu0', 'vm0/guest-idt', 'vm0/guest/nic0 driver',
    ]);
    expect(c.kinds).toEqual(['msi', 'msi', 'msi', 'irq', 'vector', 'eventfd', 'eventfd', 'msi', 'msi', 'irq', 'vector', 'vector']);
    // The kick goes back to the vCPU's pCPU as an IPI.
    expect(chain(w, 'vm0/vcpu0', 'host/cpu1').nodes).toEqual(['host/cpu1/lapic', 'host/cpu1']);
  });

  it('msi-posted: the IOMMU posts into each vCPU\'s descriptor, which notifies its pCPU\'s LAPIC and syncs into the vLAPIC', () => {
    const w = wiresAt('msi-posted', 1_000_000);
    expect(chain(w, 'host/nic0', 'vm0/guest/nic0 driver (queue 0)').nodes).toEqual([
      'host/iommu', 'vm0/vcpu0/pi-desc', 'vm0/vcpu0/vlapic', 'vm0/vcpu0', 'vm0/guest-idt', 'vm0/guest/nic0 driver (queue 0)',
    ]);
    for (let q = 0; q < 4; q++) {
      // Queue q is posted to vCPU q: PIR → vIRR into its vLAPIC, which kicks it.
      expect(chain(w, 'host/iommu', `vm0/vcpu${q}`).nodes).toEqual([`vm0/vcpu${q}/pi-desc`, `vm0/vcpu${q}/vlapic`, `vm0/vcpu${q}`]);
      // The notification: an interrupt message on the APIC bus to the pCPU the vCPU runs on.
      expect(chain(w, `vm0/vcpu${q}/pi-desc`, `host/cpu${q + 1}`).nodes).toEqual(['host/apic-bus', `host/cpu${q + 1}/lapic`, `host/cpu${q + 1}`]);
    }
    expect(chain(w, 'host/cpu1', 'host/cpu1/posted-intr-wakeup').nodes).toEqual(['host/cpu1/posted-intr-wakeup']);
    // A vector whose IRTE were not posted would still be remapped to the APIC bus: that branch stays drawn.
    expect(chain(w, 'host/iommu', 'host/vfio/nic0/msix0').nodes).toEqual(['host/apic-bus', 'host/cpu0/lapic', 'host/cpu0', 'host/vfio/nic0/msix0']);
  });

  it('intx-shared-line: NIC → pin 16 → IOAPIC → … → the line\'s IRQ → its actions → eventfd → level irqfd → the VM\'s IOAPIC → … → driver', () => {
    // At 3 ms the disk's driver (loaded at 2 ms) is on the line too.
    const w = wiresAt('intx-shared-line', 3_000_000);
    const c = chain(w, 'host/nic0', 'vm0/guest/nic0 driver');
    expect(c.nodes).toEqual([
      'host/pin16', 'host/ioapic', 'host/apic-bus', 'host/cpu0/lapic', 'host/cpu0', 'host/irq16', 'host/vfio/nic0/intx',
      'vm0/eventfd/nic0-intx', 'vm0/irqfd/gsi16', 'vm0/ioapic', 'vm0/apic-bus', 'vm0/vcpu0/vlapic', 'vm0/vcpu0',
      'vm0/guest-idt', 'vm0/guest/nic0 driver',
    ]);
    expect(w.outOf('host/irq16').filter((e) => e.from.port === 'action').map((e) => e.to.node)).toEqual(['host/vfio/nic0/intx', 'host/disk0/driver']);
    expect(chain(w, 'host/disk0', 'host/disk0/driver').nodes).toEqual(['host/pin16', 'host/ioapic', 'host/apic-bus', 'host/cpu0/lapic', 'host/cpu0', 'host/irq16', 'host/disk0/driver']);
  });

  it('intx-shared-line: the guest\'s EOI goes back through KVM\'s EOI exit, the IOAPIC\'s ack notifier and resamplefd to VFIO\'s unmask', () => {
    const w = wiresAt('intx-shared-line', 3_000_000);
    const c = chain(w, 'vm0/vcpu0/vlapic', 'host/vfio/nic0/intx');
    expect(c.nodes).toEqual(['vm0/vcpu0', 'vm0/ioapic', 'vm0/irqfd/gsi16', 'vm0/eventfd/nic0-resample', 'host/vfio/nic0/intx']);
    expect(c.kinds.slice(1)).toEqual(['eoi', 'eoi', 'eventfd', 'eventfd']);
    expect(w.edges().some((e) => e.from.node === 'vm0/vcpu0/vlapic' && e.from.port === 'level-eoi' && e.to.node === 'vm0/vcpu0')).toBe(true);
    // The host side's EOI broadcast: each LAPIC to the IOAPIC.
    expect(chain(w, 'host/cpu0/lapic', 'host/ioapic').kinds).toEqual(['eoi']);
  });

  it('request_irq and free_irq make and remove the line\'s edge to an action; VFIO_DEVICE_SET_IRQS and KVM_IRQFD are made when the VM starts', () => {
    const before = wiresAt('intx-shared-line', null);
    expect(before.outOf('host/irq16').filter((e) => e.from.port === 'action')).toEqual([]);
    expect(before.path('host/vfio/nic0/intx', 'vm0/irqfd/gsi16')).toBeNull();
    const after = wiresAt('intx-shared-line', 19_000_000); // the disk unloaded at 16 ms
    expect(after.outOf('host/irq16').filter((e) => e.from.port === 'action').map((e) => e.to.node)).toEqual(['host/vfio/nic0/intx']);
  });
});
