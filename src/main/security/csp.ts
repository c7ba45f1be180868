// The Content-Security-Policy main adds to the app's own pages (on top of the renderer's meta tag).
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
