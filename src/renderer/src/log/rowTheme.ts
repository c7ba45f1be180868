// The painted log rows' colours and font, read from the page's CSS custom properties on the table's element: the
// same roles the DOM table used (so the light theme, which follows the system setting, applies to the canvas too).
import type { RowTheme } from './rowPainter';

/** Reads the theme as `el` sees it: its computed custom properties and its font. */
export function readRowTheme(el: Element): RowTheme {
  const css = getComputedStyle(el);
  const v = (name: string, fallback: string) => css.getPropertyValue(name).trim() || fallback;
  return {
    background: v('--bg-sunken', '#111418'),
    text: v('--text', '#d5dae1'),
    dim: v('--text-dim', '#8a93a0'),
    accent: v('--accent', '#5fa8ff'),
    strong: v('--text-strong', '#e6e9ee'),
    rule: v('--border-faint', '#1f232a'),
    hover: v('--bg-hover', '#252a33'),
    select: v('--bg-select', '#233247'),
    font: `${css.fontSize} ${css.fontFamily}`,
  };
}

/** Calls `fn` when the system switches between light and dark; returns the function that stops listening. */
export function onColourSchemeChange(fn: () => void): () => void {
  const query = window.matchMedia('(prefers-color-scheme: light)');
  query.addEventListener('change', fn);
  return () => query.removeEventListener('change', fn);
}
