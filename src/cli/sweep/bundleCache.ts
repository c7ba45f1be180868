// An esbuild bundle kept between runs in the user's cache (~/.cache/virq or $XDG_CACHE_HOME/virq), reused while every
// file it was built from has the size and modification time it had then: a `virq sweep --jobs N` after the first
// skips the ~0.2–0.8 s of bundling its helper threads. A manifest per entry names the current bundle; it is replaced
// by rename, so shards starting together each see a whole one. Where the cache cannot be written, null.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

interface Manifest {
  bundle: string;
  /** Absolute path, size and mtime (ms) of each input when the bundle was built. */
  inputs: [string, number, number][];
}

/** Bundles superseded longer ago than this are removed (a sweep that started from one has loaded it long since). */
const STALE_MS = 3_600_000;

export function cacheDir(): string | null {
  const base = process.env.XDG_CACHE_HOME || (homedir() ? join(homedir(), '.cache') : '');
  return base ? join(base, 'virq', 'sweep-helper') : null;
}

function removeStale(dir: string, key: string, keep: string): void {
  for (const f of readdirSync(dir)) {
    if (!f.startsWith(`${key}-`) || f === keep) continue;
    try {
      if (Date.now() - statSync(join(dir, f)).mtimeMs > STALE_MS) rmSync(join(dir, f), { force: true });
    } catch {
      // Another sweep removed it first.
    }
  }
}

/**
 * Entries of other checkouts that are gone (a deleted clone or worktree: an input file missing), untouched for an
 * hour: their manifest and bundles are removed, so the cache does not keep one bundle per checkout ever made.
 */
function removeOrphans(dir: string, keep: string): void {
  for (const f of readdirSync(dir)) {
    if (!f.endsWith('.json') || f === `${keep}.json`) continue;
    const key = f.slice(0, -'.json'.length);
    try {
      const path = join(dir, f);
      if (Date.now() - statSync(path).mtimeMs <= STALE_MS) continue;
      const m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
      if (m.inputs.every(([input]) => exists(input))) continue;
      rmSync(path, { force: true });
      removeStale(dir, key, '');
    } catch {
      // Unreadable or removed meanwhile: left to the next sweep.
    }
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}

function unchanged(m: Manifest, dir: string): boolean {
  try {
    statSync(join(dir, m.bundle));
    return m.inputs.every(([path, size, mtime]) => {
      const s = statSync(path);
      return s.size === size && s.mtimeMs === mtime;
    });
  } catch {
    return false;
  }
}

/** The cached bundle of `entry` (a file path), built now if missing or stale; null if the cache is unusable. */
export async function cachedBundle(entry: string, dir: string | null = cacheDir()): Promise<string | null> {
  if (!dir) return null;
  const { build, version } = await import('esbuild');
  const key = createHash('sha256').update(`${entry}\0${version}\0${process.version}`).digest('hex').slice(0, 16);
  const manifestPath = join(dir, `${key}.json`);
  try {
    const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
    if (unchanged(m, dir)) return join(dir, m.bundle);
  } catch {
    // No manifest yet, or a broken one: build.
  }
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const bundle = `${key}-${process.pid}-${Date.now()}.cjs`;
    const r = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile: join(dir, bundle), absWorkingDir: dir, metafile: true, logLevel: 'silent' });
    const inputs = Object.keys(r.metafile.inputs).map((p): [string, number, number] => {
      const abs = join(dir, p);
      const s = statSync(abs);
      return [abs, s.size, s.mtimeMs];
    });
    const tmp = `${manifestPath}.${process.pid}`;
    writeFileSync(tmp, JSON.stringify({ bundle, inputs } satisfies Manifest));
    renameSync(tmp, manifestPath);
    removeStale(dir, key, bundle);
    removeOrphans(dir, key);
    return join(dir, bundle);
  } catch {
    return null;
  }
}
