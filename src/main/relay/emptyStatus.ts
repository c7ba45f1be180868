// The status main pushes when the lab worker is gone: nothing loaded, and why.
import type { LabStatus } from '../../shared/protocol';

export function emptyStatus(stopReason: string): LabStatus {
  return {
    state: 'empty',
    scenario: null,
    seed: 0,
    simNs: 0,
    untilNs: 0,
    events: 0,
    hops: 0,
    flows: { raised: 0, delivered: 0, coalesced: 0, dropped: 0, pending: 0 },
    eventsPerSec: 0,
    stopReason,
  };
}
