import { describe, expect, it } from 'vitest';
import { FlowTable } from '../../../src/sim/core/flows';
import { flowFigures } from '../../../src/sim/core/metrics';

describe('flow table counts', () => {
  it('keeps running counts equal to a full scan, through deliver, coalesce, complete and drop', () => {
    const t = new FlowTable();
    for (let i = 0; i < 10; i++) t.raise(i, 0, 0);
    t.deliver(1, 5); t.deliver(2, 5, true); t.deliver(2, 6); // a second deliver is ignored
    t.complete(1, 9); t.complete(2, 9); t.complete(1, 10);
    t.drop(3); t.drop(3); t.deliver(4, 7); t.drop(4);
    const scan = flowFigures(t).counts;
    expect(t.counts()).toEqual(scan);
    expect(scan).toEqual({ raised: 10, delivered: 1, coalesced: 1, dropped: 2, pending: 6 });
  });
});
