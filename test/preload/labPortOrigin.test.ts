// The preload posts the lab port to the app's own page only: never '*'.
import { describe, expect, it } from 'vitest';
import { labPortTargetOrigin } from '../../src/preload/labPortOrigin';

describe('labPortTargetOrigin', () => {
  it('addresses a built page (file://) as file://, and the dev server page by its origin', () => {
    expect(labPortTargetOrigin('file:///opt/virq/resources/app/out/renderer/index.html#/log')).toBe('file://');
    expect(labPortTargetOrigin('http://localhost:5173/')).toBe('http://localhost:5173');
    expect(labPortTargetOrigin('https://lab.example:8443/x?y')).toBe('https://lab.example:8443');
  });

  it('gives no target (so no port) for pages of other kinds, and never the wildcard', () => {
    for (const href of ['about:blank', 'data:text/html,hi', 'chrome-error://chromewebdata/', 'not a url', '']) {
      expect(labPortTargetOrigin(href), href).toBeNull();
    }
  });
});
