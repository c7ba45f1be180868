import { describe, expect, it } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate } from '../../src/main/menu';

const roles = (items: MenuItemConstructorOptions[]): string[] =>
  items.flatMap((i) => [...(i.role ? [i.role] : []), ...(Array.isArray(i.submenu) ? roles(i.submenu) : [])]);

describe('menuTemplate', () => {
  it('offers quit from a File menu except on macOS, where the app menu has it', () => {
    expect(roles(menuTemplate({ isMac: false, isDev: false }))).toContain('quit');
    expect(roles(menuTemplate({ isMac: true, isDev: false }))).toContain('appMenu');
    expect(roles(menuTemplate({ isMac: true, isDev: false }))).not.toContain('quit');
  });

  it('offers developer tools in dev only', () => {
    expect(roles(menuTemplate({ isMac: false, isDev: true }))).toContain('toggleDevTools');
    expect(roles(menuTemplate({ isMac: false, isDev: false }))).not.toContain('toggleDevTools');
  });
});
