// Which web permissions the app's pages get: writing to the clipboard (copy buttons), nothing else.
import { isAppUrl, type AppOrigin } from './appOrigin';

const ALLOWED = new Set(['clipboard-sanitized-write']);

export function allowPermission(permission: string, requestingUrl: string, app: AppOrigin): boolean {
  return ALLOWED.has(permission) && isAppUrl(requestingUrl, app);
}
