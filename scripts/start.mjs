#!/usr/bin/env node
// `npm start` (and `npm run dev` with "dev"): runs electron-vite preview (or dev) when the Electron binary is there;
// otherwise prints one line saying it is missing, how to fetch it, and that `npm run preview:web` opens the same lab
// in a browser, and exits 1 (electron-vite alone ends in "Error: Electron uninstall" and a stack trace).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { electronBinary, startMissingLine } from './electronCheck.mjs';

const repo = fileURLToPath(new URL('..', import.meta.url));
const [mode = 'preview', ...rest] = process.argv.slice(2);
if (mode !== 'preview' && mode !== 'dev') {
  console.error(`usage: node scripts/start.mjs [preview|dev] [electron-vite options]`);
  process.exit(2);
}

if (!electronBinary()) {
  console.error(startMissingLine());
  process.exit(1);
}
const run = spawnSync('npx', ['electron-vite', mode, ...rest], { cwd: repo, stdio: 'inherit', shell: process.platform === 'win32' });
process.exit(run.status ?? 1);
