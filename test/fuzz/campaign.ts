// The long fuzz campaign (npm run fuzz): mutated presets through validation and a budgeted run, one process, with
// counts at the end. Exit 1 when any case crashed, was refused without a path, or took longer than --slow-ms.
//   tsx test/fuzz/campaign.ts [--cases 5000] [--seed 1] [--max-events 2000000] [--slow-ms 20000] [--only N,N,…]
// --only re-runs the listed cases of the campaign (e.g. the slow ones, on a quieter machine).
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

const onlyAt = process.argv.indexOf('--only');
const only = onlyAt < 0 ? null : process.argv[onlyAt + 1]!.split(',').map(Number);
const presets = readPresetDir(new URL('../../resources/presets/', import.meta.url).pathname);
const counts = { rejected: 0, accepted: 0, 'over-budget': 0, crashed: 0, unnamed: 0, slow: 0 };
const t0 = Date.now();
let peakRss = 0;
const caseNumbers = only ?? Array.from({ length: cases }, (_, i) => i);
for (const n of caseNumbers) {
  const m = mutant(seed, n, presets);
  const t = Date.now();
  const o = runCase(m.text, maxEvents);
  const ms = Date.now() - t;
  counts[o.kind]++;
  if (o.kind === 'crashed' || o.kind === 'unnamed') console.log(`case ${n} (${m.what}): ${o.kind}: ${o.message}`);
  if (ms > slowMs) { counts.slow++; console.log(`case ${n} (${m.what}): slow, ${ms} ms`); }
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  if (only) console.log(`case ${n} (${m.what}): ${o.kind}, ${ms} ms`);
  else if ((n + 1) % 500 === 0) console.error(`… ${n + 1}/${cases} (${Math.round((Date.now() - t0) / 1000)} s)`);
}
console.log(`${caseNumbers.length} cases, seed ${seed}, budget ${maxEvents} events: rejected ${counts.rejected}, accepted ${counts.accepted}, `
  + `over budget ${counts['over-budget']}, crashed ${counts.crashed}, rejected without a path ${counts.unnamed}, `
  + `slower than ${slowMs} ms ${counts.slow}; peak RSS ${Math.round(peakRss / 2 ** 20)} MiB, ${Math.round((Date.now() - t0) / 1000)} s`);
process.exitCode = counts.crashed + counts.unnamed + counts.slow > 0 ? 1 : 0;
