// A clock step has an event budget: a step through a busy machine (sources running) FAILs where the budget ran out
// instead of holding the lab; a step within it answers OK at the time asked.
import { describe, expect, it } from 'vitest';
import { Lab } from '../../../../src/sim/lab/lab';
import { runQtestScript } from '../../../../src/sim/lab/qtest/qtest';
import { readPresetDir } from '../../../../src/labhost/node/presetFiles';

const text = readPresetDir(new URL('../../../../resources/presets/', import.meta.url).pathname).find((p) => p.name === 'msi-emulated')!.text;

function lab(): Lab {
  const r = Lab.load(text, {});
  if (!r.ok) throw new Error('load');
  return r.lab;
}

describe('qtest clock budget', () => {
  it('a step past the budget FAILs with where it stopped; the next small step still works', () => {
    const l = lab();
    const { transcript } = runQtestScript(l, { maxStepEvents: 10 }, 'clock_step 10000000\nclock_step 1000\n');
    const fail = transcript.find((x) => x.startsWith('FAIL'));
    expect(fail).toMatch(/^FAIL clock_step: stopped at \d+ ns after 10 events \(one request's budget\); step in smaller pieces$/);
    expect(transcript.filter((x) => x.startsWith('OK')).length).toBeGreaterThan(0);
  });

  it('a step within the budget lands exactly where asked', () => {
    const l = lab();
    const { transcript } = runQtestScript(l, {}, 'clock_step 1000\n');
    expect(transcript.some((x) => /^OK \d+$/.test(x))).toBe(true);
  });
});
