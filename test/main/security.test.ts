// The window's security rules as plain functions: what counts as the app's own pages, the CSP (header and the
// page's meta tag, held equal), which web permissions are granted, and links that ask before leaving the app.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appOrigin, isAppUrl } from '../../src/main/security/appOrigin';
import { contentSecurityPolicy, HEADER_ONLY_DIRECTIVES, metaContentSecurityPolicy } from '../../src/main/security/csp';
import { externalLinkQuestion, linkAction, openExternalAfterAsking } from '../../src/main/security/externalLinks';
import { allowPermission } from '../../src/main/security/permissions';

const rendererDir = join('/opt', 'virq', 'out', 'renderer');

describe('isAppUrl', () => {
  it('in dev, accepts the dev server origin only', () => {
    const app = appOrigin('http://localhost:5173/', rendererDir);
    expect(isAppUrl('http://localhost:5173/', app)).toBe(true);
    expect(isAppUrl('http://localhost:5173/src/main.ts?t=1', app)).toBe(true);
    expect(isAppUrl('http://localhost:5174/', app)).toBe(false);
    expect(isAppUrl('https://localhost:5173/', app)).toBe(false);
    expect(isAppUrl('https://example.com/', app)).toBe(false);
    expect(isAppUrl(pathToFileURL(join(rendererDir, 'index.html')).href, app)).toBe(false);
  });

  it('when built, accepts files under the renderer directory only', () => {
    const app = appOrigin(undefined, rendererDir);
    expect(isAppUrl(pathToFileURL(join(rendererDir, 'index.html')).href + '#/log', app)).toBe(true);
    expect(isAppUrl(pathToFileURL(join(rendererDir, 'assets', 'index.js')).href, app)).toBe(true);
    expect(isAppUrl(pathToFileURL(rendererDir + '-evil/index.html').href, app)).toBe(false);
    expect(isAppUrl(pathToFileURL('/etc/passwd').href, app)).toBe(false);
    expect(isAppUrl('http://localhost:5173/', app)).toBe(false);
  });

  it('refuses what is not a URL', () => {
    expect(isAppUrl('not a url', appOrigin(undefined, rendererDir))).toBe(false);
  });
});

describe('contentSecurityPolicy', () => {
  const directives = (csp: string) => new Map(csp.split('; ').map((d) => [d.split(' ')[0], d.split(' ').slice(1)]));

  it('allows scripts only from the app itself, and no eval', () => {
    const d = directives(contentSecurityPolicy({}));
    expect(d.get('default-src')).toEqual(["'none'"]);
    expect(d.get('script-src')).toEqual(["'self'"]);
    expect(d.get('connect-src')).toEqual(["'self'"]);
    expect(d.get('object-src')).toEqual(["'none'"]);
    expect(contentSecurityPolicy({})).not.toMatch(/unsafe-eval/);
  });

  it('in dev, lets the page reach the dev server and its HMR socket', () => {
    const d = directives(contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' }));
    expect(d.get('connect-src')).toEqual(["'self'", 'http://localhost:5173', 'ws://localhost:5173']);
    expect(d.get('script-src')).toEqual(["'self'"]);
  });
});

describe('the page\'s meta CSP', () => {
  const indexHtml = readFileSync(fileURLToPath(new URL('../../src/renderer/index.html', import.meta.url)), 'utf8');
  const meta = /<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"/.exec(indexHtml)?.[1];

  it('is the header main sets, less the directives a meta tag cannot carry', () => {
    expect(meta).toBeDefined();
    expect(meta).toBe(metaContentSecurityPolicy());
    const header = contentSecurityPolicy({}).split('; ');
    const dropped = header.filter((d) => !meta!.split('; ').includes(d));
    expect(dropped.map((d) => d.split(' ')[0])).toEqual(HEADER_ONLY_DIRECTIVES.filter((h) => header.some((d) => d.startsWith(h + ' '))));
  });
});

describe('external links', () => {
  const app = appOrigin(undefined, rendererDir);
  const page = pathToFileURL(join(rendererDir, 'index.html')).href;

  it('asks about web links, keeps the app\'s own pages, refuses every other scheme', () => {
    expect(linkAction('https://www.kernel.org/doc/html/latest/', app)).toBe('ask');
    expect(linkAction('http://example.com/', app)).toBe('ask');
    expect(linkAction(page + '#/log', app)).toBe('app');
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'vscode://x', 'not a url']) {
      expect(linkAction(url, app), url).toBe('refuse');
    }
  });

  it('opens a web link only when the user picks "Open in browser", and names the link in the question', async () => {
    const opened: string[] = [];
    const questions: ReturnType<typeof externalLinkQuestion>[] = [];
    const open = async (u: string) => void opened.push(u);
    const answer = (button: number) => async (q: ReturnType<typeof externalLinkQuestion>) => (questions.push(q), button);
    expect(await openExternalAfterAsking('https://example.com/docs', answer(0), open)).toBe(true);
    expect(await openExternalAfterAsking('https://example.com/other', answer(1), open)).toBe(false);
    expect(opened).toEqual(['https://example.com/docs']);
    expect(questions[0]).toMatchObject({ detail: 'https://example.com/docs', buttons: ['Open in browser', 'Cancel'], defaultId: 1, cancelId: 1 });
  });

  it('never hands anything but http(s) to the browser, even when the answer is yes', async () => {
    const opened: string[] = [];
    let asked = 0;
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'ms-msdt:/id']) {
      expect(await openExternalAfterAsking(url, async () => (asked++, 0), async (u) => void opened.push(u))).toBe(false);
    }
    expect(opened).toEqual([]);
    expect(asked).toBe(0);
  });
});

describe('allowPermission', () => {
  const app = appOrigin(undefined, rendererDir);
  const page = pathToFileURL(join(rendererDir, 'index.html')).href;

  it('lets the app’s own page write to the clipboard, and nothing more', () => {
    expect(allowPermission('clipboard-sanitized-write', page, app)).toBe(true);
    for (const p of ['clipboard-read', 'media', 'notifications', 'geolocation', 'openExternal', 'fullscreen']) {
      expect(allowPermission(p, page, app), p).toBe(false);
    }
  });

  it('refuses even the clipboard to any other page', () => {
    expect(allowPermission('clipboard-sanitized-write', 'https://example.com/', app)).toBe(false);
    expect(allowPermission('clipboard-sanitized-write', '', app)).toBe(false);
  });
});
