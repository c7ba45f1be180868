// Seed 003's masking switch as strategies (host/vfio/intxMasking.ts): whether vfio-pci asks to share the line, which
// hold each interrupt takes, and the adaptive hand-over from the line to the device when a sharer arrives while the
// line is held (which IRQF_ONESHOT_UNMASK_SHARED, never merged, does not do).
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
  it('line requests the IRQ exclusively, as upstream vfio-pci does for a device without DisINTx; the others share it', () => {
    expect(createIntxMasking('line').irqfShared).toBe(false);
    for (const mode of ['device', 'adaptive', 'oneshot-unmask-shared'] as const) expect(createIntxMasking(mode).irqfShared).toBe(true);
  });

  it('the designs that were never merged say so; upstream behaviour needs no note', () => {
    expect(createIntxMasking('line').proposal).toBeNull();
    expect(createIntxMasking('device').proposal).toBeNull();
    expect(createIntxMasking('adaptive').proposal).toMatch(/never merged/);
    expect(createIntxMasking('oneshot-unmask-shared').proposal).toMatch(/^IRQF_ONESHOT_UNMASK_SHARED: .*never merged/);
  });

  it('IRQF_ONESHOT_UNMASK_SHARED masks where IRQ_MASK_DEVICE says at each interrupt, and hands nothing over', () => {
    const m = createIntxMasking('oneshot-unmask-shared');
    expect(m.holdFor(alone, holds)).toBe(holds.line);
    expect(m.holdFor(shared, holds)).toBe(holds.device);
    expect(m.sharingChanged(shared, holds.line, holds, 7)).toEqual([]);
  });

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
