// Ground truth of what was raised since the consumer's last read, per type and per event (with its flows), and the
// settlement of a read against it: per type, min(raised, decoded) events are consumed; decoded events in excess of
// their type's raised count absorb unmatched raised events as misattributed; what remains is lost.
import type { FlowGroup } from '../../core/flows';
import { DISPLAY_EVENT_TYPES, zeroCounts, type DisplayEventType, type DisplayIrqRead, type DisplayIrqStats } from './types';

export class DisplayLedger {
  private events: Record<DisplayEventType, FlowGroup[]> = { 'primary-flip': [], cursor: [], vblank: [] };
  readonly stats: DisplayIrqStats = { raised: 0, consumed: 0, signals: 0, wakeups: 0, misattributed: 0, lost: 0 };

  note(type: DisplayEventType, flows: FlowGroup): void {
    this.events[type].push(flows.slice());
    this.stats.raised++;
    this.stats.signals++;
  }

  /** Settles one read that decoded `decoded` per type; resets the truth. */
  settle(decoded: Record<DisplayEventType, number>, values: bigint[]): DisplayIrqRead {
    const raised = zeroCounts();
    const consumed: FlowGroup = [];
    const unmatched: FlowGroup[] = [];
    let surplus = 0;
    for (const t of DISPLAY_EVENT_TYPES) {
      const evs = this.events[t];
      raised[t] = evs.length;
      const ok = Math.min(evs.length, decoded[t]);
      surplus += Math.max(0, decoded[t] - evs.length);
      evs.slice(0, ok).forEach((f) => consumed.push(...f));
      unmatched.push(...evs.slice(ok));
      this.stats.consumed += ok;
    }
    const nMis = Math.min(surplus, unmatched.length);
    const misattributed = unmatched.slice(0, nMis).flat();
    const lost = unmatched.slice(nMis).flat();
    this.stats.misattributed += nMis;
    this.stats.lost += unmatched.length - nMis;
    this.stats.wakeups++;
    this.events = { 'primary-flip': [], cursor: [], vblank: [] };
    return { decoded, raised, values, consumed, misattributed, lost };
  }
}
