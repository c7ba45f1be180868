// The sweep helper's bundle kept between runs: reused while its inputs are as they were, built again when one
// changes, and no cache (null) where the cache directory cannot be made.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedBundle } from '../../src/cli/sweep/bundleCache';

describe('the sweep helper bundle cache', () => {
  it('reuses the bundle while its inputs are unchanged and builds a new one when one changes', async () => {
    const src = mkdtempSync(join(tmpdir(), 'virq-cache-src-'));
    const cache = join(mkdtempSync(join(tmpdir(), 'virq-cache-')), 'sweep-helper');
    writeFileSync(join(src, 'part.ts'), "export const answer: string = 'forty-one';\n");
    writeFileSync(join(src, 'entry.ts'), "import { answer } from './part';\nconsole.log(answer);\n");
    const first = await cachedBundle(join(src, 'entry.ts'), cache);
    expect(first).not.toBeNull();
    expect(readFileSync(first!, 'utf8')).toMatch(/forty-one/);
    expect(await cachedBundle(join(src, 'entry.ts'), cache)).toBe(first);
    writeFileSync(join(src, 'part.ts'), "export const answer: string = 'forty-two, and longer';\n");
    const second = await cachedBundle(join(src, 'entry.ts'), cache);
    expect(second).not.toBe(first);
    expect(readFileSync(second!, 'utf8')).toMatch(/forty-two, and longer/);
  });

  it('gives null where the cache cannot be written', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'virq-cache-')), 'a-file');
    writeFileSync(file, '');
    const src = mkdtempSync(join(tmpdir(), 'virq-cache-src-'));
    writeFileSync(join(src, 'entry.ts'), 'console.log(1);\n');
    expect(await cachedBundle(join(src, 'entry.ts'), join(file, 'below-a-file'))).toBeNull();
  });

  it('removes the entries of a checkout that is gone, once untouched for an hour, and keeps the others', async () => {
    const cache = join(mkdtempSync(join(tmpdir(), 'virq-cache-')), 'sweep-helper');
    const checkout = () => {
      const src = mkdtempSync(join(tmpdir(), 'virq-cache-src-'));
      writeFileSync(join(src, 'entry.ts'), 'console.log(1);\n');
      return join(src, 'entry.ts');
    };
    const gone = checkout();
    const kept = checkout();
    const goneBundle = (await cachedBundle(gone, cache))!;
    const keptBundle = (await cachedBundle(kept, cache))!;
    rmSync(gone);
    const old = new Date(Date.now() - 2 * 3_600_000);
    for (const f of readdirSync(cache)) utimesSync(join(cache, f), old, old);
    await cachedBundle(checkout(), cache);
    expect(existsSync(goneBundle)).toBe(false);
    expect(existsSync(keptBundle)).toBe(true);
    expect(readdirSync(cache).filter((f) => f.endsWith('.json'))).toHaveLength(2);
  });
});
