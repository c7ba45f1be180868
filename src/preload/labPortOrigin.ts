// The origin the preload posts the lab's MessagePort to: the app's own page, never '*' (which would hand the port to
// any frame that happens to be in the window). A page loaded from file:// is addressed as 'file://', the origin
// Chromium gives file pages in Electron; the dev server's page by its http origin. Anything else gets no port.
export function labPortTargetOrigin(href: string): string | null {
  let u: URL;
  try {
    u = new URL(href);
  } catch {
    return null;
  }
  if (u.protocol === 'file:') return 'file://';
  if (u.protocol === 'http:' || u.protocol === 'https:') return u.origin;
  return null;
}
