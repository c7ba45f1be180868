// `virq reproduce` as a user runs it: docs/validation.md and resources/validation.json (the app's Validation page)
// are what a fresh run prints — they cannot drift from the model — and another first seed gives the same verdicts.
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ReproduceReport } from '../../src/shared/protocol';
import { formatMarkdown } from '../../src/sim/lab/reproduce/format';

const bin = new URL('../../bin/virq.js', import.meta.url).pathname;
const root = new URL('../../', import.meta.url).pathname;
const virq = (...args: string[]) => {
  const r = spawnSync(process.execPath, [bin, 'reproduce', ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('virq reproduce', () => {
  const fresh = virq('--json', '--jobs', '2');
  const report = JSON.parse(fresh.out) as ReproduceReport;

  it('reports a verdict and an interval for every claim, with progress on stderr', () => {
    expect(fresh.code, fresh.err).toBe(0);
    expect(report.claims.length).toBeGreaterThan(0);
    for (const c of report.claims) {
      expect(c.error, c.id).toBeUndefined();
      for (const f of c.figures) {
        expect(f.mean, `${c.id}: ${f.name}`).not.toBeNull();
        expect(f.seeds).toBe(report.seeds);
        expect(f.ci95, `${c.id}: ${f.name}`).not.toBeNull();
      }
    }
    expect(fresh.err).toMatch(/reproduce: \d+\/\d+ runs/);
  });

  it('docs/validation.md and resources/validation.json are a fresh run (regenerate with virq reproduce --write)', () => {
    expect(JSON.parse(readFileSync(`${root}resources/validation.json`, 'utf8'))).toEqual(report);
    expect(formatMarkdown(report)).toBe(readFileSync(`${root}docs/validation.md`, 'utf8'));
  });

  it('gives the same verdicts from another first seed', () => {
    const other = JSON.parse(virq('--json', '--seed', '99', '--jobs', '2').out) as ReproduceReport;
    expect(other.seed).toBe(99);
    expect(other.claims.map((c) => [c.id, c.verdict, c.figures.map((f) => f.verdict)])).toEqual(report.claims.map((c) => [c.id, c.verdict, c.figures.map((f) => f.verdict)]));
  });

  it('refuses an unknown claim and --write with a selection (exit 2)', () => {
    const r = virq('no-such-claim');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/unknown claim "no-such-claim"; known: /);
    expect(virq('--write', '--seed', '3').code).toBe(2);
  });
}, 600_000);
