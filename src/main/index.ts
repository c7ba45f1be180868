// Electron main: app lifecycle, the window, and the lab worker behind a validating relay.
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { app, BrowserWindow, dialog, ipcMain, session } from 'electron';
import { installAppMenu } from './appMenu';
import { bridgeLabPort } from './labPortBridge';
import { labWorkerPath, sweepWorkerPath } from './labWorkerPath';
import { LabWorkerSupervisor } from './labWorkerSupervisor';
import type { LabWorkerData } from './labWorkerServe';
import { findPresetDir } from './presetDir';
import { RecentFiles } from './recentFiles';
import { Relay } from './relay/relay';
import { appOrigin, isAppUrl } from './security/appOrigin';
import { contentSecurityPolicy } from './security/csp';
import { allowPermission } from './security/permissions';
import { createMainWindow } from './window';
import { serveScenarioFiles } from './scenarioFileIpc';

const mainDir = import.meta.dirname;
const devServerUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;
const rendererDir = join(mainDir, '..', 'renderer');
const origin = appOrigin(devServerUrl, rendererDir);
const log = (line: string) => console.error(`[virq] ${line}`);

const relay = new Relay(log);
const presetDir = findPresetDir(
  { resourcesPath: app.isPackaged ? process.resourcesPath : undefined, appPath: app.getAppPath(), mainDir },
  (p) => statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false,
);
const workerData: LabWorkerData = { presetDir, sweepWorkerPath };
const supervisor = new LabWorkerSupervisor(relay, () => new Worker(labWorkerPath, { workerData }), { log });

function openWindow(): void {
  const win = createMainWindow({
    preload: join(mainDir, '..', 'preload', 'index.cjs'),
    page: devServerUrl ? { url: devServerUrl } : { file: join(rendererDir, 'index.html') },
    app: origin,
  });
  bridgeLabPort(win.webContents, relay);
}

function lockDownSession(): void {
  const csp = contentSecurityPolicy({ devServerOrigin: origin.kind === 'dev' ? origin.origin : undefined });
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    if (!isAppUrl(details.url, origin)) return callback({});
    const headers = { ...details.responseHeaders };
    for (const k of Object.keys(headers)) if (k.toLowerCase() === 'content-security-policy') delete headers[k];
    callback({ responseHeaders: { ...headers, 'Content-Security-Policy': [csp] } });
  });
  // The lab needs no camera, notifications, clipboard-read, ...: only the allow-list in permissions.ts.
  session.defaultSession.setPermissionRequestHandler((wc, permission, callback, details) =>
    callback(allowPermission(permission, details.requestingUrl || wc.getURL(), origin)),
  );
  // A check carries only an origin (file:// has no useful one), so judge the page that asks.
  session.defaultSession.setPermissionCheckHandler((wc, permission, _origin, details) =>
    allowPermission(permission, details.requestingUrl ?? wc?.getURL() ?? '', origin),
  );
}

app.on('web-contents-created', (_event, contents) => {
  // Belt and braces for any web contents, including ones the main window did not create.
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
});

app
  .whenReady()
  .then(() => {
    lockDownSession();
    if (presetDir === null) log('no resources/presets directory found; the lab starts without presets');
    supervisor.start();
    const mainWindow = () => BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0] ?? null;
    const recentPath = join(app.getPath('userData'), 'recent-files.json');
    let refreshMenu = () => {};
    const recent = new RecentFiles(
      {
        read: () => readFileSync(recentPath, 'utf8'),
        write: (text) => {
          mkdirSync(dirname(recentPath), { recursive: true });
          writeFileSync(recentPath, text);
        },
      },
      () => refreshMenu(),
    );
    const files = serveScenarioFiles(ipcMain, dialog, mainWindow, (url) => isAppUrl(url, origin), (path) => {
      recent.add(path);
      app.addRecentDocument(path);
    });
    refreshMenu = installAppMenu({ isMac: process.platform === 'darwin', isDev: !!devServerUrl, files, recent, window: mainWindow });
    openWindow();
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
  })
  .catch((err: unknown) => {
    log(`startup failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    app.exit(1);
  });

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let stopped = false;
app.on('will-quit', (event) => {
  if (stopped) return;
  // Stop the worker before exit so it does not outlive the app; quit again once it is down.
  event.preventDefault();
  stopped = true;
  void supervisor.stop().finally(() => app.quit());
});
