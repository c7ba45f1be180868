// The theme follows the system: with a light colour scheme the page, the charts and the status bar are light and
// their text dark (contrast checked on the computed colours), with a dark one the dark theme as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSession, T, WAIT, type Session } from './session';

/** Relative luminance of an rgb() colour (WCAG). */
function luminance(css: string): number {
  const [r, g, b] = (css.match(/\d+(\.\d+)?/g) ?? ['0', '0', '0']).slice(0, 3).map((x) => Number(x) / 255).map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
const contrast = (a: string, b: string) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x! + 0.05) / (y! + 0.05); };

describe('theme follows the system setting', () => {
  let light: Session;
  beforeAll(async () => { light = await openSession({ colorScheme: 'light' }); }, T);
  afterAll(async () => { await light?.close(); });

  it('a light system gets light surfaces with readable text, charts included', async () => {
    await expect.poll(() => light.byId('view-compare').isVisible(), { timeout: WAIT }).toBe(true);
    // A string: the e2e tests compile without the DOM's types.
    const colours = await light.page.evaluate<{ bg: string; fg: string }>('({ bg: getComputedStyle(document.body).backgroundColor, fg: getComputedStyle(document.body).color })');
    expect(luminance(colours.bg)).toBeGreaterThan(0.8);
    expect(contrast(colours.bg, colours.fg)).toBeGreaterThan(7);
    await light.byId('compare-source').selectOption('msi-emulated');
    await light.byId('compare-run').click();
    await expect.poll(() => light.byId('compare-progress').getAttribute('data-state'), { timeout: WAIT }).toBe('done');
    await expect.poll(() => light.page.locator('[data-testid="compare-charts"] figure').count(), { timeout: WAIT }).toBe(4);
    await light.shot('theme-light-compare');
    await light.byId('nav-validation').click();
    await light.shot('theme-light-validation');
  }, T);

  it('logged no console errors', () => {
    expect(light.errors).toEqual([]);
  });
});
