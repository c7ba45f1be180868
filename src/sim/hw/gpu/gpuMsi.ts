// The GPU function's MSI (its 32-bit capability, gpuConfigSpace.ts): on each rising edge of the GPU's interrupt
// output, the message the capability holds is posted (one write, `gpu.msi.write`) and reaches whatever the builder
// connected its `msi` out-port to (the interrupt remapper). With MSI Enable clear, or a message outside the
// 0xFEExxxxx interrupt range, nothing is sent and the hop says why.
// Not modelled: INTx (the GPU's driver always enables MSI), per-vector masking (the capability has none).
import type { CostModel } from '../../core/costModel';
import type { FlowGroup } from '../../core/flows';
import { HOST, type Simulator } from '../../core/simulator';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';
import { decodeMsi, type MsiMessage } from '../pci/msiMessage';
import type { Gen8Gpu, GpuIrqEdge } from './gen8Gpu';
import { msiEnabled, readMsiCap } from './gpuConfigSpace';

/** A message write reaching the platform: who sent it (the remapper's IRTE key), the message, its flows. */
export type MsiSend = (source: string, msg: MsiMessage, flows: FlowGroup) => void;

export class GpuMsi {
  /** The function's MSI capability, as a part of the wiring ("host/gpu0/msi"). */
  readonly node: WireNode;
  /** The GPU's interrupt output. */
  readonly irqIn: InPort<GpuIrqEdge>;
  /** The posted message. */
  readonly msi: OutPort<MsiSend>;
  private readonly kWrite: number;
  private readonly kBlocked: number;
  private readonly where: number;
  private readonly hostVm: number;

  constructor(private readonly sim: Simulator, private readonly costs: CostModel, private readonly gpu: Gen8Gpu) {
    this.node = wireNode(`${gpu.node.id}/msi`, 'msi-cap', gpu.node.vm, `${gpu.device} MSI`);
    this.irqIn = inPort(this.node, 'irq', 'irq', (flows: FlowGroup) => this.edge(flows));
    this.msi = outPort<MsiSend>(this.node, 'msi', 'msi', () => {});
    this.kWrite = sim.kind('gpu.msi.write');
    this.kBlocked = sim.kind('gpu.msi.blocked');
    this.where = sim.sid(gpu.device);
    this.hostVm = sim.sid(HOST);
  }

  /** A rising edge: the MSI write, as the physical config space says. */
  private edge(flows: FlowGroup): void {
    const sim = this.sim;
    const flow = flows[0] ?? 0;
    const vm = flow > 0 ? sim.flows.vmOf(flow) : this.hostVm;
    const cap = readMsiCap(this.gpu.config);
    const msg = msiEnabled(cap) ? decodeMsi(cap.address, cap.data) : { blocked: 'MSI disabled in the physical config space' };
    if ('blocked' in msg) {
      sim.hop(flow, this.kBlocked, this.where, vm, sim.sid(msg.blocked), 0);
      return;
    }
    const dur = this.costs.ns('gpu.msi.write');
    sim.hop(flow, this.kWrite, this.where, vm, sim.sid(`0x${cap.address.toString(16)} ← 0x${msg.vector.toString(16)}`), dur);
    sim.after(dur, () => this.msi.send(this.gpu.device, msg, flows));
  }
}
