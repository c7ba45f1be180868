// The automatic snapshots of the loaded run: the last RING_SIZE positions, taken every RING_EVERY_EVENTS events
// during a run and at each stop. Cheap: a position and its log hash each, not a copy of the machine (a restore
// re-executes the run to the position: sim/lab/snapshot/).
import type { Lab } from '../sim/lab/lab';
import type { RingSnapshot } from '../shared/protocol';

export const RING_SIZE = 16;
export const RING_EVERY_EVENTS = 50_000;

export class SnapshotRing {
  private entries: RingSnapshot[] = [];
  private lastEvents = 0;

  clear(): void {
    this.entries = [];
    this.lastEvents = 0;
  }

  /** During a run: keeps the position when RING_EVERY_EVENTS have passed since the last one kept. */
  tick(lab: Lab): void {
    if (lab.sim.events - this.lastEvents >= RING_EVERY_EVENTS) this.keep(lab);
  }

  /** Keeps the lab's position (once: a position already kept is not repeated). */
  keep(lab: Lab): void {
    const sim = lab.sim;
    this.lastEvents = sim.events;
    if (sim.events === 0 || this.entries.some((e) => e.events === sim.events)) return;
    this.entries.push({ events: sim.events, simNs: sim.now, hops: sim.log.total, logHash: sim.log.hash() });
    this.entries.sort((a, b) => a.events - b.events);
    if (this.entries.length > RING_SIZE) this.entries.splice(0, this.entries.length - RING_SIZE);
  }

  /** After going back: the next automatic one counts from here. */
  movedTo(events: number): void {
    this.lastEvents = events;
  }

  list(): RingSnapshot[] {
    return this.entries.map((e) => ({ ...e }));
  }

  find(events: number): RingSnapshot | undefined {
    return this.entries.find((e) => e.events === events);
  }
}
