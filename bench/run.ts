// npm run bench: simulation throughput on presets, next to a bare event-queue loop of the same number of events in
// the same run (the machine is noisy: the ratio is the figure to watch). The simulation is bundled by esbuild first,
// as the app's builds bundle it: tsx's keep-names wrappers on every closure would otherwise cost ~15%.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
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

// Sweep throughput: the same grid with one job (in-process) and with a worker per core, through the CLI as a user
// runs it (process start-up included). Target: N jobs ≥ 0.8 × N × one.
const cores = availableParallelism();
const grid = ['sweep', 'msi-emulated', '--vary', 'vms[0].delivery=emulated,posted', '--vary', 'devices[0].rate=20k..120k:6', '--seeds', '2', '--until', '50ms'];
const sweepMs = (jobs: number) => {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [new URL('../bin/virq.js', import.meta.url).pathname, ...grid, '--jobs', String(jobs)], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`virq sweep failed: ${r.stderr}`);
  return performance.now() - t0;
};
const points = 12;
const one = sweepMs(1);
const many = sweepMs(cores);
const rate = (ms: number) => `${(points / (ms / 1000)).toFixed(2)} points/s`;
console.log(`sweep msi-emulated, ${points} points × 2 seeds at 50 ms simulated (virq sweep, start-up included)`);
console.log(`  1 job        ${one.toFixed(0).padStart(8)} ms   ${rate(one)}`);
console.log(`  ${cores} jobs       ${many.toFixed(0).padStart(8)} ms   ${rate(many)}`);
console.log(`  scaling      ${(one / many).toFixed(2)}× one job with ${cores} jobs (target ≥ ${(0.8 * cores).toFixed(1)}×)`);

// The renderer at scale: a 10 M-hop log in headless Chromium (bench/ui.ts; `npm run bench:ui` runs it alone).
const { uiBench } = await import('./ui');
await uiBench();
