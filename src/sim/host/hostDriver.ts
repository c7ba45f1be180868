// A host-owned device's driver: its hard-irq handler services the interrupt on the host (no VM involved).
import type { Simulator } from '../core/simulator';
import type { FlowGroup } from '../core/flows';
import { PCpu } from './pcpu';

export class HostDriver {
  private readonly kHandler;

  constructor(private readonly sim: Simulator, readonly device: string) {
    this.kHandler = sim.kind('host.handler');
  }

  attach(pcpu: PCpu, vector: number): void {
    pcpu.requestVector(vector, PCpu.handler(`host/${this.device}/driver`, `${this.device} driver`, (_v, flows: FlowGroup) => [
      pcpu.step(this.kHandler, 'host.driver.handler', flows[0] ?? 0, this.sim.sid(`${this.device} driver`), {
        start: () => flows.forEach((f, i) => this.sim.flows.deliver(f, this.sim.now, i > 0)),
      }),
    ], 'host-driver'), true);
  }
}
