// `npm start` and `npm run dist` without the Electron binary: each prints one plain line naming what is missing, how
// to fetch it and that `npm run preview:web` opens the same lab in a browser, and exits 1 — no electron-vite stack
// trace. The binary is hidden from the wrappers (ELECTRON_OVERRIDE_DIST_PATH points at nothing), so this holds on
// any machine; the real packaging is not run here (no Electron binary, no electron-builder in this environment).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const env = { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', ELECTRON_OVERRIDE_DIST_PATH: join(repo, 'no-electron-here') };

function run(script: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [join(repo, 'scripts', script), ...args], { cwd: repo, env, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, out: r.stdout, lines: r.stderr.split('\n').filter((l) => l.trim() !== '') };
}

function builderInstalled(): boolean {
  try {
    createRequire(join(repo, 'scripts', 'x.mjs')).resolve('electron-builder/package.json');
    return true;
  } catch {
    return false;
  }
}

describe('the start and dist wrappers without the Electron binary (real packaging skipped here: no Electron binary or electron-builder in this environment)', () => {
  it('npm start prints one line: the binary is missing, how to fetch it, and preview:web; exit 1', () => {
    const r = run('start.mjs', 'preview');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.lines).toEqual([
      'vIRQ Lab: cannot start the desktop app: the Electron binary is not installed (its download was skipped or failed); ' +
        'fetch it with `node node_modules/electron/install.js` (with ELECTRON_SKIP_BINARY_DOWNLOAD unset), ' +
        'or run `npm run preview:web` to open the same lab in a browser.',
    ]);
    expect(r.lines.join('\n')).not.toMatch(/Error: Electron uninstall|\n\s+at /);
  });

  it('npm run dev says the same', () => {
    const r = run('start.mjs', 'dev');
    expect(r.code).toBe(1);
    expect(r.lines).toHaveLength(1);
    expect(r.lines[0]).toMatch(/Electron binary is not installed/);
  });

  it('npm run dist prints one line naming each missing piece and preview:web; exit 1, nothing built', () => {
    const r = run('dist.mjs');
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.lines).toHaveLength(1);
    const line = r.lines[0]!;
    expect(line).toMatch(/^vIRQ Lab: cannot build installers: the Electron binary is not installed \(fetch it with `node node_modules\/electron\/install\.js`/);
    expect(line.includes('electron-builder is not installed (`npm install --save-dev electron-builder`)')).toBe(!builderInstalled());
    expect(line).toMatch(/`npm run preview:web` opens the same lab in a browser\.$/);
  });

  it('an unknown start mode is a usage error (exit 2)', () => {
    expect(run('start.mjs', 'bogus').code).toBe(2);
  });
});
