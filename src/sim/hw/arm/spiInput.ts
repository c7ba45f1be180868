// The distributor's input for one SPI as a device's level line reaches it, with the time the hardware takes: a rise
// is latched (and signalled to the CPU interface) `arm.gic.forward` later, recorded as a wire hop on the way; a fall
// is seen at once. A rise that falls again before it is latched is not latched. Its in-port is on the GIC's node
// ("host/gic", port "spi N"). Modelled: the latency and its hop; not modelled: a line shared by several devices.
import type { CostModel } from '../../core/costModel';
import type { CostOf, HopKind } from '../../core/catalog/hopKinds';
import type { FlowGroup } from '../../core/flows';
import type { Simulator } from '../../core/simulator';
import { inPort, type InPort } from '../../core/wires';
import type { GicDistributor } from './distributor';
import type { LevelIn } from './gicPorts';

const KIND = 'arm.gic.forward' satisfies HopKind;
const COST: CostOf<typeof KIND> = 'arm.gic.forward';

export class GicSpiInput {
  readonly in: InPort<LevelIn>;
  private high = false;
  /** The flows of the latest rise (the device's pending cause: merges join it until the line falls). */
  private flows: FlowGroup = [];
  private readonly kind: number;
  private readonly where: number;
  private readonly hostVm: number;
  /** Interned when first needed: routing is configured after the input is wired. */
  private detail = -1;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly dist: GicDistributor, readonly intid: number) {
    this.kind = sim.kind(KIND);
    this.where = sim.sid('gicd');
    this.hostVm = sim.sid('host');
    this.in = inPort<LevelIn>(dist.node, `spi ${intid}`, 'irq', (level, flows = []) => this.input(level, flows));
  }

  private input(level: boolean, flows: FlowGroup): void {
    this.high = level;
    if (!level) {
      this.flows = [];
      this.dist.assertSpi(this.intid, false, []);
      return;
    }
    this.flows = flows;
    // The distributor latches the input and signals the CPU interface (hardware, costed as wire time).
    const dur = this.costs.ns(COST);
    const flow = flows[0] ?? 0;
    this.sim.hop(flow, this.kind, this.where, flow > 0 ? this.sim.flows.vmOf(flow) : this.hostVm, this.detailId(), dur);
    this.sim.after(dur, () => {
      if (this.high) this.dist.assertSpi(this.intid, true, this.flows);
    });
  }

  /** "SPI n pending → cpuM": the CPU its route names (the first one, for a set). */
  private detailId(): number {
    if (this.detail < 0) {
      let cpu = 0;
      while (cpu < this.dist.cpus - 1 && !this.dist.isTargeted(this.intid, cpu)) cpu++;
      this.detail = this.sim.sid(`SPI ${this.intid} pending → cpu${cpu}`);
    }
    return this.detail;
  }
}
