// npm run bench: simulation throughput on presets, next to a bare event-queue loop of the same number of events in
// the same run (the machine is noisy: the ratio is the figure to watch). The simulation is bundled by esbuild first,
// as the app's builds bundle it: tsx's keep-names wrappers on every closure would otherwise cost ~15%.
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';

const out = new URL('../node_modules/.cache/virq-bench/workload.mjs', import.meta.url).pathname;
await build({ entryPoints: [new URL('./workload.ts', import.meta.url).pathname], bundle: true, platform: 'node', format: 'esm', outfile: out, keepNames: false, packages: 'external', logLevel: 'warning' });
const { simRun, queueRun } = (await import(out)) as typeof import('./workload');

const ROUNDS = 3;
const median = <T extends { ms: number }>(xs: T[]) => [...xs].sort((a, b) => a.ms - b.ms)[Math.floor(xs.length / 2)]!;
const per = (n: number, ms: number) => `${(n / ms / 1000).toFixed(2)} M/s`;

for (const [preset, duration] of [['msi-emulated', '1s'], ['intx-shared-line', '500ms'], ['datacenter-8vm', '100ms']] as const) {
  const text = readFileSync(new URL(`../resources/presets/${preset}.yaml`, import.meta.url), 'utf8').replace(/^duration: .*$/m, `duration: ${duration}`);
  simRun(text); // warm-up
  const sim = median(Array.from({ length: ROUNDS }, () => simRun(text)));
  const queue = median(Array.from({ length: ROUNDS }, () => queueRun(sim.events)));
  console.log(`preset ${preset}, ${duration} simulated: ${sim.flows} flows, ${sim.events} events, ${sim.hops} hops (median of ${ROUNDS})`);
  console.log(`  simulation   ${sim.ms.toFixed(1).padStart(8)} ms   ${per(sim.events, sim.ms)} events   ${per(sim.hops, sim.ms)} hops`);
  console.log(`  bare queue   ${queue.ms.toFixed(1).padStart(8)} ms   ${per(queue.events, queue.ms)} events (same count, trivial actions)`);
  console.log(`  ratio        the simulation takes ${(sim.ms / queue.ms).toFixed(1)}× the bare queue's time for the same events (target ≤ 3×)`);
  console.log(`  real time    ${(sim.simulatedNs / 1e6 / sim.ms).toFixed(3)} s simulated per s of wall time; ${sim.bytesPerHop} bytes per stored hop (target ≤ 32)`);
}

// Sweep throughput with 1 and N workers: start-up apart, steady state over a grid big enough for it (bench/sweep.ts;
// `npm run bench:sweep` runs it alone).
const { sweepBench } = await import('./sweep');
await sweepBench();

// The renderer at scale: a 10 M-hop log in headless Chromium (bench/ui.ts; `npm run bench:ui` runs it alone).
const { uiBench } = await import('./ui');
await uiBench();
