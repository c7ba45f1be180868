// --log-budget: the hop ring sized by memory; the oldest hops are dropped (and counted), the summary stays exact.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'run', 'msi-emulated', ...args], { encoding: 'utf8' });

describe('virq run --log-budget', () => {
  it('keeps the newest hops within the budget and the same summary and log hash as an unbounded log', () => {
    const full = JSON.parse(run('--json').stdout);
    const small = JSON.parse(run('--json', '--log-budget', '100kB').stdout);
    expect(full.hopsOverwritten).toBe(0);
    expect(small.hopsOverwritten).toBe(full.hops - Math.floor(100_000 / 32));
    for (const k of ['logHash', 'hops', 'events', 'flows', 'latencyNs', 'completionNs', 'vmExits', 'hopTimeNs']) expect(small[k], k).toEqual(full[k]);
    expect(run('--log-budget', '100kB').stdout).toMatch(/hops \(\d+ overwritten\)/);
  }, 30_000);

  it('refuses a budget it cannot hold, with exit 2', () => {
    expect(run('--log-budget', '1kB')).toMatchObject({ status: 2, stderr: expect.stringMatching(/1,000 to 50,000,000 hops/) });
    expect(run('--log-budget', 'lots')).toMatchObject({ status: 2 });
  }, 30_000);
});
