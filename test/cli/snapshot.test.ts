// virq run --snapshot-at/--snapshot-out and --from-snapshot: the resumed run's summary is the uninterrupted one's.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const virq = (...args: string[]) => spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8' });

describe('virq run with snapshots', () => {
  it('writes a snapshot at a time and resumes from it to the same summary and log hash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'virq-snap-'));
    const file = join(dir, 'at2ms.json');
    const whole = virq('run', 'msi-emulated', '--until', '5ms', '--seed', '7', '--json');
    const taking = virq('run', 'msi-emulated', '--until', '5ms', '--seed', '7', '--json', '--snapshot-at', '2ms', '--snapshot-out', file);
    expect(taking.status).toBe(0);
    expect(taking.stderr).toMatch(/snapshot at event \d+/);
    expect(JSON.parse(taking.stdout)).toEqual(JSON.parse(whole.stdout));
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    expect(doc).toMatchObject({ format: 'virq-snapshot', version: 1, load: { seed: 7, untilNs: 5_000_000 } });
    expect(doc.position.simNs).toBeLessThanOrEqual(2_000_000);
    const resumed = virq('run', '--from-snapshot', file, '--json');
    expect(resumed.status).toBe(0);
    expect(JSON.parse(resumed.stdout)).toEqual(JSON.parse(whole.stdout));

    writeFileSync(file, JSON.stringify({ ...doc, logHash: '0123456789abcdef' }));
    expect(virq('run', '--from-snapshot', file)).toMatchObject({ status: 2, stderr: expect.stringMatching(/does not replay to the state it was taken at/) });
    expect(virq('run', 'msi-emulated', '--from-snapshot', file)).toMatchObject({ status: 2, stderr: expect.stringMatching(/drop msi-emulated/) });
    expect(virq('run', 'msi-emulated', '--snapshot-at', '1ms')).toMatchObject({ status: 2, stderr: expect.stringMatching(/go together/) });
  }, 60_000);
});
