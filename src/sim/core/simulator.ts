// The simulation kernel: simulated time, the event queue, the hop log, the flow table and exit counts.
// Every model schedules through `at`/`after` and records what an interrupt does through `hop`.
import type { HopKind, KindId } from './catalog/hopKinds';
import { EventQueue, type EventAction } from './eventQueue';
import { FlowTable } from './flows';
import { HopLog, type HopClass } from './hopLog';
import { FaultPoints } from './faults';
import { ExitCounter } from './metrics';
import type { Ns } from './time';
import { WireGraph } from './wires';

export const HOST = 'host';

export class Simulator {
  now: Ns = 0;
  events = 0;
  readonly queue = new EventQueue();
  readonly log: HopLog;
  readonly flows = new FlowTable();
  readonly exits = new ExitCounter();
  /** Every connection between the machine's parts (interrupt lines, messages, eventfds, EOI notifications). */
  readonly wires = new WireGraph();
  /** Faults the scenario injects, asked where they can strike (a lost EOI, a lost unmask). */
  readonly faults = new FaultPoints();
  /** "vector 0x51" interned, per vector: most interrupts' hops say it (built once, not per hop). */
  private readonly vectorIds: number[] = [];
  /** Sources raise until this time; afterwards the run only drains what is in flight. */
  sourcesUntil: Ns = Infinity;

  constructor(logCapacity: number, classify?: (kind: string) => HopClass) {
    this.log = new HopLog(logCapacity, classify);
  }

  at(t: Ns, action: EventAction): void {
    if (t < this.now) throw new Error(`scheduled in the past: ${t} < ${this.now}`);
    this.queue.push(t, action);
  }

  after(dt: Ns, action: EventAction): void {
    this.queue.push(this.now + dt, action);
  }

  /** Processes events up to and including time `until`, at most `maxEvents`; returns how many ran. */
  runUntil(until: Ns, maxEvents: number): number {
    const q = this.queue;
    let n = 0;
    while (n < maxEvents && q.length > 0 && q.peekTime() <= until) {
      this.now = q.peekTime();
      q.pop()();
      n++;
    }
    this.events += n;
    return n;
  }

  /** Interns a string for the log's columns (places, VM names, details). */
  sid(s: string): number {
    return this.log.strings.id(s);
  }

  /** Interns a hop kind from the catalog: the id a hop of that kind is recorded with. */
  kind<K extends HopKind>(k: K): KindId<K> {
    return this.log.strings.id(k) as KindId<K>;
  }

  /** Interns several kinds at once, in the order given (ids follow first use). */
  kinds<K extends HopKind>(ks: readonly K[]): { readonly [P in K]: KindId<P> } {
    const out = {} as Record<K, number>;
    for (const k of ks) out[k] = this.log.strings.id(k);
    return out as { readonly [P in K]: KindId<P> };
  }

  /** Records a hop that starts now and lasts `durNs`, on behalf of `flow` (0 when it belongs to none). */
  hop(flow: number, kindId: number, whereId: number, vmId: number, detailId: number, durNs: Ns = 0): void {
    this.log.record(this.now, durNs, flow, kindId, whereId, vmId, detailId);
    this.flows.noteHop(flow, kindId);
  }

  /** A new flow for a physical assertion by `source`, to be serviced on behalf of `vm`. */
  /** The interned detail "vector 0x<v>" (memoized: it is on every interrupt's path). */
  vectorSid(v: number): number {
    let id = this.vectorIds[v];
    if (id === undefined) id = this.vectorIds[v] = this.sid(`vector 0x${v.toString(16)}`);
    return id;
  }

  raiseFlow(sourceId: number, vmId: number): number {
    return this.flows.raise(this.now, sourceId, vmId);
  }
}
