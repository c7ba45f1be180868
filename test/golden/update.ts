// npm run golden:update — rewrites logHashes.json from the current model. Run it only for a change that is meant to
// change behaviour, and say in the commit which hop moved and why.
import { writeFileSync } from 'node:fs';
import { fingerprint, goldenRuns } from './goldenRuns';

const out: Record<string, string> = {};
for (const run of goldenRuns()) out[run.label] = fingerprint(run);
writeFileSync(new URL('./logHashes.json', import.meta.url), JSON.stringify(out, null, 1) + '\n');
console.log(`${Object.keys(out).length} runs written to test/golden/logHashes.json`);
