#!/usr/bin/env node
// `npm run dist`: builds the app (electron-vite build) and its installers (electron-builder, electron-builder.yml:
// AppImage and deb on Linux, NSIS on Windows, dmg on macOS) into release/. Extra arguments go to electron-builder
// (`npm run dist -- --linux deb`). Without the Electron binary or electron-builder it prints one line saying what
// is missing and that `npm run preview:web` opens the same lab in a browser, and exits 1.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { distMissingLine, electronBinary, hasElectronBuilder } from './electronCheck.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const missing = distMissingLine({ electron: !electronBinary(), builder: !hasElectronBuilder() });
if (missing) {
  console.error(missing);
  process.exit(1);
}

const step = (args) => {
  const r = spawnSync('npx', args, { cwd: repo, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
step(['electron-vite', 'build']);
step(['electron-builder', '--config', 'electron-builder.yml', ...process.argv.slice(2)]);
