// A PCI INTx line: a wired-OR of the functions that share it, driving one IOAPIC pin (active while any
// function asserts: Interrupt Status set and INTx Disable clear).
import type { FlowGroup } from '../../core/flows';

export interface IntxSource {
  readonly device: string;
  asserting(): boolean;
  intxFlows(): FlowGroup;
}

export class IntxLine {
  private readonly sources: IntxSource[] = [];
  private level = false;

  constructor(readonly name: string, private readonly drive: (level: boolean, flows: () => FlowGroup) => void) {}

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
    this.drive(level, () => this.flows());
  }
}
