// The long fuzz campaign (npm run fuzz): mutated presets through validation and a budgeted run, one process, with
// counts at the end. Exit 1 when any case crashed, was refused without a path, or took longer than --slow-ms.
//   tsx test/fuzz/campaign.ts [--cases 5000] [--seed 1] [--max-events 2000000] [--slow-ms 20000]
import { readPresetDir } from '../../src/labhost/node/presetFiles';
import { runCase } from './check';
import { mutant } from './mutate';

const opt = (name: string, dflt: number) => {
  const i = process.argv.indexOf(`--${name}`);
  const v = i < 0 ? dflt : Number(process.argv[i + 1]);
  if (!Number.isSafeInteger(v) || v < 0) throw new Error(`--${name} needs a non-negative integer`);
  return v;
};
const cases = opt('cases', 5000);
const seed = opt('seed', 1);
const maxEvents = opt('max-events', 2_000_000);
const slowMs = opt('slow-ms', 20_000);

const presets = readPresetDir(new URL('../../resources/presets/', import.meta.url).pathname);
const counts = { rejected: 0, accepted: 0, 'over-budget': 0, crashed: 0, unnamed: 0, slow: 0 };
const t0 = Date.now();
let peakRss = 0;
for (let n = 0; n < cases; n++) {
  const m = mutant(seed, n, presets);
  const t = Date.now();
  const o = runCase(m.text, maxEvents);
  const ms = Date.now() - t;
  counts[o.kind]++;
  if (o.kind === 'crashed' || o.kind === 'unnamed') console.log(`case ${n} (${m.what}): ${o.kind}: ${o.message}`);
  if (ms > slowMs) { counts.slow++; console.log(`case ${n} (${m.what}): slow, ${ms} ms`); }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if ((n + 1) % 500 === 0) console.error(`… ${n + 1}/${cases} (${Math.round((Date.now() - t0) / 1000)} s)`);
}
console.log(`${cases} cases, seed ${seed}, budget ${maxEvents} events: rejected ${counts.rejected}, accepted ${counts.accepted}, `
  + `over budget ${counts['over-budget']}, crashed ${counts.crashed}, rejected without a path ${counts.unnamed}, `
  + `slower than ${slowMs} ms ${counts.slow}; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB, ${Math.round((Date.now() - t0) / 1000)} s`);
process.exitCode = counts.crashed + counts.unnamed + counts.slow > 0 ? 1 : 0;
