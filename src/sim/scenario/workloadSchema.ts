// A device's workload (issue 12): instead of raising interrupts open-loop at `rate`, a NIC serves a closed loop of
// remote clients (rr: netperf TCP_RR) or receives a stream at line rate with interrupt moderation and NAPI (stream:
// netperf TCP_STREAM), and the run reports its throughput. Kept apart from schema.ts (which includes it as
// `devices[i].workload`) so the device list stays readable. Every field here is a workload parameter: what the
// platform costs is in the cost catalog (nic.bar.write, nic.tx.dma).
import { z } from 'zod';
import { between, duration, int, show } from './fields';
import { NS_PER_MS } from '../core/time';

const RrSchema = z.strictObject({
  kind: z.literal('rr'),
  wireNs: duration(0, 100 * NS_PER_MS).default('20us').describe(
    'the round trip outside the host: the reply on the wire, the remote client\'s turnaround and its next request on the wire (default 20 µs: two hosts on one 10/25 GbE switch, where netperf TCP_RR between bare-metal hosts gives about 20–50 k transactions/s; range 0..100 ms)'),
  wireJitter: duration(0, 100 * NS_PER_MS).default(0).describe('each round trip takes wireNs plus a uniform 0..wireJitter drawn from the scenario\'s seed (default 0: the same every time)'),
  appWork: duration(0, 100 * NS_PER_MS).default('10us').describe('the application and network stack between the request and its reply, on the CPU that ran the handler (guest code with interrupts on in a VM: exits and other interrupts pause it); default 10 µs'),
  clients: int(1, 256).default(1).describe('concurrent transactions (netperf instances): each client has one request outstanding; client c uses queue c (an MSI-X vector, modulo the vectors)'),
  txIrq: z.boolean().default(false).describe('the NIC also raises an interrupt when each reply has left (TX completion), on the same queue'),
});

const StreamSchema = z.strictObject({
  kind: z.literal('stream'),
  gbps: between(0.001, 400, 'Gbit/s').default(10).describe('line rate of the incoming stream (default 10 Gbit/s)'),
  packetBytes: int(64, 65536).default(1500).describe('bytes per packet on the wire (default 1500: one MTU; larger stands for LRO/TSO-sized segments)'),
  coalesceUs: int(0, 100_000).default(0).describe('interrupt moderation, as ethtool -C rx-usecs: interrupt this many µs after the first packet not yet signalled (0: no timer)'),
  coalesceFrames: int(0, 65_535).default(0).describe('interrupt moderation, as ethtool -C rx-frames: interrupt once this many packets wait (0: no count); with coalesceUs 0 too, every packet interrupts'),
  budget: int(1, 4096).default(64).describe('NAPI poll budget: packets per poll (NAPI_POLL_WEIGHT = 64, include/linux/netdevice.h)'),
  perPacket: duration(1, NS_PER_MS).default('500ns').describe('CPU time per received packet in the poll (driver, stack and copy to the socket; default 500 ns)'),
  ringSize: int(8, 65_536).default(256).describe('receive ring descriptors (ethtool -G rx; e1000e default 256): a packet that finds it full is dropped'),
});

export const WorkloadSchema = z.discriminatedUnion('kind', [RrSchema, StreamSchema], {
  error: (iss) => `expected a workload with kind rr or stream, got ${show((iss.input as { kind?: unknown } | undefined)?.kind ?? iss.input)}`,
});

export type WorkloadSpec = z.output<typeof WorkloadSchema>;
export type RrSpec = z.output<typeof RrSchema>;
export type StreamSpec = z.output<typeof StreamSchema>;
