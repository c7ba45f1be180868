// The Content-Security-Policy main sets as a header on the app's own pages. src/renderer/index.html carries the same
// policy in its meta tag (for the web build, which has no main process), less the directives a meta tag cannot
// carry; test/main/security.test.ts holds the two equal.
/** Directives browsers ignore in a <meta> policy: they are sent only in the header. */
export const HEADER_ONLY_DIRECTIVES: readonly string[] = ['frame-ancestors', 'report-uri', 'sandbox'];

export function contentSecurityPolicy(opts: { devServerOrigin?: string }): string {
  const dev = opts.devServerOrigin;
  // Vite's dev server pushes HMR updates over a websocket on its own host.
  const connect = dev ? `'self' ${dev} ${dev.replace(/^http/, 'ws')}` : `'self'`;
  return [
    `default-src 'none'`,
    `script-src 'self'`,
    // Vue and the dev server inject <style> elements; styles cannot run code.
    `style-src 'self' 'unsafe-inline'`,
    `img-src 'self' data: blob:`,
    `font-src 'self' data:`,
    `connect-src ${connect}`,
    `worker-src 'self' blob:`,
    `object-src 'none'`,
    `base-uri 'none'`,
    `form-action 'none'`,
    `frame-ancestors 'none'`,
  ].join('; ');
}

/** The built page's policy as its meta tag must read: the header's, without the header-only directives. */
export function metaContentSecurityPolicy(): string {
  return contentSecurityPolicy({})
    .split('; ')
    .filter((d) => !HEADER_ONLY_DIRECTIVES.includes(d.split(' ')[0]!))
    .join('; ');
}
