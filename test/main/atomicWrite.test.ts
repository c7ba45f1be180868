// Atomic saves on a real file system: the new text lands whole or not at all, and a save stopped before its rename
// leaves the old file exactly as it was, with no temporary file behind.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { open, rename, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempPathFor, writeFileAtomic, type AtomicWriteFs } from '../../src/main/atomicWrite';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'virq-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeFileAtomic', () => {
  it('replaces the file with the new text and leaves nothing else in the directory', async () => {
    const target = join(dir, 'a.yaml');
    writeFileSync(target, 'old: 1\n');
    await writeFileAtomic(target, 'new: 2\n');
    expect(readFileSync(target, 'utf8')).toBe('new: 2\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  it('creates a file that did not exist', async () => {
    const target = join(dir, 'fresh.yaml');
    await writeFileAtomic(target, 'x: 1\n');
    expect(readFileSync(target, 'utf8')).toBe('x: 1\n');
  });

  it('writes the temporary file next to the target (same filesystem, so the rename is atomic), hidden', () => {
    const t = tempPathFor(join(dir, 'a.yaml'));
    expect(dirname(t)).toBe(dir);
    expect(t).toMatch(/\/\.a\.yaml\.\d+\.[0-9a-f]{8}\.tmp$/);
    expect(tempPathFor(join(dir, 'a.yaml'))).not.toBe(t);
  });

  it('a save interrupted before the rename leaves the old file intact and removes its temporary file', async () => {
    const target = join(dir, 'a.yaml');
    writeFileSync(target, 'old: 1\n');
    let synced = false;
    const interrupted: AtomicWriteFs = {
      open: (async (...args: Parameters<typeof open>) => {
        const h = await open(...args);
        const sync = h.sync.bind(h);
        h.sync = async () => {
          await sync();
          synced = true;
        };
        return h;
      }) as typeof open,
      rename: async () => {
        // The new text is already on disk in the temporary file: only the rename is missing.
        expect(readdirSync(dir).filter((n) => n.endsWith('.tmp'))).toHaveLength(1);
        throw Object.assign(new Error('EIO: the machine went down'), { code: 'EIO' });
      },
      unlink,
    };
    await expect(writeFileAtomic(target, 'new: 2\n'.repeat(10_000), interrupted)).rejects.toThrow(/EIO/);
    expect(synced).toBe(true);
    expect(readFileSync(target, 'utf8')).toBe('old: 1\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });

  it('a write that fails part way (disk full) leaves the old file intact', async () => {
    const target = join(dir, 'a.yaml');
    writeFileSync(target, 'old: 1\n');
    const full: AtomicWriteFs = {
      open: (async (...args: Parameters<typeof open>) => {
        const h = await open(...args);
        if (args[1] === 'wx') h.writeFile = async () => Promise.reject(Object.assign(new Error('ENOSPC: no space left'), { code: 'ENOSPC' }));
        return h;
      }) as typeof open,
      rename,
      unlink,
    };
    await expect(writeFileAtomic(target, 'new: 2\n', full)).rejects.toThrow(/ENOSPC/);
    expect(readFileSync(target, 'utf8')).toBe('old: 1\n');
    expect(readdirSync(dir)).toEqual(['a.yaml']);
  });
});
