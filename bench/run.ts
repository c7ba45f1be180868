// npm run bench: simulation throughput on a preset, next to a bare event-queue loop of the same number of events
// in the same run (the machine is noisy: the ratio is the figure to watch, not the absolute rate).
import { readFileSync } from 'node:fs';
import { EventQueue } from '../src/sim/core/eventQueue';
import { Lab } from '../src/sim/lab/lab';
import { Prng } from '../src/sim/core/prng';

const PRESET = new URL('../resources/presets/msi-emulated.yaml', import.meta.url);
const text = readFileSync(PRESET, 'utf8').replace('duration: 20ms', 'duration: 1s');

function simRun() {
  const r = Lab.load(text);
  if (!r.ok) throw new Error('preset invalid');
  const t0 = performance.now();
  const s = r.lab.runToEnd();
  return { ms: performance.now() - t0, events: s.events, hops: s.hops, flows: s.flows.raised };
}

/** The same number of events through the bare queue: each event schedules a successor, ~64 in flight. */
function queueRun(events: number) {
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

simRun(); // warm-up
const rounds = 3;
const sims = Array.from({ length: rounds }, simRun);
const sim = sims.sort((a, b) => a.ms - b.ms)[Math.floor(rounds / 2)]!;
const queues = Array.from({ length: rounds }, () => queueRun(sim.events)).sort((a, b) => a.ms - b.ms);
const queue = queues[Math.floor(rounds / 2)]!;

const per = (n: number, ms: number) => `${(n / ms / 1000).toFixed(2)} M/s`;
console.log(`preset msi-emulated, 1 s simulated: ${sim.flows} flows, ${sim.events} events, ${sim.hops} hops (median of ${rounds})`);
console.log(`  simulation   ${sim.ms.toFixed(1).padStart(8)} ms   ${per(sim.events, sim.ms)} events   ${per(sim.hops, sim.ms)} hops`);
console.log(`  bare queue   ${queue.ms.toFixed(1).padStart(8)} ms   ${per(queue.events, queue.ms)} events (same count, trivial actions)`);
console.log(`  ratio        simulation takes ${(sim.ms / queue.ms).toFixed(1)}× the bare queue's time for the same events`);
