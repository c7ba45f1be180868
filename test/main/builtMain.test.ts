// The built main bundle (out/main/index.js) booted in plain Node against a scripted stand-in for Electron's API
// (fixtures/fakeElectron): checks what only the real build shows — the worker chunk is found and serves the
// presets, the preload is CommonJS, the window is locked down, the page gets a port on load and again on reload.
// The Electron binary itself is exercised by test/electron/electron.test.ts where it exists.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { LabClient } from '../../src/shared/labClient';
import type { SweepProgress } from '../../src/shared/protocol';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPresetDir } from '../../src/labhost/node/presetFiles';

const repo = fileURLToPath(new URL('../../', import.meta.url));
// A private output dir, so this never races another build of out/. Inside node_modules so the bundle's
// external imports (zod, yaml) resolve; its own package.json makes the .js files ESM as in out/.
const outDir = join(repo, 'node_modules', '.cache', 'virq-built-main');

interface Report {
  windows: { webPreferences: Record<string, unknown>; preloadIsCommonJs: boolean; preloadPostsToWildcard: boolean }[];
  loads: { file?: string; html?: boolean }[];
  ports: { channel: string; count: number }[];
  answers: { kind: string; id?: number; ok?: boolean; result?: unknown; error?: string }[][];
  navigation: { foreignPrevented: boolean; ownAllowed: boolean };
  windowOpen: string[];
  external: string[];
  asked?: string[];
  csp: { own?: { responseHeaders?: Record<string, string[]> }; foreign?: object };
  menu: string[];
  fileMenu?: string[];
  helpMenu?: string[];
  about?: string;
  quit: boolean;
  transferListUsed?: boolean;
}

let report: Report;

beforeAll(() => {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  execFileSync(join(repo, 'node_modules', '.bin', 'electron-vite'), ['build', '--outDir', outDir, '--logLevel', 'error'], { cwd: repo });
  writeFileSync(join(outDir, 'package.json'), '{ "type": "module" }\n');
  const stdout = execFileSync(
    process.execPath,
    ['--import', fileURLToPath(new URL('./fixtures/fakeElectron/register.mjs', import.meta.url)), join(outDir, 'main', 'index.js')],
    { cwd: repo, env: { ...process.env, VIRQ_APP_PATH: repo, ELECTRON_RENDERER_URL: '' }, timeout: 30_000, encoding: 'utf8' },
  );
  const line = stdout.split('\n').find((l) => l.startsWith('FAKE_ELECTRON_REPORT '));
  if (!line) throw new Error(`no report from the built main bundle:\n${stdout}`);
  report = JSON.parse(line.slice('FAKE_ELECTRON_REPORT '.length)) as Report;
}, 120_000);

describe('the built main bundle', () => {
  it('opens one locked-down window with the CommonJS preload and the built page', () => {
    expect(report.windows).toHaveLength(1);
    expect(report.windows[0]!.webPreferences).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      preload: join(outDir, 'preload', 'index.cjs'),
    });
    expect(report.windows[0]!.preloadIsCommonJs).toBe(true);
    expect(report.windows[0]!.preloadPostsToWildcard).toBe(false);
    expect(report.loads).toEqual([{ file: join(outDir, 'renderer', 'index.html'), html: true }]);
  });

  it('hands the page a lab port on load and a fresh one on reload, never with a transfer list', () => {
    expect(report.ports).toEqual([
      { channel: 'virq:lab-port', message: null, count: 1 },
      { channel: 'virq:lab-port', message: null, count: 1 },
    ]);
    expect(report.transferListUsed).toBeUndefined();
  });

  it('relays to the lab worker, which serves the repo presets; bad requests are refused in main', () => {
    const [first, afterReload] = report.answers;
    const byId = new Map(first!.filter((a) => a.kind === 'response').map((a) => [a.id, a]));
    const presets = byId.get(1)!.result as { name: string }[];
    expect(presets.map((p) => p.name)).toEqual(readPresetDir(join(repo, 'resources', 'presets')).map((p) => p.name));
    expect(byId.get(2)).toMatchObject({ ok: false, error: expect.stringMatching(/^invalid request: method/) });
    expect(byId.get(3)).toMatchObject({ ok: true, result: { state: 'empty' } });
    // The reloaded page reuses id 1 and gets its own answer.
    expect(afterReload!.find((a) => a.kind === 'response')).toMatchObject({ id: 1, ok: true, result: { state: 'empty' } });
  });

  it('denies new windows, offers web links to the browser after asking, and blocks navigation away', () => {
    expect(report.windowOpen).toEqual(['deny', 'deny']);
    // Both web links asked; the user agreed to the first only (about:blank is not a web link: never asked).
    expect(report.asked).toEqual(['https://example.com/docs', 'https://evil.example/']);
    expect(report.external).toEqual(['https://example.com/docs']);
    expect(report.navigation).toEqual({ foreignPrevented: true, ownAllowed: true });
  });

  it('replaces the CSP header of its own pages only', () => {
    const own = report.csp.own?.responseHeaders ?? {};
    expect(Object.keys(own)).toEqual(['Content-Security-Policy']);
    expect(own['Content-Security-Policy']![0]).toMatch(/^default-src 'none'; script-src 'self';/);
    expect(report.csp.foreign).toEqual({});
  });

  it('has a menu with File (Open, Open Recent, Save) and Help > About, which opens the About box; quits cleanly, stopping the worker first', () => {
    expect(report.menu).toEqual(['File', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(report.fileMenu).toEqual(['New', 'Open…', 'Open Recent', 'separator', 'Save', 'Save As…', 'separator', 'quit']);
    expect(report.helpMenu).toEqual(['About vIRQ Lab']);
    expect(report.about).toBe('vIRQ Lab 0.0.0-fake');
    expect(report.quit).toBe(true);
  });

  it('runs a sweep with helper threads started from the built sweep chunk, to the same rows as without them', async () => {
    const chunks = join(outDir, 'main', 'chunks');
    const chunk = (prefix: string) => join(chunks, readdirSync(chunks).find((f) => f.startsWith(prefix))!);
    const presetDir = join(repo, 'resources', 'presets');
    const text = readPresetDir(presetDir).find((p) => p.name === 'intx-shared-line')!.text;
    const sweep = async (sweepWorkerPath?: string): Promise<SweepProgress> => {
      const w = new Worker(chunk('labWorker-'), { workerData: { presetDir, sweepWorkerPath } });
      try {
        const lab = new LabClient({ post: (m) => w.postMessage(m), listen: (fn) => { w.on('message', fn); } });
        await lab.call('sweep', { text, vary: ['devices[0].intxMasking=line,device', 'devices[1].rate=1000,50000'], seeds: 2, untilNs: 2_000_000 });
        for (;;) {
          const p = await lab.call('sweepProgress', undefined);
          if (p.state !== 'running') return p;
          await new Promise((r) => setTimeout(r, 20));
        }
      } finally {
        await w.terminate();
      }
    };
    const alone = await sweep();
    const helped = await sweep(chunk('sweepWorker-'));
    expect(alone, alone.error).toMatchObject({ state: 'done', helpers: 0 });
    expect(helped.state).toBe('done');
    expect(helped.helpers).toBeGreaterThan(0);
    expect(helped.runsByHelpers).toBeGreaterThan(0);
    expect(helped.csv).toBe(alone.csv);
  }, 60_000);
});
