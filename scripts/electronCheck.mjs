// What `npm start` and `npm run dist` need before they hand over to electron-vite / electron-builder: the Electron
// binary (its postinstall download may have been skipped: ELECTRON_SKIP_BINARY_DOWNLOAD, no network) and, to build
// installers, electron-builder. Each wrapper prints ONE plain line naming what is missing instead of a stack trace.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

const FETCH = 'fetch it with `node node_modules/electron/install.js`';

/** The Electron executable, or null: `require('electron')` throws, or names a file that is not there, without it. */
export function electronBinary() {
  try {
    const path = require('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

/** True when electron-builder's CLI can be loaded (a dev dependency, not installed by default). */
export function hasElectronBuilder() {
  try {
    require.resolve('electron-builder/package.json');
    return true;
  } catch {
    return false;
  }
}

/** The one line `npm start` prints without the binary. */
export function startMissingLine() {
  return `vIRQ Lab: cannot start the desktop app: the Electron binary is not installed (its download was skipped or failed); ${FETCH} (with ELECTRON_SKIP_BINARY_DOWNLOAD unset), or run \`npm run preview:web\` to open the same lab in a browser.`;
}

/** The one line `npm run dist` prints when something is missing (null when nothing is). */
export function distMissingLine(missing) {
  const parts = [];
  if (missing.electron) parts.push(`the Electron binary is not installed (${FETCH}, ELECTRON_SKIP_BINARY_DOWNLOAD unset)`);
  if (missing.builder) parts.push('electron-builder is not installed (`npm install --save-dev electron-builder`)');
  if (!parts.length) return null;
  return `vIRQ Lab: cannot build installers: ${parts.join(' and ')}; \`npm run preview:web\` opens the same lab in a browser.`;
}
