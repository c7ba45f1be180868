// Hop kinds of the NIC workloads: the wire and the remote client, the NIC's own DMA and receive ring, and the driver's
// and the application's work on the CPU that serviced the interrupt (a vCPU in guest mode, or a host pCPU). Kinds whose
// time is a workload parameter (appWork, perPacket, wireNs: scenario fields) declare no cost entry.
import { hop } from '../hopKind';

export const NET_HOPS = {
  'net.wire': hop('device', 'wire', [], 'the round trip outside the host: the reply on the wire, the remote client\'s turnaround and its next request (the workload\'s wireNs)'),
  'nic.tx.dma': hop('device', 'wire', ['nic.tx.dma'], 'the NIC fetches the TX descriptor and the packet by DMA and sends it'),
  'nic.rx.drop': hop('device', 'wire', [], 'packets that found the NIC\'s receive ring full are dropped (counted in the detail)'),
  'guest.app.work': hop('guest', 'guest', [], 'the guest application and network stack between a request and its reply (the workload\'s appWork), interruptible'),
  'guest.napi.poll': hop('guest', 'guest', [], 'the guest driver\'s NAPI poll: receive packets from the ring (the workload\'s perPacket each)'),
  'guest.nic.write': hop('guest', 'guest', ['nic.bar.write'], 'the guest driver writes a register of its assigned NIC (doorbell, interrupt unmask) through the mapped BAR: no exit'),
  'host.app.work': hop('softirq', 'host', [], 'the host application and network stack between a request and its reply (the workload\'s appWork), in process context'),
  'host.napi.poll': hop('softirq', 'host', [], 'the host driver\'s NAPI poll in softirq: receive packets from the ring (the workload\'s perPacket each)'),
  'host.nic.write': hop('softirq', 'host', ['nic.bar.write'], 'the host driver writes a NIC register (doorbell, interrupt unmask) through its BAR'),
} as const;
