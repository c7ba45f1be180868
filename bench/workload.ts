// What the benchmark measures, bundled by run.ts the way the app bundles the simulation (no keep-names wrappers).
import { EventQueue } from '../src/sim/core/eventQueue';
import { Prng } from '../src/sim/core/prng';
import { Lab } from '../src/sim/lab/lab';
import { HopLog } from '../src/sim/core/hopLog';

export function simRun(text: string) {
  const r = Lab.load(text);
  if (!r.ok) throw new Error(`preset invalid: ${r.issues[0]?.path}: ${r.issues[0]?.message}`);
  const t0 = performance.now();
  const s = r.lab.runToEnd();
  const ms = performance.now() - t0;
  r.lab.dispose(); // as a sweep's runs do: the next round reuses the log's columns
  return { ms, events: s.events, hops: s.hops, flows: s.flows.raised, simulatedNs: s.simulatedNs, bytesPerHop: HopLog.BYTES_PER_HOP };
}

/** The same number of events through the bare queue: each event schedules a successor, ~64 in flight. */
export function queueRun(events: number) {
  const q = new EventQueue();
  const rng = new Prng(1);
  let n = 0;
  let now = 0;
  const act = () => {
    n++;
    if (n + q.length < events) q.push(now + (rng.nextU32() & 4095), act);
  };
  for (let i = 0; i < 64; i++) q.push(rng.nextU32() & 4095, act);
  const t0 = performance.now();
  while (q.length) { now = q.peekTime(); q.pop()(); }
  return { ms: performance.now() - t0, events: n };
}
