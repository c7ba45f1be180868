// Throughput figures of the devices that run a closed-loop or streaming workload, and the bare-metal comparison.
// (Self-contained: run.ts's RunSummary refers to these, so nothing here imports run.ts.)

/** Integer nanoseconds of simulated time. */
type Ns = number;

/** Nearest-rank percentiles (the same shape as run.ts's Percentiles). */
export interface WorkloadPercentiles {
  count: number;
  p50: Ns;
  p90: Ns;
  p99: Ns;
  max: Ns;
}

export interface RrFigures {
  clients: number;
  /** Transactions whose reply left the NIC while the sources were on, and per second of that window. */
  transactions: number;
  transactionsPerSec: number;
  /** VM exits of the owner VM over the run, per transaction completed (0 on the host). */
  exitsPerTransaction: number;
  /** Request sent by the client → its reply leaves the NIC (the wire round trip included). */
  latencyNs: WorkloadPercentiles & { mean: Ns };
  /** Most requests outstanding at once (never more than `clients`). */
  maxOutstanding: number;
}

export interface StreamFigures {
  offeredGbps: number;
  /** Packets the driver's polls took while the sources were on, as Gbit/s of payload and packets per second. */
  gbps: number;
  packets: number;
  packetsPerSec: number;
  /** Packets dropped because the ring was full. */
  drops: number;
  /** NAPI polls (each up to `budget` packets). */
  polls: number;
  packetsPerInterrupt: number;
  exitsPerInterrupt: number;
}

export interface WorkloadSummary {
  device: string;
  kind: 'rr' | 'stream';
  /** "host" or the VM the device is assigned to. */
  owner: string;
  /** The window the rates are over: while the sources are on. */
  windowNs: Ns;
  /** Interrupts the device raised, and per second of the window. */
  interrupts: number;
  interruptsPerSec: number;
  /** Times the driver's handler serviced the device (several raised interrupts can merge into one). */
  handlerRuns: number;
  /** Exits of the owner VM over the run. */
  vmExits: number;
  rr?: RrFigures;
  stream?: StreamFigures;
}

/** This run next to its bare-metal twin (the same devices and workloads, owned by native drivers, no VM). */
export interface BareMetalSummary {
  /** The twin's scenario name and log hash (it ran with the same seed and window). */
  scenario: string;
  logHash: string;
  latencyNs: WorkloadPercentiles;
  completionNs: WorkloadPercentiles;
  workloads: Record<string, WorkloadSummary>;
  /** Per device: this run's throughput (transactions/s or Gbit/s) and transaction latency as % of the twin's. */
  pctOfBareMetal: Record<string, { throughput: number; latencyMean?: number; latencyP99?: number }>;
}
