import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { appOrigin, isAppUrl } from '../../src/main/security/appOrigin';
import { contentSecurityPolicy } from '../../src/main/security/csp';
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
