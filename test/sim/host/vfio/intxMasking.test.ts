// Seed 003's masking switch as strategies (host/vfio/intxMasking.ts): which hold each interrupt takes, and the
// adaptive hand-over from the line to the device when a sharer arrives while the line is held.
import { describe, expect, it } from 'vitest';
import type { IrqDesc } from '../../../../src/sim/host/genirq/irqDesc';
import type { IntxHold } from '../../../../src/sim/host/vfio/intxHolds';
import { createIntxMasking, type IntxHolds } from '../../../../src/sim/host/vfio/intxMasking';
import type { Step } from '../../../../src/sim/host/step';

const handOver: Step = { kind: 0, where: 7, flow: 0, detail: 0, dur: 0 };
const hold = (name: 'line' | 'device'): IntxHold => ({
  name,
  holdSteps: () => [],
  releaseSteps: () => [],
  takeOverSteps: () => (name === 'device' ? [handOver] : []),
});
const holds: IntxHolds = { line: hold('line'), device: hold('device') };
const alone = { shared: false } as IrqDesc;
const shared = { shared: true } as IrqDesc;

describe('INTx masking strategies', () => {
  it('line and device always take their own hold, alone or shared, and hand nothing over', () => {
    for (const mode of ['line', 'device'] as const) {
      const m = createIntxMasking(mode);
      expect([m.holdFor(alone, holds).name, m.holdFor(shared, holds).name]).toEqual([mode, mode]);
      expect(m.sharingChanged(shared, holds.line, holds, 7)).toEqual([]);
    }
  });

  it('adaptive holds at the line while the line has one user and at the device while it is shared', () => {
    const m = createIntxMasking('adaptive');
    expect(m.holdFor(alone, holds)).toBe(holds.line);
    expect(m.holdFor(shared, holds)).toBe(holds.device);
  });

  it('adaptive hands a line-level hold over to the device when a sharer arrives, and only then', () => {
    const m = createIntxMasking('adaptive');
    expect(m.sharingChanged(shared, holds.line, holds, 7)).toEqual([handOver]);
    expect(m.sharingChanged(alone, holds.line, holds, 7)).toEqual([]); // the sharer left: the next interrupt takes the line
    expect(m.sharingChanged(shared, holds.device, holds, 7)).toEqual([]);
    expect(m.sharingChanged(shared, null, holds, 7)).toEqual([]);
  });
});
