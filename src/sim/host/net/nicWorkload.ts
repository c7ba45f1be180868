// What a NIC workload needs from its device and gives its driver. The device side raises the interrupt on a queue
// (an MSI-X vector, or the one MSI / INTx cause) and says which flow carries it; the driver side, whoever it is (a
// guest driver on a vCPU, a native host driver on a pCPU), tells the workload which flows its handler serviced and on
// which CPU, and the workload queues the rest of the work there (its NAPI poll, the application, the reply).
import type { FlowGroup } from '../../core/flows';
import type { DriverCpu } from './driverCpu';

export interface IrqRaiser {
  /** The device raises its interrupt on `queue`: returns the flow, or 0 when the device is quiesced. */
  raise(queue: number): number;
}

export interface NicWorkload {
  /** Starts the remote clients or the stream (once, when the machine starts). */
  start(): void;
  /** The driver's handler serviced `flows` on `cpu` (told when the handler starts). */
  serviced(cpu: DriverCpu, flows: FlowGroup): void;
}
