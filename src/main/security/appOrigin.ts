// What counts as the app's own pages: the renderer dev server in dev, the built renderer files otherwise.
import { sep } from 'node:path';
import { fileURLToPath } from 'node:url';

export type AppOrigin = { kind: 'dev'; origin: string } | { kind: 'file'; rendererDir: string };

export function appOrigin(devServerUrl: string | undefined, rendererDir: string): AppOrigin {
  return devServerUrl ? { kind: 'dev', origin: new URL(devServerUrl).origin } : { kind: 'file', rendererDir };
}

/** True for a URL the app itself serves (any page or asset of the renderer). */
export function isAppUrl(url: string, app: AppOrigin): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (app.kind === 'dev') return u.origin === app.origin;
  if (u.protocol !== 'file:') return false;
  const path = fileURLToPath(u);
  const dir = app.rendererDir.endsWith(sep) ? app.rendererDir : app.rendererDir + sep;
  return path.startsWith(dir);
}
