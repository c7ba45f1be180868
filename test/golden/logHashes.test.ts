// Every preset, and every value of every switch it lists, gives the log hash held in logHashes.json: the model's
// behaviour is pinned hop by hop while its code is reshaped.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fingerprint, goldenRuns } from './goldenRuns';

const held = JSON.parse(readFileSync(new URL('./logHashes.json', import.meta.url), 'utf8')) as Record<string, string>;
const runs = goldenRuns();

describe('log hashes held for every preset and switch value', () => {
  it('the held list names exactly the runs the presets give', () => {
    expect(runs.map((r) => r.label).sort()).toEqual(Object.keys(held).sort());
  });

  for (const run of runs) {
    it(run.label, () => {
      expect(fingerprint(run)).toBe(held[run.label]);
    }, 60_000);
  }
});
