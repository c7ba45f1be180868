// Costs of the NIC workloads (closed-loop request/response, streaming with NAPI): the device-side and register-access
// figures that do not depend on the workload. What does depend on it — the wire and remote turnaround, the
// application's time, the per-packet stack cost, line rate — is a field of the device's `workload`, not a cost.
import type { CostCatalog } from './costEntry';

const F = '../shared/facts/interrupt-virtualization.md';

export const NET_COSTS = {
  'nic.bar.write': {
    value: 100, unit: 'ns', estimate: true, range: [30, 500],
    rangeWhy: 'estimate: a posted write: from a write-combining drain (tens of ns) up to an uncached write waiting on the fabric (about the §G read round trip)',
    source: `estimate: a posted MMIO write to a NIC BAR register (a TX tail doorbell, an interrupt mask/unmask such as e1000e IMS/IMC). ${F} §G gives a BAR MMIO read at 423.7 ns (pcie-lat); a write is posted, so the CPU retires it without waiting for the round trip: 30–500 ns (write-combining buffer drain to an uncached write)`,
    meaning: 'a driver writes a NIC register through its mapped BAR (doorbell, interrupt unmask); for an assigned device the BAR is mapped into the guest: no exit',
  },
  'nic.tx.dma': {
    value: 1000, unit: 'ns', estimate: true, range: [300, 3000],
    rangeWhy: 'estimate: two non-posted DMA reads of about the §G 423.7 ns round trip each, from a warm root complex (0.3 µs) to a loaded one (3 µs)',
    source: `estimate: after the doorbell the NIC fetches the TX descriptor and then the packet by DMA (two non-posted PCIe reads, each about the 423.7 ns round trip of ${F} §G) before the packet leaves; 0.3–3 µs`,
    meaning: 'the NIC fetches the TX descriptor and packet by DMA and puts the reply on the wire (then writes back the TX completion)',
  },
} satisfies CostCatalog;
