// npm run bench:sweep (and part of npm run bench): sweep throughput with 1 and N workers, start-up apart from steady
// state. Start-up is the CLI process (node, tsx, one empty run, as `virq sweep` pays it) and, for each pool, the time
// from asking for it to its first result. Steady state is the points per second over the grid's last three quarters
// of runs (every thread warm, the idle tail at the end included), with the CLI's own pool code: --jobs 1 runs here,
// as the CLI's does; "1 worker" is the same pool with one helper thread, the like-for-like base of the N-worker ratio.
import { spawnSync } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { readFileSync } from 'node:fs';
import { inProcessRunner, workerPoolRunner, type SweepRunner } from '../src/cli/sweep/pool';
import type { SweepTask } from '../src/sim/lab/sweep/runTask';

const PRESET = 'msi-emulated';
const UNTIL_NS = 50_000_000;
const SEEDS = 2;
const RATES = 48;
const METRICS = ['latencyNs.p50', 'latencyNs.p99'];

/** 2 delivery modes × RATES device rates × SEEDS seeds, in grid order. */
function grid(): SweepTask[] {
  const tasks: SweepTask[] = [];
  let point = 0;
  for (const delivery of ['emulated', 'posted']) {
    for (let i = 0; i < RATES; i++, point++) {
      const rate = Math.round(20_000 + (100_000 * i) / (RATES - 1));
      for (let s = 0; s < SEEDS; s++) tasks.push({ point, seedIndex: s, seed: 1 + s, set: { 'vms[0].delivery': delivery, 'devices[0].rate': String(rate) }, untilNs: UNTIL_NS });
    }
  }
  return tasks;
}

interface PoolFigures { label: string; startupMs: number; steadyPointsPerS: number; cpuMsPerPoint: number; coresBusy: number; wallMs: number }

async function measure(label: string, make: () => SweepRunner | Promise<SweepRunner>): Promise<PoolFigures> {
  const tasks = grid();
  const t0 = performance.now();
  const runner = await make();
  const from = Math.floor(tasks.length / 4);
  const at: number[] = [];
  // The process's CPU time over the steady window (every thread): per point it is the work's cost, whoever runs it;
  // over the wall time it says how many cores the pool had (another process on the machine takes its share).
  let cpu0 = process.cpuUsage();
  try {
    await runner.runAll(tasks, () => { if (at.push(performance.now()) === from) cpu0 = process.cpuUsage(); });
  } finally {
    await runner.close();
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const steadyMs = at[at.length - 1]! - at[from - 1]!;
  const points = (tasks.length - from) / SEEDS;
  return { label, startupMs: at[0]! - t0, steadyPointsPerS: points / (steadyMs / 1000), cpuMsPerPoint: cpuMs / points, coresBusy: cpuMs / steadyMs, wallMs: at[at.length - 1]! - t0 };
}

/** The CLI as a user starts it, on one empty point: node, tsx compiling the CLI, loading the scenario. */
function cliStartupMs(): number {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, [new URL('../bin/virq.js', import.meta.url).pathname, 'sweep', PRESET, '--vary', 'vms[0].delivery=emulated', '--until', '0ms', '--jobs', '1'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`virq sweep failed: ${r.stderr}`);
  return performance.now() - t0;
}

export async function sweepBench(cores = availableParallelism()): Promise<void> {
  const text = readFileSync(new URL(`../resources/presets/${PRESET}.yaml`, import.meta.url), 'utf8');
  const points = grid().length / SEEDS;
  console.log(`sweep ${PRESET}, ${points} points × ${SEEDS} seeds at ${UNTIL_NS / 1e6} ms simulated (the CLI's pool; steady state over the last ¾ of the runs)`);
  console.log(`  CLI start-up ${cliStartupMs().toFixed(0).padStart(8)} ms   (virq sweep on one empty point: node, tsx, the scenario; the same for any --jobs)`);
  const rows = [
    await measure('1 job (here)', () => inProcessRunner(text, METRICS)),
    await measure('1 worker', () => workerPoolRunner(text, METRICS, 1)),
    await measure(`${cores} workers`, () => workerPoolRunner(text, METRICS, cores)),
  ];
  for (const r of rows) {
    console.log(`  ${r.label.padEnd(12)} start-up ${r.startupMs.toFixed(0).padStart(5)} ms to the first result · steady ${r.steadyPointsPerS.toFixed(2).padStart(6)} points/s, ${r.cpuMsPerPoint.toFixed(0)} ms CPU per point, ${r.coresBusy.toFixed(2)} cores busy · ${(r.wallMs / 1000).toFixed(1)} s in all`);
  }
  const [here, oneWorker, many] = rows as [PoolFigures, PoolFigures, PoolFigures];
  const base = Math.max(here.steadyPointsPerS, oneWorker.steadyPointsPerS);
  const scaling = many.steadyPointsPerS / base;
  console.log(`  load         ${loadavg().map((x) => x.toFixed(2)).join(' ')} (1, 5, 15 min) on ${cores} cores: another process's share is not the pool's`);
  console.log(`  scaling      ${scaling.toFixed(2)}× the faster single one (${base === here.steadyPointsPerS ? '1 job here' : '1 worker'}) with ${cores} workers, steady state (target ≥ ${(0.8 * cores).toFixed(1)}×: ${scaling >= 0.8 * cores ? 'met' : 'not met'})`);
  // Why, when not: the pool's own cost shows as more CPU per point than one worker's; a busy machine as fewer cores.
  console.log(`  why          the ${cores} workers had ${many.coresBusy.toFixed(2)} of ${cores} cores; their CPU per point is ${(many.cpuMsPerPoint / oneWorker.cpuMsPerPoint).toFixed(2)}× one worker's`);
}

if (import.meta.url === `file://${process.argv[1]}`) await sweepBench();
