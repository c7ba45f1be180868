// A PCI INTx line: a wired-OR of the functions that share it, driving one IOAPIC pin (active while any
// function asserts: Interrupt Status set and INTx Disable clear).
// As a part of the wiring ("host/pin16"): each function's INTA# out-port is connected to `input` (a function tells
// the line its level may have changed), and `out` drives the interrupt controller's pin.
import type { FlowGroup } from '../../core/flows';
import { inPort, outPort, wireNode, type InPort, type OutPort, type WireNode } from '../../core/wires';

export interface IntxSource {
  readonly device: string;
  asserting(): boolean;
  intxFlows(): FlowGroup;
}

/** The line's level into a pin, with the flows riding on it. */
export type LineLevel = (level: boolean, flows: () => FlowGroup) => void;

export class IntxLine {
  private readonly sources: IntxSource[] = [];
  private level = false;
  readonly node: WireNode;
  /** A function's INTA# changed what it drives. */
  readonly input: InPort<() => void>;
  /** Drives the interrupt controller's pin. */
  readonly out: OutPort<LineLevel>;

  constructor(readonly name: string) {
    this.node = wireNode(`host/${name}`, 'intx-line', 'host', name);
    this.input = inPort(this.node, 'in', 'irq', () => this.update());
    this.out = outPort<LineLevel>(this.node, 'out', 'irq', () => {});
  }

  /** A function joins the wired OR (its INTA# out-port is connected to `input`). */
  attach(s: IntxSource): void {
    this.sources.push(s);
  }

  get asserted(): boolean {
    return this.level;
  }

  /** Flows of every function asserting now, in attach order. */
  flows(): FlowGroup {
    const out: FlowGroup = [];
    for (const s of this.sources) if (s.asserting()) out.push(...s.intxFlows());
    return out;
  }

  /** Re-evaluates the wired OR after a function changed what it drives. */
  update(): void {
    const level = this.sources.some((s) => s.asserting());
    if (level === this.level) return;
    this.level = level;
    this.out.send(level, () => this.flows());
  }
}
