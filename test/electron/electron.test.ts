// End to end through Electron: the built app starts, the sandboxed page gets its lab port from main, and the
// status bar shows the lab's state. Needs the Electron binary, which cannot be downloaded on every machine.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { _electron as electron, type ElectronApplication } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const SKIP_REASON = 'Electron binary not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); run on a machine with the binary';
const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
const mainBundle = fileURLToPath(new URL('../../out/main/index.js', import.meta.url));

/** The binary's path, or null: `require('electron')` throws when its postinstall download was skipped. */
function electronBinary(): string | null {
  try {
    const p: unknown = createRequire(import.meta.url)('electron');
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const electronPath = electronBinary();
const hasElectron = electronPath !== null;
if (!hasElectron) console.info(`test/electron skipped: ${SKIP_REASON}`);

const RUN_STATES = /^(empty|loaded|running|paused|finished)$/;

describe(hasElectron ? 'the Electron app' : `the Electron app — skipped: ${SKIP_REASON}`, () => {
  let app: ElectronApplication | null = null;

  beforeAll(async () => {
    if (!electronPath) return;
    execFileSync('npx', ['electron-vite', 'build'], { cwd: repoRoot, stdio: 'inherit' });
    const env = { ...process.env };
    delete env.ELECTRON_RENDERER_URL; // load the built renderer, not a dev server
    app = await electron.launch({
      executablePath: electronPath,
      // Chromium refuses to run as root without --no-sandbox (CI containers); the page keeps `sandbox: true`.
      args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), mainBundle],
      cwd: repoRoot,
      env: env as Record<string, string>,
    });
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it.skipIf(!hasElectron)('opens a window whose status bar shows the lab state', async () => {
    const page = await app!.firstWindow();
    const state = page.getByTestId('status-state');
    await state.waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await state.textContent())?.trim(), { timeout: 30_000 }).toMatch(RUN_STATES);
    // The page took the Electron transport (the preload's flag), so that state came through main's relay.
    const isElectron = await page.evaluate(() => {
      const g = globalThis as unknown as { virqBridge?: { isElectron?: boolean } };
      return g.virqBridge?.isElectron === true;
    });
    expect(isElectron).toBe(true);
  });

  it.skipIf(!hasElectron)('keeps Node out of the page and refuses new windows', async () => {
    const page = await app!.firstWindow();
    const probe = await page.evaluate(() => {
      const g = globalThis as unknown as Record<string, unknown> & { open(url: string): unknown };
      return {
        require: typeof g.require,
        process: typeof g.process,
        bridgeKeys: Object.keys((g.virqBridge as object) ?? {}),
        opened: g.open('about:blank') === null,
      };
    });
    expect(probe).toEqual({ require: 'undefined', process: 'undefined', bridgeKeys: ['isElectron'], opened: true });
    expect(app!.windows()).toHaveLength(1);
  });
});
