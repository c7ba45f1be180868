// The sweep helper thread's entry for `virq sweep`: src/labhost/node/sweepHelperThread.ts (the app's helper too),
// bundled with esbuild (which tsx brings along), so each thread loads one plain self-contained module instead of
// compiling the simulation's sources through tsx again (seconds per thread). The bundle is kept in the user's cache
// between sweeps (bundleCache.ts); where that cannot be written, built for this sweep in a temporary directory.
// Without esbuild, the tsx boot module (workerBoot.mjs).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cachedBundle } from './bundleCache';

export const HELPER_SOURCE = new URL('../../labhost/node/sweepHelperThread.ts', import.meta.url);

export async function helperEntry(): Promise<{ url: URL; cleanup: () => void }> {
  try {
    const cached = await cachedBundle(HELPER_SOURCE.pathname);
    if (cached) return { url: new URL(`file://${cached}`), cleanup: () => {} };
    const { build } = await import('esbuild');
    const dir = mkdtempSync(join(tmpdir(), 'virq-sweep-'));
    const outfile = join(dir, 'worker.cjs');
    await build({ entryPoints: [HELPER_SOURCE.pathname], bundle: true, platform: 'node', format: 'cjs', outfile, logLevel: 'silent' });
    return { url: new URL(`file://${outfile}`), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
  } catch {
    return { url: new URL('./workerBoot.mjs', import.meta.url), cleanup: () => {} };
  }
}
