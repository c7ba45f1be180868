// `virq sweep` as a user runs it: the same bytes with 1 or 2 jobs, four shard processes merged equal one run,
// an interrupted --out file resumed to the same file, and bad specs refused with exit 2 (1 for an invalid point).
import { describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const GRID = ['intx-shared-line', '--vary', 'devices[0].intxMasking=line,device', '--vary', 'devices[1].rate=1k..100k:2log',
  '--seeds', '2', '--until', '2ms', '--metric', 'latencyNs.p50', '--metric', 'perVm.vm0.cpuNs.hostNsPerFlow'];
const virq = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, 'sweep', ...args], { encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const virqAsync = (...args: string[]) => new Promise<{ code: number | null; out: string }>((resolve) => {
  const p = spawn(process.execPath, [bin, 'sweep', ...args]);
  let out = '';
  p.stdout.on('data', (d) => { out += d; });
  p.on('close', (code) => resolve({ code, out }));
});

describe('virq sweep', () => {
  const single = virq(...GRID, '--jobs', '1');

  it('prints a header and one row per point in grid order, with progress on stderr', () => {
    expect(single.code).toBe(0);
    const lines = single.out.trim().split('\n');
    expect(lines[0]).toBe('point,devices[0].intxMasking,devices[1].rate,seeds,latencyNs.p50.mean,latencyNs.p50.ci95,perVm.vm0.cpuNs.hostNsPerFlow.mean,perVm.vm0.cpuNs.hostNsPerFlow.ci95');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 4).join(','))).toEqual(['0,line,1000,2', '1,line,100000,2', '2,device,1000,2', '3,device,100000,2']);
    expect(single.err).toMatch(/4\/4 points/);
  }, 60_000);

  it('gives the same bytes with two worker threads', () => {
    const two = virq(...GRID, '--jobs', '2');
    expect(two.code).toBe(0);
    expect(two.out).toBe(single.out);
  }, 60_000);

  it('four shard processes, merged, give the single run byte for byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'virq-sweep-'));
    const shards = await Promise.all([0, 1, 2, 3].map((i) => virqAsync(...GRID, '--jobs', '1', '--shard', `${i}/4`, '--out', join(dir, `s${i}.csv`))));
    expect(shards.map((s) => s.code)).toEqual([0, 0, 0, 0]);
    const merged = spawnSync(process.execPath, [bin, 'sweep', 'merge', ...[3, 1, 0, 2].map((i) => join(dir, `s${i}.csv`))], { encoding: 'utf8' });
    expect(merged.status).toBe(0);
    expect(merged.stdout).toBe(single.out);
  }, 120_000);

  it('resumes an interrupted --out file: the points there are kept, a cut row is run again, the header written once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'virq-sweep-'));
    const out = join(dir, 'sweep.csv');
    const lines = single.out.split('\n');
    // As a Ctrl-C leaves it: the header, point 0, and half of point 1's row.
    writeFileSync(out, `${lines[0]}\n${lines[1]}\n${lines[2]!.slice(0, 7)}`);
    const r = virq(...GRID, '--jobs', '1', '--out', out);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/1 of 4 points already in/);
    expect(readFileSync(out, 'utf8')).toBe(single.out);
    // Stopped before its first row: the header alone, not written twice.
    writeFileSync(out, `${lines[0]}\n`);
    expect(virq(...GRID, '--jobs', '2', '--out', out).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(single.out);
    // A file of another sweep is not written over.
    writeFileSync(out, 'point,other,seeds\n');
    expect(virq(...GRID, '--out', out)).toMatchObject({ code: 2, err: expect.stringMatching(/holds another sweep/) });
  }, 60_000);

  it('refuses bad specs with exit 2 and an invalid point with exit 1', () => {
    expect(virq('intx-shared-line')).toMatchObject({ code: 2, err: expect.stringMatching(/needs at least one --vary/) });
    expect(virq('intx-shared-line', '--vary', 'devices[1].rate=1k..2ms:3')).toMatchObject({ code: 2, err: expect.stringMatching(/different kinds/) });
    expect(virq('intx-shared-line', '--vary', 'devices[9].nope=1,2')).toMatchObject({ code: 2 });
    expect(virq('intx-shared-line', '--vary', 'devices[0].intxMasking=line,sideways')).toMatchObject({ code: 1, err: expect.stringMatching(/point 1 \(devices\[0\]\.intxMasking=sideways\)/) });
    expect(virq('intx-shared-line', '--vary', 'devices[0].intxMasking=line', '--shard', '4/4')).toMatchObject({ code: 2 });
  }, 60_000);
});
