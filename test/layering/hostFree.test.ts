// src/sim and src/shared run unchanged in Node, a Web Worker, Electron and Vitest: they import nothing of a host,
// and the simulation reads no wall clock and no unseeded randomness (same scenario + seed = same log).
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('../../', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : /\.(ts|vue)$/.test(p) ? [p] : [];
  });
}

const HOST_IMPORT = /from\s+['"](node:[^'"]+|fs|path|os|child_process|worker_threads|electron|vue|pinia)['"]/;
const NONDETERMINISM = /\b(Date\.now|Math\.random|performance\.now|setTimeout|setInterval|setImmediate)\s*\(|\b(window|document|process)\./;

describe('layering', () => {
  for (const dir of ['src/sim', 'src/shared', 'src/labhost']) {
    it(`${dir} imports no Node, Electron or UI module`, () => {
      const bad = files(join(root, dir))
        .filter((f) => !f.includes('/labhost/node/'))
        .filter((f) => HOST_IMPORT.test(readFileSync(f, 'utf8')))
        .map((f) => relative(root, f));
      expect(bad).toEqual([]);
    });
  }

  it('src/sim reads no wall clock, timer or unseeded randomness', () => {
    const bad = files(join(root, 'src/sim'))
      .filter((f) => NONDETERMINISM.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });

  it('the renderer reaches simulation code only through its Web Worker entries (the lab, the sweep helper)', () => {
    const bad = files(join(root, 'src/renderer'))
      .filter((f) => !f.endsWith('transport/labWorker.ts') && !f.endsWith('transport/sweepWorker.ts'))
      .filter((f) => /from\s+['"][./]*(\.\.\/)+(sim|labhost)\//.test(readFileSync(f, 'utf8')))
      .map((f) => relative(root, f));
    expect(bad).toEqual([]);
  });
});
