// Mutated presets never crash the lab (issue 15): each is rejected with its problems named by path (or, for the text
// itself, by line), or accepted and run to its end or to its event budget. `npm run fuzz` runs the long campaign.
import { describe, expect, it } from 'vitest';
import { readPresetDir } from '../../src/labhost/node/presetFiles';
import { runCase } from './check';
import { mutant } from './mutate';

const presets = readPresetDir(new URL('../../resources/presets/', import.meta.url).pathname);
const SEED = 15;
const CASES = 300;
const MAX_EVENTS = 20_000;

describe('mutated presets', () => {
  it(`${CASES} cases (seed ${SEED}): no uncaught exception, every rejection names a path, every run ends`, () => {
    const counts: Record<string, number> = {};
    const bad: string[] = [];
    for (let n = 0; n < CASES; n++) {
      const m = mutant(SEED, n, presets);
      const o = runCase(m.text, MAX_EVENTS);
      counts[o.kind] = (counts[o.kind] ?? 0) + 1;
      if (o.kind === 'crashed' || o.kind === 'unnamed') bad.push(`case ${n} (${m.what}): ${o.kind} ${o.message}`);
      if ((o.kind === 'accepted' || o.kind === 'over-budget')) expect(o.events, `case ${n}`).toBeLessThanOrEqual(MAX_EVENTS);
    }
    expect(bad).toEqual([]);
    // The mix stays a test of both halves: most cases are refused, some run.
    expect(counts.rejected).toBeGreaterThan(CASES / 2);
    expect((counts.accepted ?? 0) + (counts['over-budget'] ?? 0)).toBeGreaterThan(10);
  }, 120_000);

  it('are the same for the same seed and case number', () => {
    expect(mutant(SEED, 7, presets)).toEqual(mutant(SEED, 7, presets));
    expect(mutant(SEED, 7, presets)).not.toEqual(mutant(SEED + 1, 7, presets));
  });
});
