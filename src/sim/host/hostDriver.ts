// A host-owned device's driver: its hard-irq handler services the interrupt on the host (no VM involved). Its body
// costs host.driver.handler, or the device's own `host.driver.handler@<device>`. A device with a workload is told
// which CPU serviced which flows (its NAPI poll or application runs there next).
import type { CostModel } from '../core/costModel';
import type { Simulator } from '../core/simulator';
import type { FlowGroup } from '../core/flows';
import { PCpu } from './pcpu';
import { scopedStep } from './step';

/** Told when the handler starts: the pCPU it runs on and the flows it serviced. */
export type HostServiced = (pcpu: PCpu, flows: FlowGroup) => void;

export class HostDriver {
  private readonly kHandler;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, readonly device: string, private readonly onServiced?: HostServiced) {
    this.kHandler = sim.kind('host.handler');
  }

  attach(pcpu: PCpu, vector: number): void {
    pcpu.requestVector(vector, PCpu.handler(`host/${this.device}/driver`, `${this.device} driver`, (_v, flows: FlowGroup) => [
      scopedStep(this.costs, this.kHandler, 'host.driver.handler', this.device, pcpu.where, flows[0] ?? 0, this.sim.sid(`${this.device} driver`), {
        start: () => {
          flows.forEach((f, i) => this.sim.flows.deliver(f, this.sim.now, i > 0));
          this.onServiced?.(pcpu, flows);
        },
      }),
    ], 'host-driver'), true);
  }
}
